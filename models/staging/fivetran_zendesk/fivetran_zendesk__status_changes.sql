{{ config(enabled=var('helpdesk_source') == 'fivetran_zendesk') }}
-- Every status change of a ticket (ticket_field_history, field status), in
-- order, with the status it left. A reopen is a solved ticket set back to
-- new / open / pending / hold; closed is final in Zendesk (a follow-up is a
-- new ticket), so nothing after closed is a reopen. dbt_zendesk reads solve
-- and reopen times the same way; unlike it, a ticket closed without ever
-- being solved gets no solve time (it was not resolved: a merge, spam).
with history as (

    select * from {{ source('fivetran_zendesk', 'ticket_field_history') }}

),

status_rows as (

    select
        {{ fivetran_text('history.ticket_id') }} as ticket_id,
        history.updated as changed_at,
        -- Field history has spelled hold 'hold', 'on-hold' and 'on_hold'.
        case
            when
                replace(replace(lower(trim(history.value)), '-', ''), '_', '')
                in ('hold', 'onhold')
                then 'hold'
            else lower(trim(history.value))
        end as status,
        {{ fivetran_zendesk_history_key('history') }} as connector_key

    from history
    where history.field_name = 'status'

),

ordered as (

    select
        *,
        lag(status) over (
            partition by ticket_id order by changed_at, status
        ) as previous_status

    from status_rows

),

final as (

    select
        ticket_id,
        changed_at,
        status,
        connector_key,
        previous_status,
        status = 'solved' as is_solve,
        coalesce(
            previous_status = 'solved'
            and status in ('new', 'open', 'pending', 'hold'),
            false
        ) as is_reopen

    from ordered

)

select * from final
