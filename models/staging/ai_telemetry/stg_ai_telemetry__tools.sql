with base as (

    select * from {{ ref('base_ai_telemetry__tools') }}

),

final as (

    select
        tool_id,
        tool_name,
        vendor,
        is_approved,
        approved_at,
        retired_at

    from base
    where _is_staged

)

select * from final
