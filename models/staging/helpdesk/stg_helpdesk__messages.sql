with base as (

    select * from {{ ref('base_helpdesk__messages') }}

),

final as (

    select
        message_id,
        ticket_id,
        created_at,
        author_role,
        author_id,
        event_type,
        is_public,
        sentiment_score,
        topic,
        body

    from base
    where _is_staged

)

select * from final
