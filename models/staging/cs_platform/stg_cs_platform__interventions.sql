with base as (

    select * from {{ ref('base_cs_platform__interventions') }}

),

final as (

    select
        intervention_id,
        account_id,
        csm_id,
        intervention_type,
        opened_at,
        closed_at,
        outcome

    from base
    where _is_staged

)

select * from final
