with base as (

    select * from {{ ref('base_kb__article_views') }}

),

final as (

    select
        view_id,
        article_id,
        requester_id,
        viewed_at,
        voted_helpful

    from base
    where _is_staged

)

select * from final
