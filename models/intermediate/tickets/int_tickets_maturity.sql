-- Provisional periods (docs/definitions.md "Provisional period"): one row
-- per ticket with the periods it counts in (calendar month and ISO week of
-- its created and solved date), the attributes marts group by, and whether
-- it is still immature at the data cut-off as_of: solved, and at least one
-- window a window-based flag depends on (repeat contact short and long
-- window, vendor window) ends after as_of. Its flags are null and may still
-- change, so its period's rates are provisional. Unsolved tickets are
-- judged at once (not resolved) and count as mature. Marts aggregate it
-- by macro with_provisional.
with staged_tickets as (

    select * from {{ ref('stg_helpdesk__tickets') }}

),

resolution as (

    select * from {{ ref('int_tickets_resolution') }}

),

repeat_contacts as (

    select * from {{ ref('int_tickets_repeat_contacts') }}

),

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

tickets as (

    select
        resolution.ticket_id,
        resolution.created_at,
        resolution.solved_at,
        resolution.resolution_path,
        staged_tickets.category,
        coalesce(
            resolution.solved_at is not null
            and (
                repeat_contacts.repeat_window_short_ends_at
                > data_cutoff.as_of_at
                or repeat_contacts.repeat_window_long_ends_at
                > data_cutoff.as_of_at
                or resolution.vendor_window_ends_at > data_cutoff.as_of_at
            ),
            false
        ) as is_immature

    from resolution
    inner join staged_tickets
        on resolution.ticket_id = staged_tickets.ticket_id
    left join repeat_contacts
        on resolution.ticket_id = repeat_contacts.ticket_id
    cross join data_cutoff

),

final as (

    select
        ticket_id,
        category,
        resolution_path,
        created_at,
        solved_at,
        {{ month_start('created_at') }} as created_month,
        {{ month_start('solved_at') }} as solved_month,
        {{ iso_week_start('created_at') }} as created_week,
        {{ iso_week_start('solved_at') }} as solved_week,
        is_immature

    from tickets

)

select * from final
