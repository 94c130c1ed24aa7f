with base as (

    select * from {{ ref('base_helpdesk__escalation_reviews') }}

),

final as (

    select
        review_id,
        ticket_id,
        reviewer_id,
        reviewed_at,
        was_necessary,
        had_sufficient_context,
        routed_correctly

    from base
    where _is_staged

)

select * from final
