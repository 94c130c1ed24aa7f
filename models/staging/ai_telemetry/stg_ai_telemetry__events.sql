with base as (

    select * from {{ ref('base_ai_telemetry__events') }}

),

final as (

    select
        event_id,
        occurred_at,
        tool_id,
        user_id,
        ticket_id,
        intervention_id,
        event_type,
        ai_output_chars,
        retained_ratio

    from base
    where _is_staged

)

select * from final
