-- One row: when the data ends (the cut-off as_of), how old it may get before
-- a reader should call it stale, and the rollout dates that split it into
-- pre-AI, pilot and post-rollout. Published with the marts so a dashboard
-- (scripts/build_dashboard.py: the "data as of" banner, the pilot shading)
-- reads them instead of repeating the vars.
with data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

rollout_periods as (

    select * from {{ ref('int_ai_rollout_periods') }}

),

final as (

    select
        data_cutoff.as_of_at,
        data_cutoff.as_of_source,
        data_cutoff.data_start_at,
        -- The export freshness thresholds (audit_source_freshness) also say
        -- when the data as a whole has aged too much: as_of older than this
        -- many days before a page is built means a stale page.
        cast(
            {{ var('freshness_warn_after_days') }} as {{ dbt.type_bigint() }}
        ) as stale_after_days,
        cast(
            {{ var('freshness_error_after_days') }} as {{ dbt.type_bigint() }}
        ) as very_stale_after_days,
        rollout_periods.ai_pilot_start_at,
        rollout_periods.ai_rollout_at

    from data_cutoff
    cross join rollout_periods

)

select * from final
