-- AI-assisted resolution rate per calendar month and account segment (seed
-- 000): "(CS interventions with documented AI involvement / Total CS
-- interventions in period) x 100", tracked monthly. An intervention counts
-- in the month it was opened; it is AI-assisted when a material AI event is
-- linked to it (fct_cs_interventions). Beside the rate: the segment's CSAT
-- and GRR that month, and a flag when the rate rose while either fell
-- ("A high rate with declining CSAT or GRR means AI is creating noise, not
-- value").
with interventions as (

    select * from {{ ref('fct_cs_interventions') }}

),

months as (

    select * from {{ ref('int_cs_reporting_months') }}

),

account_outcomes as (

    select * from {{ ref('int_account_outcomes_monthly') }}

),

benchmark_bands as (

    select * from {{ ref('benchmark_bands') }}
    where metric = 'ai_assisted_resolution_rate'

),

segments as (

    select distinct segment from interventions

),

month_segments as (

    select
        months.month_start,
        months.is_complete_month,
        segments.segment

    from months
    cross join segments

),

intervention_counts as (

    select
        opened_month as month_start,
        segment,
        count(*) as interventions,
        sum(case when is_ai_assisted then 1 else 0 end)
            as ai_assisted_interventions,
        sum(case when has_drafted then 1 else 0 end) as drafted_interventions,
        sum(case when has_surfaced_signal then 1 else 0 end)
            as surfaced_signal_interventions,
        sum(case when has_recommendation then 1 else 0 end)
            as recommendation_interventions,
        sum(case when has_autonomous_action then 1 else 0 end)
            as autonomous_action_interventions,
        sum(case when has_shadow_ai then 1 else 0 end)
            as shadow_ai_interventions

    from interventions
    group by 1, 2

),

segment_outcomes as (

    select
        month_start,
        segment,
        sum(csat_satisfied_answers) as csat_satisfied_answers,
        sum(csat_answers) as csat_answers,
        sum(renewals) as renewals,
        sum(renewal_arr_before_usd) as renewal_arr_before_usd,
        sum(renewal_arr_retained_usd) as renewal_arr_retained_usd,
        sum(renewal_arr_after_usd) as renewal_arr_after_usd

    from account_outcomes
    group by 1, 2

),

joined as (

    select
        month_segments.month_start,
        month_segments.segment,
        month_segments.is_complete_month,
        coalesce(intervention_counts.interventions, 0) as interventions,
        coalesce(intervention_counts.ai_assisted_interventions, 0)
            as ai_assisted_interventions,
        coalesce(intervention_counts.drafted_interventions, 0)
            as drafted_interventions,
        coalesce(intervention_counts.surfaced_signal_interventions, 0)
            as surfaced_signal_interventions,
        coalesce(intervention_counts.recommendation_interventions, 0)
            as recommendation_interventions,
        coalesce(intervention_counts.autonomous_action_interventions, 0)
            as autonomous_action_interventions,
        coalesce(intervention_counts.shadow_ai_interventions, 0)
            as shadow_ai_interventions,
        benchmark_bands.good_min_pct,
        benchmark_bands.great_min_pct,
        benchmark_bands.world_class_min_pct,
        coalesce(segment_outcomes.csat_satisfied_answers, 0)
            as csat_satisfied_answers,
        coalesce(segment_outcomes.csat_answers, 0) as csat_answers,
        coalesce(segment_outcomes.renewals, 0) as renewals,
        coalesce(segment_outcomes.renewal_arr_before_usd, 0)
            as renewal_arr_before_usd,
        coalesce(segment_outcomes.renewal_arr_retained_usd, 0)
            as renewal_arr_retained_usd,
        coalesce(segment_outcomes.renewal_arr_after_usd, 0)
            as renewal_arr_after_usd

    from month_segments
    left join intervention_counts
        on
            month_segments.month_start = intervention_counts.month_start
            and month_segments.segment = intervention_counts.segment
    left join segment_outcomes
        on
            month_segments.month_start = segment_outcomes.month_start
            and month_segments.segment = segment_outcomes.segment
    left join benchmark_bands
        on month_segments.segment = benchmark_bands.segment

),

rates as (

    select
        *,
        {{ rate_pct('ai_assisted_interventions', 'interventions') }}
            as ai_assisted_rate_pct,
        {{ rate_pct('csat_satisfied_answers', 'csat_answers') }} as csat_pct,
        {{ rate_pct('renewal_arr_retained_usd', 'renewal_arr_before_usd') }}
            as grr_pct,
        {{ rate_pct('renewal_arr_after_usd', 'renewal_arr_before_usd') }}
            as nrr_pct

    from joined

),

with_prior_month as (

    select
        *,
        lag(ai_assisted_rate_pct) over (
            partition by segment order by month_start
        ) as prior_ai_assisted_rate_pct,
        lag(csat_pct) over (
            partition by segment order by month_start
        ) as prior_csat_pct,
        lag(grr_pct) over (
            partition by segment order by month_start
        ) as prior_grr_pct

    from rates

),

final as (

    select
        month_start,
        segment,
        is_complete_month,
        cast(interventions as {{ dbt.type_bigint() }}) as interventions,
        cast(ai_assisted_interventions as {{ dbt.type_bigint() }})
            as ai_assisted_interventions,
        cast(ai_assisted_rate_pct as double) as ai_assisted_rate_pct,
        cast(drafted_interventions as {{ dbt.type_bigint() }})
            as drafted_interventions,
        cast(surfaced_signal_interventions as {{ dbt.type_bigint() }})
            as surfaced_signal_interventions,
        cast(recommendation_interventions as {{ dbt.type_bigint() }})
            as recommendation_interventions,
        cast(autonomous_action_interventions as {{ dbt.type_bigint() }})
            as autonomous_action_interventions,
        cast(shadow_ai_interventions as {{ dbt.type_bigint() }})
            as shadow_ai_interventions,
        cast(good_min_pct as double) as benchmark_good_min_pct,
        -- No band for a segment the benchmark seed does not list.
        case
            when good_min_pct is not null
                then {{ benchmark_band(
                    'ai_assisted_rate_pct',
                    'good_min_pct',
                    'great_min_pct',
                    'world_class_min_pct'
                ) }}
        end as benchmark_band,
        cast(csat_satisfied_answers as {{ dbt.type_bigint() }})
            as csat_satisfied_answers,
        cast(csat_answers as {{ dbt.type_bigint() }}) as csat_answers,
        cast(csat_pct as double) as csat_pct,
        cast(renewals as {{ dbt.type_bigint() }}) as renewals,
        cast(renewal_arr_before_usd as double) as renewal_arr_before_usd,
        cast(renewal_arr_retained_usd as double) as renewal_arr_retained_usd,
        cast(grr_pct as double) as grr_pct,
        cast(renewal_arr_after_usd as double) as renewal_arr_after_usd,
        cast(nrr_pct as double) as nrr_pct,
        cast(prior_ai_assisted_rate_pct as double)
            as prior_ai_assisted_rate_pct,
        cast(prior_csat_pct as double) as prior_csat_pct,
        cast(prior_grr_pct as double) as prior_grr_pct,
        coalesce(
            ai_assisted_rate_pct > prior_ai_assisted_rate_pct
            and (csat_pct < prior_csat_pct or grr_pct < prior_grr_pct),
            false
        ) as is_rate_up_outcomes_down

    from with_prior_month

)

select * from final
