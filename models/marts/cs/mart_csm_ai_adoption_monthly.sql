-- CSM AI adoption per calendar month and segment ("CSM AI Adoption Rate":
-- "Track weekly during rollout, monthly once stable"), with the two checks
-- the article asks to read beside it.
-- Monthly rate = adopting CSM-weeks / active CSM-weeks over the ISO weeks
-- of the month (a week counts in the month holding its Thursday, see
-- int_cs_reporting_weeks): the weekly rate averaged with each week weighted
-- by its active CSMs, so it re-aggregates from its numerator and
-- denominator. The unweighted mean of the weekly rates is carried too.
-- Concentration: share of the month's AI-assisted interventions (opened in
-- the month) done by the top var concentration_top_csm_share (20 %) of the
-- segment's CSMs active in the month (hired on or before its last day, not
-- terminated before its first), ranked by AI-assisted interventions; CSMs
-- without any count in the population.
-- Fragile: "If AI-assisted resolution rate is high but adoption rate is
-- low, a small group is carrying the AI program; that's fragile and doesn't
-- scale": AI-assisted resolution at or above "good" while adoption is below
-- "good".
with csm_weeks as (

    select * from {{ ref('fct_csm_ai_usage_weekly') }}

),

weeks as (

    select * from {{ ref('int_cs_reporting_weeks') }}

),

months as (

    select * from {{ ref('int_cs_reporting_months') }}

),

csms as (

    select * from {{ ref('dim_csms') }}

),

tenure_weeks as (

    select * from {{ ref('int_csm_adoption_weekly') }}

),

intervention_counts as (

    select * from {{ ref('int_cs_interventions_counted_monthly') }}

),

resolution as (

    select * from {{ ref('mart_ai_assisted_resolution_monthly') }}

),

segments as (

    select distinct segment from csm_weeks

),

month_weeks as (

    select
        report_month as month_start,
        count(*) as reporting_weeks

    from weeks
    group by 1

),

month_segments as (

    select
        months.month_start,
        months.is_complete_month,
        coalesce(month_weeks.reporting_weeks, 0) as reporting_weeks,
        segments.segment

    from months
    cross join segments
    left join month_weeks
        on months.month_start = month_weeks.month_start

),

monthly_usage as (

    select
        report_month as month_start,
        segment,
        count(*) as active_csm_weeks,
        sum(case when is_adopter then 1 else 0 end) as adopting_csm_weeks,
        sum(ai_assisted_interactions) as ai_assisted_interactions,
        sum(shadow_ai_events) as shadow_ai_events,
        count(distinct case when is_shadow_ai_user then csm_id end)
            as shadow_ai_users

    from csm_weeks
    group by 1, 2

),

segment_weeks as (

    {{ rollup(
        'tenure_weeks',
        ['report_month', 'segment', 'week_start'],
        ['adopting_csms', 'active_csms'],
    ) }}

),

weekly_rates as (

    select
        report_month as month_start,
        segment,
        week_start,
        {{ rate_pct('adopting_csms', 'active_csms') }}
            as weekly_adoption_rate_pct

    from segment_weeks

),

average_weekly_rates as (

    select
        month_start,
        segment,
        avg(weekly_adoption_rate_pct) as avg_weekly_adoption_rate_pct

    from weekly_rates
    group by 1, 2

),

month_csms as (

    select
        months.month_start,
        csms.csm_id,
        csms.segment

    from csms
    inner join months
        on
            cast(csms.hired_at as date) <= months.month_end_date
            and (
                csms.terminated_at is null
                or cast(csms.terminated_at as date) >= months.month_start
            )

),

csm_month_interventions as (

    {{ rollup(
        'intervention_counts',
        ['month_start', 'csm_id'],
        ['ai_assisted_interventions'],
        where='csm_id is not null',
    ) }}

),

ranked_csms as (

    select
        month_csms.month_start,
        month_csms.segment,
        coalesce(csm_month_interventions.ai_assisted_interventions, 0)
            as ai_assisted_interventions,
        row_number() over (
            partition by month_csms.month_start, month_csms.segment
            order by
                coalesce(csm_month_interventions.ai_assisted_interventions, 0)
                desc,
                month_csms.csm_id
        ) as csm_rank,
        count(*) over (
            partition by month_csms.month_start, month_csms.segment
        ) as active_csms

    from month_csms
    left join csm_month_interventions
        on
            month_csms.month_start = csm_month_interventions.month_start
            and month_csms.csm_id = csm_month_interventions.csm_id

),

-- The top share is rounded up (20 % of 7 CSMs = 2 CSMs): never zero CSMs.
concentration as (

    select
        month_start,
        segment,
        max(active_csms) as active_csms,
        max(
            ceil({{ var('concentration_top_csm_share') }} * active_csms)
        ) as top_csms,
        sum(
            case
                when
                    csm_rank
                    <= ceil(
                        {{ var('concentration_top_csm_share') }} * active_csms
                    )
                    then ai_assisted_interventions
                else 0
            end
        ) as top_csm_ai_assisted_interventions,
        sum(ai_assisted_interventions) as csm_ai_assisted_interventions

    from ranked_csms
    group by 1, 2

),

joined as (

    select
        month_segments.month_start,
        month_segments.segment,
        month_segments.is_complete_month,
        month_segments.reporting_weeks,
        coalesce(monthly_usage.active_csm_weeks, 0) as active_csm_weeks,
        coalesce(monthly_usage.adopting_csm_weeks, 0) as adopting_csm_weeks,
        average_weekly_rates.avg_weekly_adoption_rate_pct,
        coalesce(monthly_usage.ai_assisted_interactions, 0)
            as ai_assisted_interactions,
        coalesce(monthly_usage.shadow_ai_events, 0) as shadow_ai_events,
        coalesce(monthly_usage.shadow_ai_users, 0) as shadow_ai_users,
        coalesce(concentration.active_csms, 0) as active_csms,
        coalesce(concentration.top_csms, 0) as top_csms,
        coalesce(concentration.top_csm_ai_assisted_interventions, 0)
            as top_csm_ai_assisted_interventions,
        coalesce(concentration.csm_ai_assisted_interventions, 0)
            as csm_ai_assisted_interventions,
        resolution.interventions,
        resolution.ai_assisted_interventions,
        resolution.ai_assisted_rate_pct,
        resolution.benchmark_band as ai_assisted_resolution_band,
        {{ catalog_rate(
            'adoption_rate_pct',
            'monthly_usage.adopting_csm_weeks',
            'monthly_usage.active_csm_weeks',
        ) }},
        {{ catalog_rate(
            'top_csm_share_pct',
            'concentration.top_csm_ai_assisted_interventions',
            'concentration.csm_ai_assisted_interventions',
        ) }}

    from month_segments
    left join monthly_usage
        on
            month_segments.month_start = monthly_usage.month_start
            and month_segments.segment = monthly_usage.segment
    left join average_weekly_rates
        on
            month_segments.month_start = average_weekly_rates.month_start
            and month_segments.segment = average_weekly_rates.segment
    left join concentration
        on
            month_segments.month_start = concentration.month_start
            and month_segments.segment = concentration.segment
    left join resolution
        on
            month_segments.month_start = resolution.month_start
            and month_segments.segment = resolution.segment

),

banded as (

    {{ with_benchmark_band(
        'joined', 'adoption_rate_pct', 'csm_ai_adoption_rate'
    ) }}

),

final as (

    select
        month_start,
        segment,
        is_complete_month,
        cast(
            {{ var('adoption_min_weekly_interactions') }}
            as {{ dbt.type_bigint() }}
        ) as adoption_min_weekly_interactions,
        cast(reporting_weeks as {{ dbt.type_bigint() }}) as reporting_weeks,
        cast(active_csm_weeks as {{ dbt.type_bigint() }}) as active_csm_weeks,
        cast(adopting_csm_weeks as {{ dbt.type_bigint() }})
            as adopting_csm_weeks,
        adoption_rate_pct,
        {{ rate_interval_columns('adoption_rate_pct') }},
        cast(avg_weekly_adoption_rate_pct as double)
            as avg_weekly_adoption_rate_pct,
        benchmark_good_min_pct,
        benchmark_band,
        cast(ai_assisted_interactions as {{ dbt.type_bigint() }})
            as ai_assisted_interactions,
        cast(shadow_ai_events as {{ dbt.type_bigint() }}) as shadow_ai_events,
        cast(shadow_ai_users as {{ dbt.type_bigint() }}) as shadow_ai_users,
        cast(active_csms as {{ dbt.type_bigint() }}) as active_csms,
        cast(top_csms as {{ dbt.type_bigint() }}) as top_csms,
        cast(top_csm_ai_assisted_interventions as {{ dbt.type_bigint() }})
            as top_csm_ai_assisted_interventions,
        cast(csm_ai_assisted_interventions as {{ dbt.type_bigint() }})
            as csm_ai_assisted_interventions,
        top_csm_share_pct,
        {{ rate_interval_columns('top_csm_share_pct') }},
        cast(interventions as {{ dbt.type_bigint() }}) as interventions,
        cast(ai_assisted_interventions as {{ dbt.type_bigint() }})
            as ai_assisted_interventions,
        ai_assisted_rate_pct,
        ai_assisted_resolution_band,
        coalesce(
            ai_assisted_resolution_band in ('good', 'great', 'world_class')
            and benchmark_band = 'below_good',
            false
        ) as is_fragile_ai_program

    from banded

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis=none) }}
