-- Topics the AI agent declined as out of its scope, per calendar month of
-- the out_of_scope event, ranked by volume.
--
-- "Support Automation Success Metrics": "Monitor the questions your automation
-- explicitly identifies as outside its capability. These represent clear
-- opportunities for expansion. Prioritize based on volume and business
-- impact". The rank is given within the month and over all months (1 = most
-- events; ties share a rank). An event without a topic is reported as
-- 'unspecified'.
with messages as (

    select * from {{ ref('int_helpdesk_messages_classified') }}

),

out_of_scope as (

    select
        ticket_id,
        {{ month_start('created_at') }} as month_start,
        coalesce(topic, 'unspecified') as topic

    from messages
    where is_out_of_scope

),

monthly as (

    select
        month_start,
        topic,
        count(*) as out_of_scope_events,
        count(distinct ticket_id) as out_of_scope_tickets

    from out_of_scope
    group by 1, 2

),

ranked as (

    select
        *,
        sum(out_of_scope_events) over (
            partition by month_start
        ) as month_out_of_scope_events,
        rank() over (
            partition by month_start
            order by out_of_scope_events desc
        ) as volume_rank_in_month,
        sum(out_of_scope_events) over (
            partition by topic
        ) as topic_out_of_scope_events_all_months

    from monthly

),

final as (

    select
        month_start,
        topic,
        cast(
            out_of_scope_events as {{ dbt.type_bigint() }}
        ) as out_of_scope_events,
        cast(
            out_of_scope_tickets as {{ dbt.type_bigint() }}
        ) as out_of_scope_tickets,
        cast(
            month_out_of_scope_events as {{ dbt.type_bigint() }}
        ) as month_out_of_scope_events,
        {{ catalog_rate(
            'share_of_month_pct',
            'out_of_scope_events',
            'month_out_of_scope_events',
        ) }},
        cast(
            volume_rank_in_month as {{ dbt.type_bigint() }}
        ) as volume_rank_in_month,
        cast(
            topic_out_of_scope_events_all_months as {{ dbt.type_bigint() }}
        ) as topic_out_of_scope_events_all_months,
        cast(
            dense_rank() over (
                order by topic_out_of_scope_events_all_months desc
            ) as {{ dbt.type_bigint() }}
        ) as volume_rank_all_months

    from ranked

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis=none) }}
