with base as (

    select * from {{ ref('base_crm__accounts') }}

),

final as (

    select
        account_id,
        account_name,
        segment,
        owner_csm_id,
        industry,
        created_at,
        arr_usd,
        churned_at

    from base
    where _is_staged

)

select * from final
