-- Audited quality of the AI agent's answers, per month the ticket was
-- created and category.
--
-- Seed 004: "Beyond resolution rates, track throughput consistency,
-- hallucination frequency, and policy compliance ... their decision-making
-- must be continuously validated against enterprise guardrails." Seed 001:
-- "Bot availability uptime (99.9% means nothing if answers are wrong)".
-- Rates are over the QA reviews of AI answers (qa_reviews); a finding left
-- empty counts as not found.
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

qa_reviews as (

    select * from {{ ref('stg_helpdesk__qa_reviews') }}

),

monthly as (

    select
        tickets.ticket_month,
        tickets.category,
        count(*) as reviewed_answers,
        sum(
            case when qa_reviews.has_hallucination then 1 else 0 end
        ) as hallucinated_answers,
        sum(
            case when qa_reviews.has_policy_violation then 1 else 0 end
        ) as policy_violating_answers

    from qa_reviews
    inner join tickets
        on qa_reviews.ticket_id = tickets.ticket_id
    group by 1, 2

),

final as (

    select
        ticket_month,
        category,
        cast(reviewed_answers as {{ dbt.type_bigint() }}) as reviewed_answers,
        cast(
            hallucinated_answers as {{ dbt.type_bigint() }}
        ) as hallucinated_answers,
        {{ rate_pct('hallucinated_answers', 'reviewed_answers') }}
            as hallucination_rate_pct,
        cast(
            policy_violating_answers as {{ dbt.type_bigint() }}
        ) as policy_violating_answers,
        {{ rate_pct('policy_violating_answers', 'reviewed_answers') }}
            as policy_violation_rate_pct

    from monthly

)

select * from final
