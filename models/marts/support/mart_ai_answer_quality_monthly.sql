-- Audited quality of the AI agent's answers, per month the ticket was
-- created and category.
--
-- "Essential AI Workforce KPIs for Enterprise Support Operations": "Beyond
-- resolution rates, track throughput consistency, hallucination frequency,
-- and policy compliance ... their decision-making must be continuously
-- validated against enterprise guardrails." "Key Metrics That Matter":
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
        tickets.ticket_month as month_start,
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

counted as (

    select
        month_start,
        category,
        cast(reviewed_answers as {{ dbt.type_bigint() }}) as reviewed_answers,
        cast(
            hallucinated_answers as {{ dbt.type_bigint() }}
        ) as hallucinated_answers,
        cast(
            policy_violating_answers as {{ dbt.type_bigint() }}
        ) as policy_violating_answers

    from monthly

),

final as (

    select
        *,
        {{ catalog_rate(
            'hallucination_rate_pct', 'hallucinated_answers', 'reviewed_answers'
        ) }},
        {{ catalog_rate(
            'policy_violation_rate_pct',
            'policy_violating_answers',
            'reviewed_answers',
        ) }}

    from counted

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis=none) }}
