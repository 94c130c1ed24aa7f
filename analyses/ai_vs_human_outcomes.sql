-- AI vs human outcomes after the rollout (var ai_rollout_date), side by
-- side. "Key Metrics That Matter": "AI-handled conversations should match
-- or exceed human CSAT"; "Support Automation Success Metrics": "Are
-- customers who primarily interact with automation
-- as likely to recommend your product as those who work with human
-- agents?". Every figure is a ratio of sums over the post-rollout period:
-- ticket outcomes compare the AI-only path with the human-only path;
-- cost compares true AI resolutions (full cost) with human resolutions;
-- retention compares accounts that had received AI support with those
-- that had not (association, not cause: see mart_retention_impact_
-- quarterly); revenue compares AI-involved interactions with the others.
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

cost_per_resolution as (

    select * from {{ ref('mart_cost_per_resolution_monthly') }}

),

retention as (

    select * from {{ ref('mart_retention_impact_quarterly') }}

),

revenue as (

    select * from {{ ref('mart_revenue_per_interaction_monthly') }}

),

post_tickets as (

    select
        *,
        case
            when resolution_path = 'ai_only' then 'ai'
            when resolution_path = 'human_only' then 'human'
        end as side

    from tickets
    where
        rollout_period = 'post_rollout'
        and resolution_path in ('ai_only', 'human_only')

),

ticket_sides as (

    select
        side,
        count(*) as tickets,
        sum(csat_satisfied_answers) as csat_satisfied_answers,
        sum(csat_answers) as csat_answers,
        sum(ces_score_sum) as ces_score_sum,
        sum(ces_answers) as ces_answers,
        sum(case when is_first_contact_resolution then 1 else 0 end)
            as first_contact_resolutions,
        count(is_first_contact_resolution) as tickets_judged_short_window,
        sum(case when is_repeat_contact_short_window then 1 else 0 end)
            as repeat_contacts_short_window,
        count(is_repeat_contact_short_window) as mature_tickets_short_window,
        sum(case when is_reopened then 1 else 0 end) as reopened_tickets,
        sum(case when is_solved then 1 else 0 end) as solved_tickets

    from post_tickets
    group by 1

),

ticket_outcomes as (

    select
        'csat_pct' as outcome,
        side,
        100.0 * csat_satisfied_answers
        / nullif(csat_answers, 0) as outcome_value
    from ticket_sides

    union all

    select
        'ces_avg_score' as outcome,
        side,
        1.0 * ces_score_sum / nullif(ces_answers, 0) as outcome_value
    from ticket_sides

    union all

    select
        'first_contact_resolution_rate_pct' as outcome,
        side,
        100.0 * first_contact_resolutions
        / nullif(tickets_judged_short_window, 0) as outcome_value
    from ticket_sides

    union all

    select
        'repeat_contact_rate_short_window_pct' as outcome,
        side,
        100.0 * repeat_contacts_short_window
        / nullif(mature_tickets_short_window, 0) as outcome_value
    from ticket_sides

    union all

    select
        'reopen_rate_pct' as outcome,
        side,
        100.0 * reopened_tickets / nullif(solved_tickets, 0) as outcome_value
    from ticket_sides

),

cost_outcomes as (

    select
        'cost_per_resolution_usd' as outcome,
        'ai' as side,
        sum(ai_full_cost_allocated_usd)
        / nullif(sum(true_ai_resolutions), 0) as outcome_value
    from cost_per_resolution
    where rollout_period = 'post_rollout'

    union all

    select
        'cost_per_resolution_usd' as outcome,
        'human' as side,
        sum(human_cost_allocated_usd)
        / nullif(sum(human_resolutions), 0) as outcome_value
    from cost_per_resolution
    where rollout_period = 'post_rollout'

),

retention_outcomes as (

    select
        'quarterly_churn_rate_pct' as outcome,
        case when has_ai then 'ai' else 'human' end as side,
        100.0 * sum(churned_accounts) / nullif(sum(accounts_at_risk), 0)
            as outcome_value
    from retention
    where
        comparison = 'ai_support'
        and quarter_start >= cast('{{ var("ai_rollout_date") }}' as date)
    group by 1, 2

    union all

    select
        'grr_pct' as outcome,
        case when has_ai then 'ai' else 'human' end as side,
        100.0 * sum(renewal_arr_retained_usd)
        / nullif(sum(renewal_arr_before_usd), 0) as outcome_value
    from retention
    where
        comparison = 'ai_support'
        and quarter_start >= cast('{{ var("ai_rollout_date") }}' as date)
    group by 1, 2

),

revenue_outcomes as (

    select
        {{ dbt.concat(["'revenue_per_'", 'interaction_source', "'_usd'"]) }}
            as outcome,
        case when is_ai_involved then 'ai' else 'human' end as side,
        sum(won_revenue_usd) / nullif(sum(interactions), 0) as outcome_value
    from revenue
    where month_start >= cast('{{ var("ai_rollout_date") }}' as date)
    group by 1, 2

),

outcomes as (

    select * from ticket_outcomes
    union all
    select * from cost_outcomes
    union all
    select * from retention_outcomes
    union all
    select * from revenue_outcomes

),

final as (

    select
        outcome,
        max(case when side = 'ai' then outcome_value end) as ai_value,
        max(case when side = 'human' then outcome_value end) as human_value,
        max(case when side = 'ai' then outcome_value end)
        - max(case when side = 'human' then outcome_value end)
            as ai_minus_human

    from outcomes
    group by 1

)

select * from final
order by 1
