{{ config(enabled=var('helpdesk_source') == 'fivetran_zendesk') }}
-- Every comment (and, with var zendesk_using_ticket_chat, every messaging
-- ChatMessage) with its author's role: ai_agent (fivetran_zendesk__users_
-- classified, or a chat message whose source is one of var
-- zendesk_ai_agent_chat_sources, e.g. Zendesk's answer bot), agent (another
-- agent or admin), customer (an end-user, or an unknown author who is the
-- ticket's requester) or system (anyone else). Comments of deleted tickets
-- are left out (fivetran_zendesk__row_dispositions); a comment whose ticket
-- is outside the sync is kept (listed in fivetran_zendesk__warnings).
with comments as (

    select * from {{ source('fivetran_zendesk', 'ticket_comment') }}

),

tickets as (

    select * from {{ source('fivetran_zendesk', 'ticket') }}

),

users as (

    select * from {{ ref('fivetran_zendesk__users_classified') }}

),

deleted_tickets as (

    select * from {{ ref('fivetran_zendesk__deleted_tickets') }}

),

comment_messages as (

    select
        'ticket_comment' as connector_table,
        {{ fivetran_text('comments.id') }} as connector_key,
        {{ fivetran_text('comments.ticket_id') }} as ticket_id,
        comments.created as created_at,
        {{ fivetran_text('comments.user_id') }} as author_id,
        comments.public as is_public,
        comments.body,
        false as is_ai_chat_source

    from comments
    where not coalesce(comments._fivetran_deleted, false)

),

all_messages as (

    select * from comment_messages
    {%- if var('zendesk_using_ticket_chat') %}
        union all
        select
            'ticket_chat_event' as connector_table,
            connector_key,
            ticket_id,
            created_at,
            author_id,
            true as is_public,
            body,
            is_ai_chat_source
        from {{ ref('fivetran_zendesk__chat_events_classified') }}
        where is_message and ticket_id is not null
    {%- endif %}

),

final as (

    select
        all_messages.connector_table,
        all_messages.connector_key,
        all_messages.ticket_id,
        all_messages.created_at,
        all_messages.author_id,
        coalesce(all_messages.is_public, false) as is_public,
        all_messages.body,
        case
            when all_messages.is_ai_chat_source or authors.is_ai_agent
                then 'ai_agent'
            when authors.is_internal then 'agent'
            when authors.zendesk_role = 'end-user' then 'customer'
            when
                authors.user_id is null
                and all_messages.author_id
                = {{ fivetran_text('tickets.requester_id') }}
                then 'customer'
            else 'system'
        end as author_role,
        tickets.id is null as is_orphan,
        authors.user_id is null as is_unknown_author

    from all_messages
    left join tickets
        on all_messages.ticket_id = {{ fivetran_text('tickets.id') }}
    left join users as authors
        on all_messages.author_id = authors.user_id
    left join deleted_tickets
        on all_messages.ticket_id = deleted_tickets.ticket_id
    where deleted_tickets.ticket_id is null

)

select * from final
