-- First response times and customer sentiment per ticket.
--
-- First response time (docs/definitions.md, "First response time"): first
-- public support reply - created_at, split AI vs human. Human FRT counts
-- from the hand-off, or from creation when there was none. "Support
-- Automation Success Metrics": "the real signal comes from tracking FRT for
-- human-handled tickets after automation implementation." Sentiment: "If
-- sentiment starts positive but deteriorates as the interaction continues,
-- it suggests your automation struggles with follow-up questions or
-- complex scenarios": first and last scored customer message of the
-- conversation.
with tickets as (

    select * from {{ ref('stg_helpdesk__tickets') }}

),

messages as (

    select * from {{ ref('int_helpdesk_messages_classified') }}

),

conversation_times as (

    select
        ticket_id,
        min(case when is_ai_reply then created_at end) as first_ai_reply_at,
        min(
            case when is_human_reply then created_at end
        ) as first_human_reply_at,
        min(case when is_handoff then created_at end) as first_handoff_at,
        -- min_by / max_by (DuckDB and Spark alike) read one aggregate pass.
        min_by(
            sentiment_score,
            case
                when is_customer_message and sentiment_score is not null
                    then created_at
            end
        ) as first_customer_sentiment,
        max_by(
            sentiment_score,
            case
                when is_customer_message and sentiment_score is not null
                    then created_at
            end
        ) as last_customer_sentiment,
        sum(
            case
                when is_customer_message and sentiment_score is not null
                    then 1
                else 0
            end
        ) as scored_customer_messages

    from messages
    group by 1

),

joined as (

    select
        tickets.ticket_id,
        tickets.created_at,
        conversation_times.first_ai_reply_at,
        conversation_times.first_human_reply_at,
        conversation_times.first_handoff_at,
        -- The human clock starts at the hand-off when one came before the
        -- first human reply; otherwise at creation.
        case
            when
                conversation_times.first_handoff_at
                <= conversation_times.first_human_reply_at
                then conversation_times.first_handoff_at
            else tickets.created_at
        end as human_response_clock_started_at,
        conversation_times.first_customer_sentiment,
        conversation_times.last_customer_sentiment,
        coalesce(
            conversation_times.scored_customer_messages, 0
        ) as scored_customer_messages

    from tickets
    left join conversation_times
        on tickets.ticket_id = conversation_times.ticket_id

),

final as (

    select
        ticket_id,
        first_ai_reply_at,
        first_human_reply_at,
        first_handoff_at,
        human_response_clock_started_at,
        {{ dbt.datediff('created_at', 'first_ai_reply_at', 'second') }}
            as ai_first_response_seconds,
        {{ dbt.datediff(
            'human_response_clock_started_at',
            'first_human_reply_at',
            'second',
        ) }} as human_first_response_seconds,
        cast(first_customer_sentiment as double) as first_customer_sentiment,
        cast(last_customer_sentiment as double) as last_customer_sentiment,
        cast(
            scored_customer_messages as {{ dbt.type_bigint() }}
        ) as scored_customer_messages,
        -- A shift needs two scored messages: one message has no trend.
        case
            when scored_customer_messages >= 2
                then
                    cast(last_customer_sentiment as double)
                    - cast(first_customer_sentiment as double)
        end as sentiment_shift

    from joined

)

select * from final
