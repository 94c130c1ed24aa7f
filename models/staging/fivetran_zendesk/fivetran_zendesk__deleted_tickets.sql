{{ config(enabled=var('helpdesk_source') == 'fivetran_zendesk') }}
-- Tickets the adapter leaves out: deleted in Zendesk (status deleted) or
-- since the last sync (_fivetran_deleted). Their comments, chat events and
-- field history are left out with them; fivetran_zendesk__row_dispositions
-- counts every such row.
with tickets as (

    select * from {{ source('fivetran_zendesk', 'ticket') }}

),

final as (

    select
        {{ fivetran_text('id') }} as ticket_id,
        case
            when coalesce(_fivetran_deleted, false)
                then 'ticket deleted since the last sync (_fivetran_deleted)'
            else 'ticket deleted in Zendesk (status deleted)'
        end as reason

    from tickets
    where
        coalesce(_fivetran_deleted, false)
        or coalesce(lower(status), '') = 'deleted'

)

select * from final
