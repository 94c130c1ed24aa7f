-- Repeat contact (docs/definitions.md, "Repeat contact"; "Support
-- Automation Success Metrics": "what percentage of customers reach out
-- again about the same issue within a defined timeframe—typically 7-14
-- days"). For a solved ticket: the same requester opens another ticket in
-- the same category with solved_at < created_at <= solved_at + N days, for
-- N = var repeat_window_short_days (the short window) and var
-- repeat_window_long_days (the long window). The one place this rule
-- lives; fct_tickets and the marts read it.
--
-- Built with one window pass instead of a range self-join (a self-join
-- slows down badly on requesters with many tickets): per requester
-- and category, ticket creations ("contacts") and solves ("probes") are put
-- on one time line, a contact sorted before a probe at the same instant, and
-- each probe takes the earliest contact on the rows after it: the first
-- contact strictly after solved_at.
with tickets as (

    select * from {{ ref('stg_helpdesk__tickets') }}

),

-- A requester is its contact id, or the hashed e-mail when the export has no
-- id. Without a requester or a category no repeat can be matched, so such a
-- ticket is never judged (its flags stay null, see final).
identified_tickets as (

    select
        ticket_id,
        coalesce(requester_id, requester_email_hash) as requester_key,
        category,
        created_at,
        solved_at

    from tickets

),

contact_events as (

    select
        requester_key,
        category,
        created_at as event_at,
        0 as event_order,
        cast(null as {{ dbt.type_string() }}) as probe_ticket_id,
        created_at as contact_at

    from identified_tickets
    where
        requester_key is not null
        and category is not null

),

probe_events as (

    select
        requester_key,
        category,
        solved_at as event_at,
        1 as event_order,
        ticket_id as probe_ticket_id,
        cast(null as {{ dbt.type_timestamp() }}) as contact_at

    from identified_tickets
    where
        requester_key is not null
        and category is not null
        and solved_at is not null

),

timeline as (

    select * from contact_events
    union all
    select * from probe_events

),

next_contacts as (

    select
        probe_ticket_id as ticket_id,
        min(contact_at) over (
            partition by requester_key, category
            order by event_at, event_order
            rows between current row and unbounded following
        ) as next_contact_at,
        event_order

    from timeline

),

probes as (

    select
        ticket_id,
        next_contact_at

    from next_contacts
    where event_order = 1

),

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

windows as (

    select
        identified_tickets.ticket_id,
        identified_tickets.requester_key,
        identified_tickets.category,
        identified_tickets.created_at,
        identified_tickets.solved_at,
        probes.next_contact_at as next_same_issue_contact_at,
        data_cutoff.as_of_at,
        identified_tickets.requester_key is not null
        and identified_tickets.category is not null as is_identifiable,
        {{ dbt.dateadd(
            'day',
            var('repeat_window_short_days'),
            'identified_tickets.solved_at',
        ) }} as short_window_ends_at,
        {{ dbt.dateadd(
            'day',
            var('repeat_window_long_days'),
            'identified_tickets.solved_at',
        ) }} as long_window_ends_at

    from identified_tickets
    left join probes
        on identified_tickets.ticket_id = probes.ticket_id
    cross join data_cutoff

),

-- A window-based flag is judged only once the window has fully elapsed by
-- as_of ("mature"); an immature row is null, never false, so it drops out
-- of the rate's denominator instead of counting as no repeat.
final as (

    select
        ticket_id,
        requester_key,
        category,
        created_at,
        solved_at,
        next_same_issue_contact_at,
        short_window_ends_at as repeat_window_short_ends_at,
        long_window_ends_at as repeat_window_long_ends_at,
        case
            when solved_at is not null
                then is_identifiable and short_window_ends_at <= as_of_at
        end as is_mature_short_window,
        case
            when solved_at is not null
                then is_identifiable and long_window_ends_at <= as_of_at
        end as is_mature_long_window,
        case
            when
                solved_at is not null
                and is_identifiable
                and short_window_ends_at <= as_of_at
                then coalesce(
                    next_same_issue_contact_at <= short_window_ends_at, false
                )
        end as is_repeat_contact_short_window,
        case
            when
                solved_at is not null
                and is_identifiable
                and long_window_ends_at <= as_of_at
                then coalesce(
                    next_same_issue_contact_at <= long_window_ends_at, false
                )
        end as is_repeat_contact_long_window

    from windows

)

select * from final
