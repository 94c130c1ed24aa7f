-- CSM AI adoption rate per ISO week and segment (the CSMs' segment_focus).
-- Seed 002: "(CSMs with 3+ AI-assisted interactions in the week / Total
-- active CSMs) x 100", AI-assisted interactions counted on approved tools
-- only. Shadow AI ("Shadow IT usage inflates the number while hiding
-- compliance and PII risks") is reported beside it, never counted in it.
-- Every week from the data's first week to as_of's week has a row for every
-- segment, with no active CSM too (rate null).
with csm_weeks as (

    select * from {{ ref('fct_csm_ai_usage_weekly') }}

),

weeks as (

    select * from {{ ref('int_cs_reporting_weeks') }}

),

benchmark_bands as (

    select * from {{ ref('benchmark_bands') }}
    where metric = 'csm_ai_adoption_rate'

),

segments as (

    select distinct segment from csm_weeks

),

week_segments as (

    select
        weeks.week_start,
        weeks.week_end_date,
        weeks.report_month,
        weeks.is_complete_week,
        segments.segment

    from weeks
    cross join segments

),

segment_weeks as (

    select
        week_start,
        segment,
        count(*) as active_csms,
        sum(case when is_adopter then 1 else 0 end) as adopting_csms,
        sum(ai_assisted_interactions) as ai_assisted_interactions,
        sum(shadow_ai_events) as shadow_ai_events,
        sum(case when is_shadow_ai_user then 1 else 0 end) as shadow_ai_users

    from csm_weeks
    group by 1, 2

),

joined as (

    select
        week_segments.week_start,
        week_segments.week_end_date,
        week_segments.report_month,
        week_segments.is_complete_week,
        week_segments.segment,
        coalesce(segment_weeks.active_csms, 0) as active_csms,
        coalesce(segment_weeks.adopting_csms, 0) as adopting_csms,
        coalesce(segment_weeks.ai_assisted_interactions, 0)
            as ai_assisted_interactions,
        coalesce(segment_weeks.shadow_ai_events, 0) as shadow_ai_events,
        coalesce(segment_weeks.shadow_ai_users, 0) as shadow_ai_users,
        benchmark_bands.good_min_pct,
        benchmark_bands.great_min_pct,
        benchmark_bands.world_class_min_pct,
        {{ rate_pct(
            'segment_weeks.adopting_csms',
            'segment_weeks.active_csms'
        ) }}
            as adoption_rate_pct

    from week_segments
    left join segment_weeks
        on
            week_segments.week_start = segment_weeks.week_start
            and week_segments.segment = segment_weeks.segment
    left join benchmark_bands
        on week_segments.segment = benchmark_bands.segment

),

final as (

    select
        week_start,
        week_end_date,
        report_month,
        segment,
        is_complete_week,
        cast(active_csms as {{ dbt.type_bigint() }}) as active_csms,
        cast(adopting_csms as {{ dbt.type_bigint() }}) as adopting_csms,
        cast(adoption_rate_pct as double) as adoption_rate_pct,
        cast(good_min_pct as double) as benchmark_good_min_pct,
        case
            when good_min_pct is not null
                then {{ benchmark_band(
                    'adoption_rate_pct',
                    'good_min_pct',
                    'great_min_pct',
                    'world_class_min_pct'
                ) }}
        end as benchmark_band,
        cast(ai_assisted_interactions as {{ dbt.type_bigint() }})
            as ai_assisted_interactions,
        cast(shadow_ai_events as {{ dbt.type_bigint() }}) as shadow_ai_events,
        cast(shadow_ai_users as {{ dbt.type_bigint() }}) as shadow_ai_users

    from joined

)

select * from final
