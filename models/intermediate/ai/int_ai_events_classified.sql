-- Material AI involvement, decided once for every AI event
-- (docs/definitions.md; "AI-Assisted Resolution Rate": "AI
-- played a material role in the outcome, including drafting the response,
-- surfacing the risk signal, generating the recommendation, or taking a
-- bounded autonomous action"). Every metric that asks "did AI materially
-- help?" reads this model; no other model re-derives it.
--
-- Incremental on DuckDB (README "Incremental builds"): one row per event, so
-- a run re-classifies only the events whose raw rows base_ai_telemetry__events
-- re-staged (its window, widened to this model's own watermark) and replaces
-- them by event_id. A change to ai_tools (an approval date corrected) needs
-- a --full-refresh.
-- depends_on: {{ ref('base_ai_telemetry__events') }}
{{ config(
    materialized='incremental' if target.type == 'duckdb' else 'table',
    incremental_strategy='delete+insert',
    unique_key='event_id',
    on_schema_change='fail',
) }}

with ai_events as (

    select *
    from {{ ref('stg_ai_telemetry__events') }}
    {%- if is_incremental() %}
        where event_id in (
            select base._incremental_key
            from {{ ref('base_ai_telemetry__events') }} as base
            where
                base._incremental_at is null
                or base._incremental_at >= (
                    select
                        {{ dbt.dateadd(
                            'day',
                            -1 * var('incremental_lookback_days'),
                            'max(occurred_at)',
                        ) }}
                    from {{ this }}
                )
        )
    {%- endif %}

),

ai_tools as (

    select * from {{ ref('stg_ai_telemetry__tools') }}

),

events_with_tools as (

    select
        ai_events.event_id,
        ai_events.occurred_at,
        ai_events.tool_id,
        ai_tools.tool_name,
        ai_tools.vendor,
        ai_events.user_id,
        ai_events.ticket_id,
        ai_events.intervention_id,
        ai_events.event_type,
        ai_events.ai_output_chars,
        ai_events.retained_ratio,
        -- "CSM AI Adoption Rate": only approved tools count, and only while
        -- approved: an
        -- event before approved_at or from retired_at on is not. An
        -- approved tool with no approval date counts as always approved.
        coalesce(
            ai_tools.is_approved
            and (
                ai_tools.approved_at is null
                or ai_tools.approved_at <= ai_events.occurred_at
            )
            and (
                ai_tools.retired_at is null
                or ai_events.occurred_at < ai_tools.retired_at
            ),
            false
        ) as is_tool_approved_at_event

    from ai_events
    left join ai_tools
        on ai_events.tool_id = ai_tools.tool_id

),

classified as (

    select
        *,
        -- "AI-Assisted Resolution Rate": "Counting AI tool usage (e.g., CSM
        -- opened the copilot)
        -- instead of AI-materially-influenced outcomes" and "output
        -- completely rewritten" are the mistakes this rule avoids.
        case
            when not is_tool_approved_at_event then null
            when
                event_type = 'draft_sent'
                and retained_ratio
                >= {{ var('material_ai_min_retained_ratio') }}
                then 'drafted'
            when event_type = 'signal_surfaced' then 'surfaced_signal'
            when event_type = 'recommendation_accepted' then 'recommendation'
            when event_type = 'autonomous_action' then 'autonomous_action'
        end as involvement_type,
        not is_tool_approved_at_event as is_shadow_ai,
        user_id is null as is_autonomous,
        {{ iso_week_start('occurred_at') }} as event_week_start,
        {{ month_start('occurred_at') }} as event_month

    from events_with_tools

),

final as (

    select
        event_id,
        occurred_at,
        event_week_start,
        event_month,
        tool_id,
        tool_name,
        vendor,
        user_id,
        ticket_id,
        intervention_id,
        event_type,
        ai_output_chars,
        retained_ratio,
        is_tool_approved_at_event,
        is_shadow_ai,
        is_autonomous,
        involvement_type is not null as is_material,
        involvement_type

    from classified

)

select * from final
