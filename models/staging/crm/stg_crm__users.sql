with base as (

    select * from {{ ref('base_crm__users') }}

),

final as (

    select
        user_id,
        full_name,
        email_hash,
        phone_hash,
        role,
        team,
        segment_focus,
        hired_at,
        terminated_at

    from base
    where _is_staged

)

select * from final
