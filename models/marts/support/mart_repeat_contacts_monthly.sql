-- Repeat contacts within the short and the long window of the solve (vars
-- repeat_window_short_days, repeat_window_long_days: 7 and 14 by default),
-- per calendar month the ticket was solved, category and resolution path.
--
-- "Support Automation Success Metrics": "Repeat contact rate might be the
-- most revealing customer experience metric for automation ... Breaking
-- down repeat contact rate by issue type reveals which categories your
-- automation handles well versus where it creates frustration." Rule:
-- int_tickets_repeat_contacts. A solved ticket is in a window's
-- denominator only once that window has elapsed by as_of (mature);
-- immature tickets are not counted as "no repeat".
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

monthly as (

    select
        solved_month as month_start,
        category,
        resolution_path,
        count(*) as solved_tickets,
        sum(
            case when is_mature_short_window then 1 else 0 end
        ) as mature_tickets_short_window,
        sum(
            case when is_repeat_contact_short_window then 1 else 0 end
        ) as repeat_contacts_short_window,
        sum(
            case when is_mature_long_window then 1 else 0 end
        ) as mature_tickets_long_window,
        sum(
            case when is_repeat_contact_long_window then 1 else 0 end
        ) as repeat_contacts_long_window

    from tickets
    where is_solved
    group by 1, 2, 3

),

counted as (

    select
        month_start,
        category,
        resolution_path,
        {{ window_columns(['short', 'long']) }},
        cast(solved_tickets as {{ dbt.type_bigint() }}) as solved_tickets,
        cast(
            mature_tickets_short_window as {{ dbt.type_bigint() }}
        ) as mature_tickets_short_window,
        cast(
            repeat_contacts_short_window as {{ dbt.type_bigint() }}
        ) as repeat_contacts_short_window,
        cast(
            mature_tickets_long_window as {{ dbt.type_bigint() }}
        ) as mature_tickets_long_window,
        cast(
            repeat_contacts_long_window as {{ dbt.type_bigint() }}
        ) as repeat_contacts_long_window

    from monthly

),

final as (

    select
        *,
        {{ catalog_rate(
            'repeat_contact_rate_short_window_pct',
            'repeat_contacts_short_window',
            'mature_tickets_short_window',
        ) }},
        {{ catalog_rate(
            'repeat_contact_rate_long_window_pct',
            'repeat_contacts_long_window',
            'mature_tickets_long_window',
        ) }}

    from counted

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional(
    'final', 'month_start', basis='solved', by=['category', 'resolution_path'],
) }}
