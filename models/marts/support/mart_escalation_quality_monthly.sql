-- Quality of the AI's hand-offs to humans, per month the ticket was created
-- and category.
--
-- "Support Automation Success Metrics": "Escalation Quality Rate ...
-- tracks the percentage of escalations that agents consider legitimate and
-- necessary, where the automation correctly identified its limitations and
-- provided useful context for the human takeover"; "agent escalation
-- acceptance rate—how often do agents agree with automation's decision to
-- escalate"; "customers being bounced between automated and human channels
-- multiple times" (ping-pong). "Essential AI Workforce KPIs for Enterprise
-- Support Operations": "strict escalation accuracy thresholds. Misrouting
-- complex cases or triggering unnecessary handoffs erodes trust". The rates
-- (docs/definitions.md, "Escalation quality"): the column declarations in
-- _support__models.yml. A review finding left empty counts as not met.
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

reviews as (

    select * from {{ ref('stg_helpdesk__escalation_reviews') }}

),

handoffs as (

    select
        ticket_month as month_start,
        category,
        sum(
            case when handoff_count > 0 then 1 else 0 end
        ) as handed_off_tickets,
        sum(
            case when handoff_count > 1 then 1 else 0 end
        ) as ping_pong_tickets

    from tickets
    group by 1, 2

),

reviewed as (

    select
        tickets.ticket_month as month_start,
        tickets.category,
        count(*) as reviewed_handoffs,
        sum(
            case when reviews.was_necessary then 1 else 0 end
        ) as necessary_handoffs,
        sum(
            case
                when reviews.was_necessary and reviews.had_sufficient_context
                    then 1
                else 0
            end
        ) as quality_handoffs,
        sum(
            case when reviews.routed_correctly then 1 else 0 end
        ) as correctly_routed_handoffs

    from reviews
    inner join tickets
        on reviews.ticket_id = tickets.ticket_id
    group by 1, 2

),

counted as (

    select
        handoffs.month_start,
        handoffs.category,
        cast(
            handoffs.handed_off_tickets as {{ dbt.type_bigint() }}
        ) as handed_off_tickets,
        cast(
            handoffs.ping_pong_tickets as {{ dbt.type_bigint() }}
        ) as ping_pong_tickets,
        cast(
            coalesce(reviewed.reviewed_handoffs, 0) as {{ dbt.type_bigint() }}
        ) as reviewed_handoffs,
        cast(
            coalesce(reviewed.quality_handoffs, 0) as {{ dbt.type_bigint() }}
        ) as quality_handoffs,
        cast(
            coalesce(reviewed.necessary_handoffs, 0) as {{ dbt.type_bigint() }}
        ) as necessary_handoffs,
        cast(
            coalesce(reviewed.correctly_routed_handoffs, 0)
            as {{ dbt.type_bigint() }}
        ) as correctly_routed_handoffs

    from handoffs
    left join reviewed
        on
            handoffs.month_start = reviewed.month_start
            and handoffs.category = reviewed.category

),

final as (

    select
        *,
        {{ catalog_rate(
            'ping_pong_rate_pct', 'ping_pong_tickets', 'handed_off_tickets'
        ) }},
        {{ catalog_rate(
            'escalation_quality_rate_pct',
            'quality_handoffs',
            'reviewed_handoffs',
        ) }},
        {{ catalog_rate(
            'escalation_acceptance_rate_pct',
            'necessary_handoffs',
            'reviewed_handoffs',
        ) }},
        {{ catalog_rate(
            'routing_accuracy_pct',
            'correctly_routed_handoffs',
            'reviewed_handoffs',
        ) }}

    from counted

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis=none) }}
