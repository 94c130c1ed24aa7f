-- Human work on each ticket: handle time and copilot assistance.
--
-- Handle time (docs/definitions.md): the sum of the ticket's time entries.
-- Copilot-assisted: a material AI draft_sent on the ticket, i.e.
-- involvement_type 'drafted' in int_ai_events_classified (the draft kept at
-- least var material_ai_min_retained_ratio of its text, from a tool approved
-- at the time). "Key Metrics That Matter": "For conversations requiring human
-- agents, AI copilot should reduce handle time by 30-50%."
with tickets as (

    select * from {{ ref('stg_helpdesk__tickets') }}

),

time_entries as (

    select * from {{ ref('stg_helpdesk__time_entries') }}

),

ai_events as (

    select * from {{ ref('int_ai_events_classified') }}

),

ticket_time as (

    select
        ticket_id,
        count(*) as time_entries,
        sum(seconds) as handle_seconds

    from time_entries
    where ticket_id is not null
    group by 1

),

copilot_drafts as (

    select
        ticket_id,
        count(*) as copilot_drafts_sent

    from ai_events
    where
        ticket_id is not null
        and involvement_type = 'drafted'
    group by 1

),

final as (

    select
        tickets.ticket_id,
        cast(
            coalesce(ticket_time.time_entries, 0) as {{ dbt.type_bigint() }}
        ) as time_entries,
        -- Null, not 0, without time entries: nobody worked the ticket, and
        -- averages of handle time cover worked tickets only.
        cast(ticket_time.handle_seconds as {{ dbt.type_bigint() }})
            as handle_seconds,
        cast(
            coalesce(copilot_drafts.copilot_drafts_sent, 0)
            as {{ dbt.type_bigint() }}
        ) as copilot_drafts_sent,
        copilot_drafts.ticket_id is not null as is_copilot_assisted

    from tickets
    left join ticket_time
        on tickets.ticket_id = ticket_time.ticket_id
    left join copilot_drafts
        on tickets.ticket_id = copilot_drafts.ticket_id

)

select * from final
