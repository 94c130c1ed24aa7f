-- Every helpdesk message with the flags the ticket rules read, decided here
-- once (docs/definitions.md, "Messages"): a public support reply is a
-- public `message` by the AI agent or a human agent; hand-offs, reopens,
-- out-of-scope events and internal notes are events, not replies. A view:
-- the flags cost nothing until a model reads them.
{{ config(materialized='view') }}

with messages as (

    select * from {{ ref('stg_helpdesk__messages') }}

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
        coalesce(
            author_role = 'ai_agent' and event_type = 'message' and is_public,
            false
        ) as is_ai_reply,
        coalesce(
            author_role = 'agent' and event_type = 'message' and is_public,
            false
        ) as is_human_reply,
        coalesce(
            author_role in ('ai_agent', 'agent')
            and event_type = 'message'
            and is_public,
            false
        ) as is_support_reply,
        coalesce(
            author_role = 'customer' and event_type = 'message', false
        ) as is_customer_message,
        coalesce(event_type = 'handoff_to_human', false) as is_handoff,
        coalesce(event_type = 'reopened', false) as is_reopen_event,
        coalesce(event_type = 'out_of_scope', false) as is_out_of_scope

    from messages

)

select * from final
