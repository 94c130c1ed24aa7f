{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_intercom',
) }}
-- Intercom conversation parts and events in the shape of the export
-- contract's helpdesk_messages (docs/raw_exports.md, every column text).
-- The opening message (the conversation's source, which Intercom keeps on
-- the conversation, not as a part) is the first message: for a
-- customer-initiated conversation, the first customer message. A comment is
-- a message (an assignment with a body too), a note an internal_note; a
-- reopen (fivetran_intercom__parts_classified: not an unsnooze) a reopened
-- event; the first assignment to a human after the AI agent's first reply
-- a handoff_to_human event. Close, snooze and unsnooze parts only set the
-- conversation's state and solve times.
with conversations as (

    select * from {{ ref('fivetran_intercom__conversations_latest') }}

),

parts as (

    select * from {{ ref('fivetran_intercom__parts_classified') }}

),

admins as (

    select * from {{ ref('fivetran_intercom__admins_classified') }}

),

handoffs as (

    select * from {{ ref('fivetran_intercom__handoffs') }}

),

source_rows as (

    select
        {{ dbt.concat(["'source:'", fivetran_text('conversations.id')]) }}
            as message_id,
        {{ fivetran_text('conversations.id') }} as ticket_id,
        conversations.created_at,
        case
            when
                lower(conversations.source_author_type) in (
                    'user', 'lead', 'contact'
                )
                then 'customer'
            when {{ fivetran_in_list(
                'lower(conversations.source_author_type)',
                var('intercom_ai_author_types'),
            ) }} then 'ai_agent'
            when
                lower(conversations.source_author_type) = 'admin'
                and admins.is_ai_agent
                then 'ai_agent'
            when lower(conversations.source_author_type) = 'admin' then 'agent'
            else 'system'
        end as author_role,
        {{ fivetran_text('conversations.source_author_id') }} as author_id,
        'message' as event_type,
        true as is_public,
        conversations.source_body as body,
        'conversation_history' as connector_table,
        {{ fivetran_intercom_version_key('conversations') }} as connector_key

    from conversations
    left join admins
        on
            {{ fivetran_text('conversations.source_author_id') }}
            = admins.admin_id

),

part_rows as (

    select
        {{ dbt.concat(["'part:'", 'part_id']) }} as message_id,
        conversation_id as ticket_id,
        created_at,
        author_role,
        author_id,
        case when part_type = 'note' then 'internal_note' else 'message' end
            as event_type,
        part_type != 'note' as is_public,
        body,
        'conversation_part_history' as connector_table,
        connector_key

    from parts
    where
        part_type in ('comment', 'note')
        or (part_type like '%assign%' and body is not null)

),

reopen_rows as (

    select
        {{ dbt.concat(["'reopen:'", 'part_id']) }} as message_id,
        conversation_id as ticket_id,
        created_at,
        'system' as author_role,
        cast(null as {{ dbt.type_string() }}) as author_id,
        'reopened' as event_type,
        false as is_public,
        cast(null as {{ dbt.type_string() }}) as body,
        'conversation_part_history' as connector_table,
        connector_key

    from parts
    where is_reopen

),

handoff_rows as (

    select
        {{ dbt.concat(["'handoff:'", 'conversation_id']) }} as message_id,
        conversation_id as ticket_id,
        handoff_at as created_at,
        'system' as author_role,
        cast(null as {{ dbt.type_string() }}) as author_id,
        'handoff_to_human' as event_type,
        false as is_public,
        cast(null as {{ dbt.type_string() }}) as body,
        'conversation_part_history' as connector_table,
        connector_key

    from handoffs

),

unioned as (

    select * from source_rows
    union all
    select * from part_rows
    union all
    select * from reopen_rows
    union all
    select * from handoff_rows

),

final as (

    {{ fivetran_contract_messages('unioned') }}

)

select * from final
