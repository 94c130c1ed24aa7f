-- Active and adopting CSMs per ISO week, segment (the CSMs' segment_focus)
-- and tenure band: the one intermediate the weekly adoption marts
-- re-aggregate (by segment, by tenure band; macro rollup). A CSM is active
-- and an adopter as fct_csm_ai_usage_weekly decides ("CSM AI Adoption
-- Rate": at least var adoption_min_weekly_interactions AI-assisted
-- interactions in the week, approved tools only); the tenure band is taken
-- at the start of the week.
with csm_weeks as (

    select * from {{ ref('fct_csm_ai_usage_weekly') }}

),

final as (

    select
        week_start,
        week_end_date,
        report_month,
        is_complete_week,
        segment,
        tenure_band,
        cast(count(*) as {{ dbt.type_bigint() }}) as active_csms,
        cast(
            sum(case when is_adopter then 1 else 0 end)
            as {{ dbt.type_bigint() }}
        ) as adopting_csms,
        cast(
            sum(ai_assisted_interactions) as {{ dbt.type_bigint() }}
        ) as ai_assisted_interactions,
        cast(sum(shadow_ai_events) as {{ dbt.type_bigint() }})
            as shadow_ai_events,
        cast(
            sum(case when is_shadow_ai_user then 1 else 0 end)
            as {{ dbt.type_bigint() }}
        ) as shadow_ai_users

    from csm_weeks
    group by 1, 2, 3, 4, 5, 6

)

select * from final
