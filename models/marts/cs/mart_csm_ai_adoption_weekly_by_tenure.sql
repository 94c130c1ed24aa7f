-- CSM AI adoption rate per ISO week, segment and tenure band (seed 002:
-- "Not segmenting by CSM tenure" is a common mistake; "Newer CSMs
-- typically adopt AI faster; senior CSMs may need different use cases to
-- see value"). Same definition as mart_csm_ai_adoption_weekly; a CSM's
-- tenure band is taken at the start of the week. One row per week, segment
-- and band with at least one active CSM.
with csm_weeks as (

    select * from {{ ref('fct_csm_ai_usage_weekly') }}

),

benchmark_bands as (

    select * from {{ ref('benchmark_bands') }}
    where metric = 'csm_ai_adoption_rate'

),

tenure_weeks as (

    select
        week_start,
        week_end_date,
        report_month,
        is_complete_week,
        segment,
        tenure_band,
        count(*) as active_csms,
        sum(case when is_adopter then 1 else 0 end) as adopting_csms,
        sum(ai_assisted_interactions) as ai_assisted_interactions,
        sum(shadow_ai_events) as shadow_ai_events,
        sum(case when is_shadow_ai_user then 1 else 0 end) as shadow_ai_users

    from csm_weeks
    group by 1, 2, 3, 4, 5, 6

),

joined as (

    select
        tenure_weeks.*,
        benchmark_bands.good_min_pct,
        benchmark_bands.great_min_pct,
        benchmark_bands.world_class_min_pct,
        {{ rate_pct('tenure_weeks.adopting_csms', 'tenure_weeks.active_csms') }}
            as adoption_rate_pct

    from tenure_weeks
    left join benchmark_bands
        on tenure_weeks.segment = benchmark_bands.segment

),

final as (

    select
        week_start,
        week_end_date,
        report_month,
        segment,
        tenure_band,
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
