{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_intercom',
) }}
-- Rows the adapter kept but a person should look at: uncategorised
-- conversations (category null, see var intercom_category_from), a
-- source_type var intercom_channel_map does not know (channel null), a
-- part whose conversation is outside the sync (an orphan: kept), a part by
-- an admin missing from the admin table. The test on this model warns.
with tickets as (

    select * from {{ ref('fivetran_intercom__helpdesk_tickets') }}

),

conversations as (

    select * from {{ ref('fivetran_intercom__conversations_latest') }}

),

parts as (

    select * from {{ ref('fivetran_intercom__parts_classified') }}

),

uncategorised as (

    select
        'conversation_history' as connector_table,
        ticket_id as connector_key,
        'uncategorised: no category from var intercom_category_from' as warning

    from tickets
    where category is null

),

unknown_channels as (

    select
        'conversation_history' as connector_table,
        tickets.ticket_id as connector_key,
        {{ dbt.concat([
            "'source_type '", 'conversations.source_type',
            "' not in var intercom_channel_map: channel left empty'",
        ]) }} as warning

    from tickets
    inner join conversations
        on tickets.ticket_id = {{ fivetran_text('conversations.id') }}
    where tickets.channel is null and conversations.source_type is not null

),

orphans as (

    select
        'conversation_part_history' as connector_table,
        parts.part_id as connector_key,
        'orphan: its conversation is outside the sync (kept)' as warning

    from parts
    left join conversations
        on parts.conversation_id = {{ fivetran_text('conversations.id') }}
    where conversations.id is null

),

unknown_admins as (

    select
        'conversation_part_history' as connector_table,
        part_id as connector_key,
        'author admin not in the admin table: read as a human agent' as warning

    from parts
    where is_unknown_admin

),

final as (

    select * from uncategorised
    union all
    select * from unknown_channels
    union all
    select * from orphans
    union all
    select * from unknown_admins

)

select * from final
