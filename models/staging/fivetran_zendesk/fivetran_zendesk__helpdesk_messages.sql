{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_zendesk',
) }}
-- Zendesk comments, messaging messages and ticket events in the shape of
-- the export contract's helpdesk_messages (docs/raw_exports.md, every
-- column text). A public comment is a message, a private one an
-- internal_note; a solved ticket set back to open is a reopened event; the
-- first assignment to a human after the AI agent's first reply is a
-- handoff_to_human event. Zendesk has no sentiment score or topic.
with comments as (

    select * from {{ ref('fivetran_zendesk__comments_classified') }}

),

status_changes as (

    select * from {{ ref('fivetran_zendesk__status_changes') }}

),

handoffs as (

    select * from {{ ref('fivetran_zendesk__handoffs') }}

),

deleted_tickets as (

    select * from {{ ref('fivetran_zendesk__deleted_tickets') }}

),

comment_rows as (

    select
        case
            when connector_table = 'ticket_comment'
                then {{ dbt.concat(["'comment:'", 'connector_key']) }}
            else {{ dbt.concat(["'chat:'", dbt.hash('connector_key')]) }}
        end as message_id,
        ticket_id,
        created_at,
        author_role,
        author_id,
        case when is_public then 'message' else 'internal_note' end
            as event_type,
        is_public,
        body,
        connector_table,
        connector_key

    from comments

),

reopen_rows as (

    select
        {{ dbt.concat([
            "'reopen:'", dbt.hash('status_changes.connector_key'),
        ]) }} as message_id,
        status_changes.ticket_id,
        status_changes.changed_at as created_at,
        'system' as author_role,
        cast(null as {{ dbt.type_string() }}) as author_id,
        'reopened' as event_type,
        false as is_public,
        cast(null as {{ dbt.type_string() }}) as body,
        'ticket_field_history' as connector_table,
        status_changes.connector_key

    from status_changes
    left join deleted_tickets
        on status_changes.ticket_id = deleted_tickets.ticket_id
    where status_changes.is_reopen and deleted_tickets.ticket_id is null

),

handoff_rows as (

    select
        {{ dbt.concat(["'handoff:'", 'handoffs.ticket_id']) }} as message_id,
        handoffs.ticket_id,
        handoffs.handoff_at as created_at,
        'system' as author_role,
        cast(null as {{ dbt.type_string() }}) as author_id,
        'handoff_to_human' as event_type,
        false as is_public,
        cast(null as {{ dbt.type_string() }}) as body,
        'ticket_field_history' as connector_table,
        handoffs.connector_key

    from handoffs

),

unioned as (

    select * from comment_rows
    union all
    select * from reopen_rows
    union all
    select * from handoff_rows

),

final as (

    {{ fivetran_contract_messages('unioned') }}

)

select * from final
