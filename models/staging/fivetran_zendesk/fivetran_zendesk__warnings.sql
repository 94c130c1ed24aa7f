{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_zendesk',
) }}
-- Rows the adapter kept but a person should look at: uncategorised tickets
-- (kept with category null, see var zendesk_category_from), a via_channel
-- var zendesk_channel_map does not know (channel null), a comment whose
-- ticket is outside the sync (an orphan: kept), a comment author missing
-- from the user table, a ticket tagged as merged whose target is not in
-- the sync, and a solved ticket without a solve in its status history.
-- The test on this model warns, it never fails the build.
with tickets as (

    select * from {{ ref('fivetran_zendesk__helpdesk_tickets') }}

),

source_tickets as (

    select * from {{ source('fivetran_zendesk', 'ticket') }}

),

comments as (

    select * from {{ ref('fivetran_zendesk__comments_classified') }}

),

tags as (

    select * from {{ source('fivetran_zendesk', 'ticket_tag') }}

),

uncategorised as (

    select
        'ticket' as connector_table,
        ticket_id as connector_key,
        'uncategorised: no category from var zendesk_category_from' as warning

    from tickets
    where category is null

),

unknown_channels as (

    select
        'ticket' as connector_table,
        tickets.ticket_id as connector_key,
        {{ dbt.concat([
            "'via_channel '", 'source_tickets.via_channel',
            "' not in var zendesk_channel_map: channel left empty'",
        ]) }} as warning

    from tickets
    inner join source_tickets
        on tickets.ticket_id = {{ fivetran_text('source_tickets.id') }}
    where tickets.channel is null and source_tickets.via_channel is not null

),

orphans as (

    select
        connector_table,
        connector_key,
        'orphan: its ticket is outside the sync (kept)' as warning

    from comments
    where is_orphan

),

unknown_authors as (

    select
        connector_table,
        connector_key,
        'author not in the user table: read as system' as warning

    from comments
    where
        is_unknown_author
        and author_role = 'system'
        and coalesce(author_id, '') not in ('__system', '__trigger')

),

merges_without_target as (

    select
        'ticket' as connector_table,
        tickets.ticket_id as connector_key,
        'tagged as merged but no ticket in the sync lists it as merged'
            as warning

    from tickets
    inner join tags
        on tickets.ticket_id = {{ fivetran_text('tags.ticket_id') }}
    where
        tags.tag = {{ fivetran_sql_string(var('zendesk_merged_tag')) }}
        and tickets.merged_into_ticket_id is null

),

solves_missing as (

    select
        'ticket' as connector_table,
        ticket_id as connector_key,
        'status solved but no solve in ticket_field_history: solved_at empty'
            as warning

    from tickets
    where status = 'solved' and solved_at is null

),

final as (

    select * from uncategorised
    union all
    select * from unknown_channels
    union all
    select * from orphans
    union all
    select * from unknown_authors
    union all
    select * from merges_without_target
    union all
    select * from solves_missing

)

select * from final
