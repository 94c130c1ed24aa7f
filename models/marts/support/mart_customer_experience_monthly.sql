-- Customer experience per month the ticket was created and resolution path:
-- CSAT, CES, NPS, the customer's sentiment from first to last message, and
-- how often the customer had to write before the solve.
--
-- "Support Automation Success Metrics": "You need separate CSAT tracking
-- for automated interactions versus overall support satisfaction"; "Pay
-- particular attention to sentiment shifts during automated conversations.
-- If sentiment starts positive but deteriorates as the interaction
-- continues, it suggests your automation struggles with follow-up questions
-- or complex scenarios." CSAT, CES and NPS: docs/definitions.md. Survey
-- answers count toward the month the ticket was created.
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

monthly as (

    select
        ticket_month as month_start,
        resolution_path,
        count(*) as tickets,
        sum(csat_answers) as csat_answers,
        sum(csat_satisfied_answers) as csat_satisfied_answers,
        sum(ces_answers) as ces_answers,
        sum(ces_score_sum) as ces_score_sum,
        sum(nps_answers) as nps_answers,
        sum(nps_promoter_answers) as nps_promoter_answers,
        sum(nps_detractor_answers) as nps_detractor_answers,
        count(sentiment_shift) as sentiment_tickets,
        sum(sentiment_shift) as sentiment_shift_sum,
        sum(
            case when is_sentiment_deteriorating then 1 else 0 end
        ) as deteriorating_sentiment_tickets,
        sum(
            customer_messages_before_resolution
        ) as customer_messages_before_resolution

    from tickets
    group by 1, 2

),

counted as (

    select
        month_start,
        resolution_path,
        cast(tickets as {{ dbt.type_bigint() }}) as tickets,
        cast(csat_answers as {{ dbt.type_bigint() }}) as csat_answers,
        cast(
            csat_satisfied_answers as {{ dbt.type_bigint() }}
        ) as csat_satisfied_answers,
        cast(ces_answers as {{ dbt.type_bigint() }}) as ces_answers,
        cast(ces_score_sum as {{ dbt.type_bigint() }}) as ces_score_sum,
        cast(nps_answers as {{ dbt.type_bigint() }}) as nps_answers,
        cast(
            nps_promoter_answers as {{ dbt.type_bigint() }}
        ) as nps_promoter_answers,
        cast(
            nps_detractor_answers as {{ dbt.type_bigint() }}
        ) as nps_detractor_answers,
        -- NPS = % promoters - % detractors: its numerator.
        cast(
            nps_promoter_answers - nps_detractor_answers
            as {{ dbt.type_bigint() }}
        ) as nps_net_promoter_answers,
        cast(sentiment_tickets as {{ dbt.type_bigint() }}) as sentiment_tickets,
        cast(sentiment_shift_sum as double) as sentiment_shift_sum,
        cast(
            deteriorating_sentiment_tickets as {{ dbt.type_bigint() }}
        ) as deteriorating_sentiment_tickets,
        cast(
            customer_messages_before_resolution as {{ dbt.type_bigint() }}
        ) as customer_messages_before_resolution

    from monthly

),

final as (

    select
        *,
        {{ catalog_rate(
            'csat_pct', 'csat_satisfied_answers', 'csat_answers'
        ) }},
        {{ catalog_rate('ces_avg_score', 'ces_score_sum', 'ces_answers') }},
        {{ catalog_rate(
            'nps', 'nps_net_promoter_answers', 'nps_answers', scale=100
        ) }},
        {{ catalog_rate(
            'avg_sentiment_shift', 'sentiment_shift_sum', 'sentiment_tickets'
        ) }},
        {{ catalog_rate(
            'deteriorating_sentiment_pct',
            'deteriorating_sentiment_tickets',
            'sentiment_tickets',
        ) }},
        {{ catalog_rate(
            'avg_customer_messages_before_resolution',
            'customer_messages_before_resolution',
            'tickets',
        ) }}

    from counted

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis=none) }}
