-- Provisional periods (docs/definitions.md "Provisional period"): per
-- period (calendar month or ISO week, by the ticket's created or solved
-- date) the tickets in it and how many of them are still immature at the
-- data cut-off as_of: solved, and at least one window a window-based flag
-- depends on (repeat contact short and long window, vendor window) ends
-- after as_of. Their flags are null and may still change, so the period's
-- rates are provisional. Unsolved tickets are judged at once (not
-- resolved) and count as mature. Marts join it by macro with_provisional.
with resolution as (

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
    left join repeat_contacts
        on resolution.ticket_id = repeat_contacts.ticket_id
    cross join data_cutoff

),

periods as (

    select
        'month' as period_grain,
        'created' as period_basis,
        {{ month_start('created_at') }} as period_start,
        is_immature
    from tickets
    union all
    select
        'month' as period_grain,
        'solved' as period_basis,
        {{ month_start('solved_at') }} as period_start,
        is_immature
    from tickets
    where solved_at is not null
    union all
    select
        'week' as period_grain,
        'created' as period_basis,
        {{ iso_week_start('created_at') }} as period_start,
        is_immature
    from tickets
    union all
    select
        'week' as period_grain,
        'solved' as period_basis,
        {{ iso_week_start('solved_at') }} as period_start,
        is_immature
    from tickets
    where solved_at is not null

),

final as (

    select
        period_grain,
        period_basis,
        period_start,
        cast(count(*) as {{ dbt.type_bigint() }}) as period_items,
        cast(
            sum(case when is_immature then 1 else 0 end)
            as {{ dbt.type_bigint() }}
        ) as immature_items

    from periods
    group by 1, 2, 3

)

select * from final
