-- First response and handle time counted per calendar month the ticket was
-- created, category, rollout period, resolution path and copilot
-- assistance: sums of seconds and the tickets they are over, the one
-- intermediate both response-time marts re-aggregate (by month, by
-- rollout period; macro rollup). Per ticket (fct_tickets): AI first
-- response from creation, human first response from the hand-off (else
-- creation), handle time the sum of time entries; a ticket without a value
-- is left out of that sum and its count (a sum over no ticket is null).
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

final as (

    select
        ticket_month as month_start,
        category,
        rollout_period,
        resolution_path,
        is_copilot_assisted,
        cast(count(*) as {{ dbt.type_bigint() }}) as tickets,
        cast(
            count(ai_first_response_seconds) as {{ dbt.type_bigint() }}
        ) as ai_answered_tickets,
        cast(
            sum(ai_first_response_seconds) as {{ dbt.type_bigint() }}
        ) as ai_first_response_seconds_sum,
        cast(
            count(human_first_response_seconds) as {{ dbt.type_bigint() }}
        ) as human_answered_tickets,
        cast(
            sum(human_first_response_seconds) as {{ dbt.type_bigint() }}
        ) as human_first_response_seconds_sum,
        cast(count(handle_seconds) as {{ dbt.type_bigint() }})
            as handled_tickets,
        cast(
            sum(handle_seconds) as {{ dbt.type_bigint() }}
        ) as handle_seconds_sum

    from tickets
    group by 1, 2, 3, 4, 5

)

select * from final
