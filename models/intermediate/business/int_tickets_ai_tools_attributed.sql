-- Which AI tool answered a ticket: one row per ticket and AI agent that
-- posted a public reply on it. The helpdesk records the AI agent's tool id
-- as the author of its messages, so a reply's author_id is the tool a
-- vendor contract (stg_vendors__vendor_contracts.tool_id) bills for. A reply
-- without an author cannot be attributed and is left out.
with messages as (

    select * from {{ ref('int_helpdesk_messages_classified') }}

),

ai_replies as (

    select
        ticket_id,
        author_id as tool_id,
        created_at

    from messages
    where
        is_ai_reply
        and ticket_id is not null
        and author_id is not null

),

final as (

    select
        ticket_id,
        tool_id,
        cast(count(*) as {{ dbt.type_bigint() }}) as ai_public_replies,
        min(created_at) as first_ai_reply_at

    from ai_replies
    group by 1, 2

)

select * from final
