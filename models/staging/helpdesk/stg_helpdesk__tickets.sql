with base as (

    select * from {{ ref('base_helpdesk__tickets') }}

),

final as (

    select
        ticket_id,
        requester_id,
        requester_email_hash,
        account_id,
        channel,
        category,
        priority,
        complexity,
        created_at,
        status,
        solved_at

    from base
    where _is_staged

)

select * from final
