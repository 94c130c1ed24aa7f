{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_zendesk',
) }}
-- Every row of a mapped Zendesk connector table that does NOT become a row
-- of the contract, and why: 'excluded' (left out on purpose: deleted) or
-- 'not_used' (read for facts only, e.g. a status change that sets solve
-- times, or not an entity the contract holds, e.g. an end-user).
-- fivetran_zendesk__row_accounting adds these to the mapped rows and
-- checks they account for every raw row. Lookup tables (group, brand,
-- ticket_tag, organization_tag, ticket_chat) are read, not mapped.
with comments as (

    select * from {{ source('fivetran_zendesk', 'ticket_comment') }}

),

history as (

    select * from {{ source('fivetran_zendesk', 'ticket_field_history') }}

),

users as (

    select * from {{ ref('fivetran_zendesk__users_classified') }}

),

organizations as (

    select * from {{ source('fivetran_zendesk', 'organization') }}

),

deleted_tickets as (

    select * from {{ ref('fivetran_zendesk__deleted_tickets') }}

),

status_changes as (

    select * from {{ ref('fivetran_zendesk__status_changes') }}

),

handoffs as (

    select * from {{ ref('fivetran_zendesk__handoffs') }}

),

surveys as (

    select * from {{ ref('fivetran_zendesk__helpdesk_surveys') }}

),

ticket_rows as (

    select
        'ticket' as connector_table,
        ticket_id as connector_key,
        'excluded' as disposition,
        reason

    from deleted_tickets

),

comment_rows as (

    select
        'ticket_comment' as connector_table,
        {{ fivetran_text('comments.id') }} as connector_key,
        'excluded' as disposition,
        case
            when coalesce(comments._fivetran_deleted, false)
                then 'comment deleted since the last sync (_fivetran_deleted)'
            else deleted_tickets.reason
        end as reason

    from comments
    left join deleted_tickets
        on {{ fivetran_text('comments.ticket_id') }} = deleted_tickets.ticket_id
    where
        coalesce(comments._fivetran_deleted, false)
        or deleted_tickets.ticket_id is not null

),

history_keys as (

    select
        {{ fivetran_zendesk_history_key('history') }} as connector_key,
        {{ fivetran_text('history.ticket_id') }} as ticket_id,
        history.field_name

    from history

),

history_rows as (

    select
        'ticket_field_history' as connector_table,
        history_keys.connector_key,
        case
            when deleted_tickets.ticket_id is not null then 'excluded'
            else 'not_used'
        end as disposition,
        case
            when deleted_tickets.ticket_id is not null
                then deleted_tickets.reason
            when history_keys.field_name = 'status'
                then 'status change: read for status and solve times'
            when history_keys.field_name = 'assignee_id'
                then 'assignment that is not a hand-off from the AI agent'
            when history_keys.field_name = 'satisfaction_score'
                then 'satisfaction offered, or replaced by a later rating'
            else 'field not read as an event (categories read it)'
        end as reason

    from history_keys
    left join deleted_tickets
        on history_keys.ticket_id = deleted_tickets.ticket_id
    left join status_changes
        on
            history_keys.connector_key = status_changes.connector_key
            and status_changes.is_reopen
    left join handoffs
        on history_keys.connector_key = handoffs.connector_key
    left join surveys
        on history_keys.connector_key = surveys._connector_key
    where
        deleted_tickets.ticket_id is not null
        or (
            status_changes.connector_key is null
            and handoffs.connector_key is null
            and surveys._connector_key is null
        )

),

user_rows as (

    select
        'user' as connector_table,
        user_id as connector_key,
        'not_used' as disposition,
        case
        {%- if not var('fivetran_feeds_crm') %}
            when true then 'crm_users come from the contract path'
            {%- endif %}
            when is_ai_agent then 'the AI agent, not an employee'
            else 'end-user: a customer (read for requester e-mail)'
        end as reason

    from users
    {%- if var('fivetran_feeds_crm') %}
        where is_ai_agent or not is_internal
    {%- endif %}

),

organization_rows as (

    select
        'organization' as connector_table,
        {{ fivetran_text('id') }} as connector_key,
        'not_used' as disposition,
        'crm_accounts come from the contract path' as reason

    from organizations
    where {{ 'false' if var('fivetran_feeds_crm') else 'true' }}

),

final as (

    select * from ticket_rows
    union all
    select * from comment_rows
    union all
    select * from history_rows
    union all
    select * from user_rows
    union all
    select * from organization_rows
    {%- if var('zendesk_using_ticket_chat') %}
        union all
        select
            'ticket_chat_event' as connector_table,
            chat_events.connector_key,
            case
                when
                    chat_events.ticket_id is null
                    or deleted_tickets.ticket_id is not null
                    then 'excluded'
                else 'not_used'
            end as disposition,
            case
                when chat_events.ticket_id is null
                    then 'chat not in ticket_chat: no ticket to attach it to'
                when deleted_tickets.ticket_id is not null
                    then deleted_tickets.reason
                else {{ dbt.concat([
                "'chat event '", 'chat_events.event_type', "' is not a message'",
            ]) }}
            end as reason
        from
            {{ ref('fivetran_zendesk__chat_events_classified') }} as chat_events
        left join deleted_tickets
            on chat_events.ticket_id = deleted_tickets.ticket_id
        where
            chat_events.ticket_id is null
            or deleted_tickets.ticket_id is not null
            or not chat_events.is_message
    {%- endif %}

)

select * from final
