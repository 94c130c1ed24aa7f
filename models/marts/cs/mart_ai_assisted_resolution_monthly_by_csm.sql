-- AI-assisted resolution rate per calendar month and CSM (seed 000:
-- "Compare AI-assisted vs. unassisted outcomes by CSM and account segment
-- to identify where AI adds the most value"). Same definition as
-- mart_ai_assisted_resolution_monthly: interventions opened in the month by
-- the CSM (csm_id), AI-assisted when a material AI event is linked to the
-- intervention. One row per CSM and month with at least one intervention;
-- interventions without a CSM are left out. The band uses the CSM's
-- segment_focus.
with interventions as (

    select * from {{ ref('fct_cs_interventions') }}

),

csms as (

    select * from {{ ref('dim_csms') }}

),

months as (

    select * from {{ ref('int_cs_reporting_months') }}

),

benchmark_bands as (

    select * from {{ ref('benchmark_bands') }}
    where metric = 'ai_assisted_resolution_rate'

),

csm_month_counts as (

    select
        opened_month as month_start,
        csm_id,
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
    where csm_id is not null
    group by 1, 2

),

joined as (

    select
        csm_month_counts.*,
        months.is_complete_month,
        coalesce(csms.segment, 'Unknown') as segment,
        csms.team,
        {{ tenure_band('csms.hired_at', 'csm_month_counts.month_start') }}
            as tenure_band,
        benchmark_bands.good_min_pct,
        benchmark_bands.great_min_pct,
        benchmark_bands.world_class_min_pct,
        {{ rate_pct('ai_assisted_interventions', 'interventions') }}
            as ai_assisted_rate_pct

    from csm_month_counts
    left join months
        on csm_month_counts.month_start = months.month_start
    left join csms
        on csm_month_counts.csm_id = csms.csm_id
    left join benchmark_bands
        on csms.segment = benchmark_bands.segment

),

final as (

    select
        month_start,
        csm_id,
        segment,
        team,
        tenure_band,
        coalesce(is_complete_month, false) as is_complete_month,
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
        case
            when good_min_pct is not null
                then {{ benchmark_band(
                    'ai_assisted_rate_pct',
                    'good_min_pct',
                    'great_min_pct',
                    'world_class_min_pct'
                ) }}
        end as benchmark_band

    from joined

)

select * from final
