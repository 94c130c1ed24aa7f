with base as (

    select * from {{ ref('base_helpdesk__qa_reviews') }}

),

final as (

    select
        qa_review_id,
        ticket_id,
        reviewed_at,
        has_hallucination,
        has_policy_violation

    from base
    where _is_staged

)

select * from final
