-- Claimed vs true vs vendor-billable AI resolution and first contact
-- resolution, per calendar month the ticket was created and category.
--
-- "Support Automation Success Metrics": "Many organizations find that their
-- initial ARR calculations are overly optimistic because they count any
-- automated ticket closure as success." Claimed counts every solved
-- AI-only ticket; true also requires no reopen, no repeat contact within
-- the short window, no escalation and (where answered) a satisfied CSAT;
-- billable is what a vendor invoices on its own window (var
-- vendor_resolution_window_hours). Rules: int_tickets_resolution. A solved
-- ticket whose window has not elapsed by as_of is left out of the matching
-- denominator (tickets_judged_short_window, tickets_judged_vendor_window).
-- Rates: the column declarations in _support__models.yml.
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

monthly as (

    select
        ticket_month as month_start,
        category,
        count(*) as tickets,
        sum(case when is_solved then 1 else 0 end) as solved_tickets,
        sum(
            case when is_claimed_ai_resolution then 1 else 0 end
        ) as claimed_ai_resolutions,
        count(is_true_ai_resolution) as tickets_judged_short_window,
        sum(
            case
                when
                    is_claimed_ai_resolution
                    and is_true_ai_resolution is not null
                    then 1
                else 0
            end
        ) as claimed_ai_resolutions_judged_short_window,
        sum(
            case when is_true_ai_resolution then 1 else 0 end
        ) as true_ai_resolutions,
        count(is_vendor_billable_resolution) as tickets_judged_vendor_window,
        sum(
            case when is_vendor_billable_resolution then 1 else 0 end
        ) as vendor_billable_resolutions,
        sum(
            case when is_first_contact_resolution then 1 else 0 end
        ) as first_contact_resolutions,
        sum(
            case
                when
                    first_ai_reply_at is not null
                    or first_human_reply_at is not null
                    then 1
                else 0
            end
        ) as first_responded_tickets,
        -- The AI answered first: its first public reply came no later than
        -- any human's.
        sum(
            case
                when
                    first_ai_reply_at
                    <= coalesce(first_human_reply_at, first_ai_reply_at)
                    then 1
                else 0
            end
        ) as ai_first_response_tickets

    from tickets
    group by 1, 2

),

counted as (

    select
        month_start,
        category,
        {{ window_columns(['short', 'vendor']) }},
        cast(tickets as {{ dbt.type_bigint() }}) as tickets,
        cast(solved_tickets as {{ dbt.type_bigint() }}) as solved_tickets,
        cast(
            claimed_ai_resolutions as {{ dbt.type_bigint() }}
        ) as claimed_ai_resolutions,
        cast(
            tickets_judged_short_window as {{ dbt.type_bigint() }}
        ) as tickets_judged_short_window,
        cast(
            claimed_ai_resolutions_judged_short_window
            as {{ dbt.type_bigint() }}
        ) as claimed_ai_resolutions_judged_short_window,
        cast(true_ai_resolutions as {{ dbt.type_bigint() }})
            as true_ai_resolutions,
        -- The over-count: claimed AI resolutions that did not hold, on the
        -- tickets whose verification window has elapsed.
        cast(
            claimed_ai_resolutions_judged_short_window - true_ai_resolutions
            as {{ dbt.type_bigint() }}
        ) as ai_resolution_overcount,
        cast(
            tickets_judged_vendor_window as {{ dbt.type_bigint() }}
        ) as tickets_judged_vendor_window,
        cast(
            vendor_billable_resolutions as {{ dbt.type_bigint() }}
        ) as vendor_billable_resolutions,
        cast(
            first_contact_resolutions as {{ dbt.type_bigint() }}
        ) as first_contact_resolutions,
        cast(
            first_responded_tickets as {{ dbt.type_bigint() }}
        ) as first_responded_tickets,
        cast(
            ai_first_response_tickets as {{ dbt.type_bigint() }}
        ) as ai_first_response_tickets

    from monthly

),

final as (

    select
        *,
        {{ catalog_rate(
            'claimed_ai_resolution_rate_pct',
            'claimed_ai_resolutions',
            'tickets',
        ) }},
        {{ catalog_rate(
            'true_ai_resolution_rate_pct',
            'true_ai_resolutions',
            'tickets_judged_short_window',
        ) }},
        {{ catalog_rate(
            'ai_resolution_overcount_pct',
            'ai_resolution_overcount',
            'claimed_ai_resolutions_judged_short_window',
        ) }},
        {{ catalog_rate(
            'vendor_billable_resolution_rate_pct',
            'vendor_billable_resolutions',
            'tickets_judged_vendor_window',
        ) }},
        {{ catalog_rate(
            'first_contact_resolution_rate_pct',
            'first_contact_resolutions',
            'tickets_judged_short_window',
        ) }},
        {{ catalog_rate(
            'ai_first_response_share_pct',
            'ai_first_response_tickets',
            'first_responded_tickets',
        ) }}

    from counted

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional(
    'final', 'month_start', basis='created', by=['category'],
) }}
