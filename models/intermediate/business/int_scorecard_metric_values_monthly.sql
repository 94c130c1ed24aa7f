-- The monthly value of every metric the balanced scorecard shows, one row
-- per month and metric, read from the marts that define them so that a
-- scorecard value is by construction the value a BI tool reads in the
-- metric's own mart (one definition, one place). The scorecard is a mart of
-- marts: this model is its collection step, not a new definition.
--
-- Each metric is carried as numerator and denominator (summed over the
-- mart's other dimensions, then divided: never an average of rates) and a
-- multiplier: value = multiplier x numerator / denominator (100 for a
-- percent, 1 for money, seconds and scores). Metric names are the `metric`
-- keys of seeds/reference/metric_catalog.csv.
with cost_per_resolution as (

    select * from {{ ref('mart_cost_per_resolution_monthly') }}

),

automation_resolution as (

    select * from {{ ref('mart_automation_resolution_monthly') }}

),

repeat_contacts as (

    select * from {{ ref('mart_repeat_contacts_monthly') }}

),

customer_experience as (

    select * from {{ ref('mart_customer_experience_monthly') }}

),

escalation_quality as (

    select * from {{ ref('mart_escalation_quality_monthly') }}

),

answer_quality as (

    select * from {{ ref('mart_ai_answer_quality_monthly') }}

),

tickets as (

    select * from {{ ref('fct_tickets') }}

),

ticket_deflection as (

    select * from {{ ref('mart_ticket_deflection_monthly') }}

),

revenue_per_interaction as (

    select * from {{ ref('mart_revenue_per_interaction_monthly') }}

),

vendor_pay_for_performance as (

    select * from {{ ref('mart_vendor_pay_for_performance_monthly') }}

),

ai_assisted_resolution as (

    select * from {{ ref('mart_ai_assisted_resolution_monthly') }}

),

csm_ai_adoption as (

    select * from {{ ref('mart_csm_ai_adoption_monthly') }}

),

cost_values as (

    select
        month_start,
        'human_cost_per_resolution_usd' as metric,
        human_cost_allocated_usd as numerator,
        human_resolutions as denominator,
        1 as multiplier
    from cost_per_resolution

    union all

    select
        month_start,
        'ai_full_cost_per_resolution_usd' as metric,
        ai_full_cost_allocated_usd as numerator,
        true_ai_resolutions as denominator,
        1 as multiplier
    from cost_per_resolution

    union all

    select
        month_start,
        'ai_marginal_cost_per_resolution_usd' as metric,
        ai_marginal_cost_usd as numerator,
        true_ai_resolutions as denominator,
        1 as multiplier
    from cost_per_resolution

    union all

    select
        month_start,
        'blended_cost_per_resolution_usd' as metric,
        total_cost_usd as numerator,
        total_resolutions as denominator,
        1 as multiplier
    from cost_per_resolution

),

automation_monthly as (

    select
        ticket_month as month_start,
        sum(tickets) as tickets,
        sum(claimed_ai_resolutions) as claimed_ai_resolutions,
        sum(tickets_judged_7d) as tickets_judged_7d,
        sum(claimed_ai_resolutions_judged_7d)
            as claimed_ai_resolutions_judged_7d,
        sum(true_ai_resolutions) as true_ai_resolutions,
        sum(first_contact_resolutions) as first_contact_resolutions

    from automation_resolution
    group by 1

),

automation_values as (

    select
        month_start,
        'true_ai_resolution_rate_pct' as metric,
        true_ai_resolutions as numerator,
        tickets_judged_7d as denominator,
        100 as multiplier
    from automation_monthly

    union all

    select
        month_start,
        'claimed_ai_resolution_rate_pct' as metric,
        claimed_ai_resolutions as numerator,
        tickets as denominator,
        100 as multiplier
    from automation_monthly

    union all

    select
        month_start,
        'ai_resolution_overcount_pct' as metric,
        claimed_ai_resolutions_judged_7d - true_ai_resolutions as numerator,
        claimed_ai_resolutions_judged_7d as denominator,
        100 as multiplier
    from automation_monthly

    union all

    select
        month_start,
        'first_contact_resolution_rate_pct' as metric,
        first_contact_resolutions as numerator,
        tickets_judged_7d as denominator,
        100 as multiplier
    from automation_monthly

),

repeat_values as (

    select
        solved_month as month_start,
        'repeat_contact_rate_7d_pct' as metric,
        sum(repeat_contacts_7d) as numerator,
        sum(mature_tickets_7d) as denominator,
        100 as multiplier
    from repeat_contacts
    group by 1

    union all

    select
        solved_month as month_start,
        'repeat_contact_rate_14d_pct' as metric,
        sum(repeat_contacts_14d) as numerator,
        sum(mature_tickets_14d) as denominator,
        100 as multiplier
    from repeat_contacts
    group by 1

),

experience_values as (

    select
        ticket_month as month_start,
        'csat_pct' as metric,
        sum(csat_satisfied_answers) as numerator,
        sum(csat_answers) as denominator,
        100 as multiplier
    from customer_experience
    group by 1

    union all

    select
        ticket_month as month_start,
        'ai_csat_pct' as metric,
        sum(csat_satisfied_answers) as numerator,
        sum(csat_answers) as denominator,
        100 as multiplier
    from customer_experience
    where resolution_path = 'ai_only'
    group by 1

    union all

    select
        ticket_month as month_start,
        'ces_avg_score' as metric,
        sum(ces_score_sum) as numerator,
        sum(ces_answers) as denominator,
        1 as multiplier
    from customer_experience
    group by 1

    union all

    select
        ticket_month as month_start,
        'nps' as metric,
        sum(nps_promoter_answers) - sum(nps_detractor_answers) as numerator,
        sum(nps_answers) as denominator,
        100 as multiplier
    from customer_experience
    group by 1

    union all

    select
        ticket_month as month_start,
        'deteriorating_sentiment_pct' as metric,
        sum(deteriorating_sentiment_tickets) as numerator,
        sum(sentiment_tickets) as denominator,
        100 as multiplier
    from customer_experience
    group by 1

),

quality_values as (

    select
        ticket_month as month_start,
        'escalation_quality_rate_pct' as metric,
        sum(quality_handoffs) as numerator,
        sum(reviewed_handoffs) as denominator,
        100 as multiplier
    from escalation_quality
    group by 1

    union all

    select
        ticket_month as month_start,
        'hallucination_rate_pct' as metric,
        sum(hallucinated_answers) as numerator,
        sum(reviewed_answers) as denominator,
        100 as multiplier
    from answer_quality
    group by 1

    union all

    select
        ticket_month as month_start,
        'policy_violation_rate_pct' as metric,
        sum(policy_violating_answers) as numerator,
        sum(reviewed_answers) as denominator,
        100 as multiplier
    from answer_quality
    group by 1

),

-- First response and handle time per month the ticket was created, on the
-- same fct_tickets columns mart_response_handle_time_rollout_period
-- averages per rollout period.
ticket_times_monthly as (

    select
        ticket_month as month_start,
        sum(ai_first_response_seconds) as ai_first_response_seconds_sum,
        count(ai_first_response_seconds) as ai_answered_tickets,
        sum(human_first_response_seconds)
            as human_first_response_seconds_sum,
        count(human_first_response_seconds) as human_answered_tickets,
        sum(handle_seconds) as handle_seconds_sum,
        count(handle_seconds) as handled_tickets

    from tickets
    group by 1

),

-- The handle-time baseline of mart_response_handle_time_rollout_period:
-- every worked ticket created before ai_rollout_date.
handle_time_baseline as (

    select
        case
            when count(handle_seconds) > 0
                then cast(sum(handle_seconds) as double) / count(handle_seconds)
        end as baseline_avg_handle_seconds

    from tickets
    where rollout_period = 'pre_rollout'

),

time_values as (

    select
        month_start,
        'avg_ai_first_response_seconds' as metric,
        ai_first_response_seconds_sum as numerator,
        ai_answered_tickets as denominator,
        1 as multiplier
    from ticket_times_monthly

    union all

    select
        month_start,
        'avg_human_first_response_seconds' as metric,
        human_first_response_seconds_sum as numerator,
        human_answered_tickets as denominator,
        1 as multiplier
    from ticket_times_monthly

    union all

    -- 100 x (baseline - month average) / baseline: numerator is the
    -- seconds saved per worked ticket, denominator the baseline average.
    select
        ticket_times_monthly.month_start,
        'handle_time_reduction_pct' as metric,
        case
            when ticket_times_monthly.handled_tickets > 0
                then
                    handle_time_baseline.baseline_avg_handle_seconds
                    - cast(ticket_times_monthly.handle_seconds_sum as double)
                    / ticket_times_monthly.handled_tickets
        end as numerator,
        handle_time_baseline.baseline_avg_handle_seconds as denominator,
        100 as multiplier
    from ticket_times_monthly
    cross join handle_time_baseline

),

business_values as (

    select
        month_start,
        'tickets_per_active_account' as metric,
        sum(tickets) as numerator,
        sum(active_accounts) as denominator,
        1 as multiplier
    from ticket_deflection
    group by 1

    union all

    select
        month_start,
        'revenue_per_interaction_usd' as metric,
        sum(won_revenue_usd) as numerator,
        sum(interactions) as denominator,
        1 as multiplier
    from revenue_per_interaction
    group by 1

    union all

    select
        month_start,
        'verified_resolution_rate_pct' as metric,
        sum(verified_resolutions) as numerator,
        sum(ai_handled_tickets_judged_7d) as denominator,
        100 as multiplier
    from vendor_pay_for_performance
    group by 1

    union all

    select
        month_start,
        'ai_assisted_rate_pct' as metric,
        sum(ai_assisted_interventions) as numerator,
        sum(interventions) as denominator,
        100 as multiplier
    from ai_assisted_resolution
    group by 1

    union all

    select
        month_start,
        'adoption_rate_pct' as metric,
        sum(adopting_csm_weeks) as numerator,
        sum(active_csm_weeks) as denominator,
        100 as multiplier
    from csm_ai_adoption
    group by 1

),

unioned as (

    select * from cost_values
    union all
    select * from automation_values
    union all
    select * from repeat_values
    union all
    select * from experience_values
    union all
    select * from quality_values
    union all
    select * from time_values
    union all
    select * from business_values

),

final as (

    select
        month_start,
        metric,
        cast(numerator as double) as numerator,
        cast(denominator as double) as denominator,
        cast(multiplier as double) as multiplier,
        cast(
            case
                when denominator > 0
                    then multiplier * numerator / denominator
            end as double
        ) as metric_value

    from unioned
    where month_start is not null

)

select * from final
