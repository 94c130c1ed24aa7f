with base as (

    select * from {{ ref('base_finance__support_costs') }}

),

final as (

    select
        cost_line_id,
        cost_month,
        cost_type,
        channel,
        amount_usd

    from base
    where _is_staged

)

select * from final
