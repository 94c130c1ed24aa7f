-- How complex the work left for humans is, per month the ticket was
-- created.
--
-- "Support Automation Success Metrics": "The question isn't just 'are
-- agents handling fewer tickets?' but 'are they handling more valuable
-- work?' Track metrics like average ticket complexity for human-handled
-- issues". A human-handled ticket has a
-- public reply by a human agent; complexity is the agent-rated 1-5 score,
-- high from var workload_high_complexity_min. Beside the mean handle time
-- of human-handled tickets, its median and P90 (a few long tickets move a
-- mean).
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

human_work as (

    select
        *,
        human_public_replies > 0 as is_human_handled

    from tickets

),

monthly as (

    select
        ticket_month as month_start,
        rollout_period,
        count(*) as tickets,
        count(complexity) as rated_tickets,
        sum(complexity) as complexity_sum,
        sum(case when is_human_handled then 1 else 0 end) as human_tickets,
        sum(
            case
                when is_human_handled and complexity is not null then 1 else 0
            end
        ) as rated_human_tickets,
        sum(
            case when is_human_handled then complexity end
        ) as human_complexity_sum,
        sum(
            case
                when
                    is_human_handled
                    and complexity >= {{ var('workload_high_complexity_min') }}
                    then 1
                else 0
            end
        ) as high_complexity_human_tickets,
        sum(
            case when is_human_handled then handle_seconds end
        ) as human_handle_seconds_sum,
        sum(
            case
                when is_human_handled and handle_seconds is not null then 1
                else 0
            end
        ) as human_handled_tickets_timed,
        {{ duration_percentiles(
            'case when is_human_handled then handle_seconds end',
            'human_handle_seconds',
        ) }}

    from human_work
    group by 1, 2

),

counted as (

    select
        month_start,
        rollout_period,
        cast(tickets as {{ dbt.type_bigint() }}) as tickets,
        cast(rated_tickets as {{ dbt.type_bigint() }}) as rated_tickets,
        cast(
            coalesce(complexity_sum, 0) as {{ dbt.type_bigint() }}
        ) as complexity_sum,
        cast(human_tickets as {{ dbt.type_bigint() }}) as human_tickets,
        cast(
            rated_human_tickets as {{ dbt.type_bigint() }}
        ) as rated_human_tickets,
        cast(
            coalesce(human_complexity_sum, 0) as {{ dbt.type_bigint() }}
        ) as human_complexity_sum,
        cast(
            high_complexity_human_tickets as {{ dbt.type_bigint() }}
        ) as high_complexity_human_tickets,
        cast(
            human_handled_tickets_timed as {{ dbt.type_bigint() }}
        ) as human_handled_tickets_timed,
        cast(
            coalesce(human_handle_seconds_sum, 0) as {{ dbt.type_bigint() }}
        ) as human_handle_seconds_sum,
        median_human_handle_seconds,
        p90_human_handle_seconds

    from monthly

),

final as (

    select
        *,
        {{ catalog_rate('avg_complexity', 'complexity_sum', 'rated_tickets') }},
        {{ catalog_rate(
            'human_ticket_share_pct', 'human_tickets', 'tickets'
        ) }},
        {{ catalog_rate(
            'avg_human_complexity',
            'human_complexity_sum',
            'rated_human_tickets',
        ) }},
        {{ catalog_rate(
            'high_complexity_human_share_pct',
            'high_complexity_human_tickets',
            'rated_human_tickets',
        ) }},
        {{ catalog_rate(
            'avg_human_handle_seconds',
            'human_handle_seconds_sum',
            'human_handled_tickets_timed',
        ) }}

    from counted

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis=none) }}
