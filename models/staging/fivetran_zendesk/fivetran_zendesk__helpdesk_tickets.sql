{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_zendesk',
) }}
-- Zendesk tickets in the shape of the export contract's helpdesk_tickets
-- (docs/raw_exports.md; every column text, as an export file would be), so
-- that staging parses, validates, de-duplicates and hashes them as it does
-- an export. Judgement calls (docs/fivetran_sources.md), each a var:
-- * deleted tickets (status deleted, or deleted since the last sync) are
--   left out and counted in fivetran_zendesk__row_dispositions;
-- * status hold is read as var zendesk_hold_status (pending);
-- * solved_at is the first solve, last_solved_at the last one (status
--   history); a ticket closed without a solve has neither;
-- * merged_into_ticket_id: the ticket whose merged_ticket_ids lists this
--   one (Zendesk closes the merged ticket without solving it);
-- * initiated_by is 'agent' when an internal user submitted the ticket for
--   someone else, except on var zendesk_agent_logged_channels (a logged
--   phone call is the customer's contact), else 'customer'.
with tickets as (

    select * from {{ source('fivetran_zendesk', 'ticket') }}

),

users as (

    select * from {{ ref('fivetran_zendesk__users_classified') }}

),

solves as (

    select * from {{ ref('fivetran_zendesk__ticket_solves') }}

),

categories as (

    select * from {{ ref('fivetran_zendesk__ticket_categories') }}

),

kept_tickets as (

    select
        {{ fivetran_text('id') }} as ticket_id,
        {{ fivetran_text('requester_id') }} as requester_id,
        {{ fivetran_text('submitter_id') }} as submitter_id,
        {{ fivetran_text('organization_id') }} as organization_id,
        lower(via_channel) as via_channel,
        priority,
        created_at,
        replace(replace(lower(trim(status)), '-', ''), '_', '') as status_key,
        replace(
            replace(
                replace(replace(merged_ticket_ids, '[', ''), ']', ''), ' ', ''
            ),
            '"',
            ''
        ) as merged_ticket_list

    from tickets
    where
        not coalesce(_fivetran_deleted, false)
        and coalesce(lower(status), '') != 'deleted'

),

merge_targets as (

    select
        ticket_id as target_ticket_id,
        {{ dbt.concat(["','", 'merged_ticket_list', "','"]) }}
            as merged_ticket_list

    from kept_tickets
    where coalesce(merged_ticket_list, '') != ''

),

merged as (

    select
        kept_tickets.ticket_id,
        min(merge_targets.target_ticket_id) as merged_into_ticket_id

    from kept_tickets
    inner join merge_targets
        on
            merge_targets.merged_ticket_list
            like {{ dbt.concat(["'%,'", 'kept_tickets.ticket_id', "',%'"]) }}
            and kept_tickets.ticket_id != merge_targets.target_ticket_id
    group by 1

),

final as (

    select
        kept_tickets.ticket_id,
        kept_tickets.requester_id,
        requesters.email as requester_email,
        coalesce(
            kept_tickets.organization_id, requesters.organization_id
        ) as account_id,
        {{ fivetran_map_values(
            'kept_tickets.via_channel', var('zendesk_channel_map')
        ) }} as channel,
        categories.category,
        kept_tickets.priority,
        cast(null as {{ dbt.type_string() }}) as complexity,
        {{ fivetran_text('kept_tickets.created_at') }} as created_at,
        case
            when kept_tickets.status_key in ('hold', 'onhold')
                then {{ fivetran_sql_string(var('zendesk_hold_status')) }}
            else kept_tickets.status_key
        end as status,
        {{ fivetran_text('solves.first_solved_at') }} as solved_at,
        {{ fivetran_text('solves.last_solved_at') }} as last_solved_at,
        case
            when
                submitters.is_internal
                and kept_tickets.submitter_id
                != coalesce(kept_tickets.requester_id, '')
                and not {{ fivetran_in_list(
                    "coalesce(kept_tickets.via_channel, '')",
                    var('zendesk_agent_logged_channels'),
                ) }}
                then 'agent'
            else 'customer'
        end as initiated_by,
        merged.merged_into_ticket_id,
        'ticket' as _connector_table,
        kept_tickets.ticket_id as _connector_key

    from kept_tickets
    left join users as requesters
        on kept_tickets.requester_id = requesters.user_id
    left join users as submitters
        on kept_tickets.submitter_id = submitters.user_id
    left join solves
        on kept_tickets.ticket_id = solves.ticket_id
    left join categories
        on kept_tickets.ticket_id = categories.ticket_id
    left join merged
        on kept_tickets.ticket_id = merged.ticket_id

)

select * from final
