{{ config(
    enabled=var('helpdesk_source') == 'fivetran_zendesk'
    and var('zendesk_using_ticket_chat'),
) }}
-- Every messaging event (ticket_chat_event, read when var
-- zendesk_using_ticket_chat is true, as dbt_zendesk's using_ticket_chat)
-- with its ticket (through ticket_chat) and whether it is a message
-- (type ChatMessage) written by the AI agent: a message whose
-- original_message names one of var zendesk_ai_agent_chat_sources as its
-- source (Zendesk's answer bot writes source type 'zd:answerBot').
with chats as (

    select * from {{ source('fivetran_zendesk', 'ticket_chat') }}

),

chat_events as (

    select * from {{ source('fivetran_zendesk', 'ticket_chat_event') }}

),

final as (

    select
        {{ fivetran_zendesk_chat_key('chat_events') }} as connector_key,
        {{ fivetran_text('chats.ticket_id') }} as ticket_id,
        chat_events.type as event_type,
        coalesce(chat_events.type = 'ChatMessage', false) as is_message,
        chat_events.created_at,
        -- 'agent:123' and '123' are both user 123; '__system' and
        -- '__trigger' are Zendesk itself.
        replace(chat_events.actor_id, 'agent:', '') as author_id,
        chat_events.message as body,
        coalesce(
            {%- for chat_source in var('zendesk_ai_agent_chat_sources') %}
                chat_events.original_message
                like {{ fivetran_sql_string('%' ~ chat_source ~ '%') }}
                or
            {%- endfor %}
            false,
            false
        ) as is_ai_chat_source

    from chat_events
    left join chats
        on chat_events.chat_id = chats.chat_id

)

select * from final
