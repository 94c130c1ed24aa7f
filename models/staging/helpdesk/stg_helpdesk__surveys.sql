with base as (

    select * from {{ ref('base_helpdesk__surveys') }}

),

final as (

    select
        survey_id,
        ticket_id,
        responded_at,
        survey_type,
        score

    from base
    where _is_staged

)

select * from final
