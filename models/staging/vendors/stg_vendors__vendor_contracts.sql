with base as (

    select * from {{ ref('base_vendors__vendor_contracts') }}

),

final as (

    select
        contract_id,
        vendor,
        tool_id,
        effective_from,
        effective_to,
        price_per_resolution_usd,
        min_resolution_rate,
        min_csat_pct,
        penalty_pct

    from base
    where _is_staged

)

select * from final
