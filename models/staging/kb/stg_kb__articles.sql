with base as (

    select * from {{ ref('base_kb__articles') }}

),

final as (

    select
        article_id,
        title,
        category,
        created_at

    from base
    where _is_staged

)

select * from final
