with base as (

    select * from {{ ref('base_helpdesk__time_entries') }}

),

final as (

    select
        time_entry_id,
        ticket_id,
        agent_id,
        started_at,
        seconds

    from base
    where _is_staged

)

select * from final
