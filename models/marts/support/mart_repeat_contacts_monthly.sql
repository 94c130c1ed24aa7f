-- Repeat contacts within 7 and 14 days of the solve, per month the ticket
-- was solved, category and resolution path.
--
-- Seed 003: "Repeat contact rate might be the most revealing customer
-- experience metric for automation ... Breaking down repeat contact rate by
-- issue type reveals which categories your automation handles well versus
-- where it creates frustration." Rule: int_tickets_repeat_contacts. A solved
-- ticket is in a window's denominator only once that window has elapsed by
-- as_of (mature); immature tickets are not counted as "no repeat".
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

monthly as (

    select
        solved_month,
        category,
        resolution_path,
        count(*) as solved_tickets,
        sum(case when is_mature_7d then 1 else 0 end) as mature_tickets_7d,
        sum(
            case when is_repeat_contact_7d then 1 else 0 end
        ) as repeat_contacts_7d,
        sum(case when is_mature_14d then 1 else 0 end) as mature_tickets_14d,
        sum(
            case when is_repeat_contact_14d then 1 else 0 end
        ) as repeat_contacts_14d

    from tickets
    where is_solved
    group by 1, 2, 3

),

final as (

    select
        solved_month,
        category,
        resolution_path,
        cast(solved_tickets as {{ dbt.type_bigint() }}) as solved_tickets,
        cast(
            mature_tickets_7d as {{ dbt.type_bigint() }}
        ) as mature_tickets_7d,
        cast(
            repeat_contacts_7d as {{ dbt.type_bigint() }}
        ) as repeat_contacts_7d,
        {{ rate_pct('repeat_contacts_7d', 'mature_tickets_7d') }}
            as repeat_contact_rate_7d_pct,
        cast(
            mature_tickets_14d as {{ dbt.type_bigint() }}
        ) as mature_tickets_14d,
        cast(
            repeat_contacts_14d as {{ dbt.type_bigint() }}
        ) as repeat_contacts_14d,
        {{ rate_pct('repeat_contacts_14d', 'mature_tickets_14d') }}
            as repeat_contact_rate_14d_pct

    from monthly

)

select * from final
