with base as (

    select * from {{ ref('base_crm__opportunities') }}

),

final as (

    select
        opportunity_id,
        account_id,
        created_at,
        closed_at,
        opportunity_type,
        stage,
        amount_usd,
        source_ticket_id,
        source_intervention_id

    from base
    where _is_staged

)

select * from final
