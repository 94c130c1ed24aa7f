with base as (

    select * from {{ ref('base_crm__renewals') }}

),

final as (

    select
        renewal_id,
        account_id,
        renewal_date,
        arr_before_usd,
        arr_after_usd,
        outcome

    from base
    where _is_staged

)

select * from final
