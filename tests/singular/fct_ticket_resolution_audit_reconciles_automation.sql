-- The automation mart reconciles exactly to the resolution audit: per
-- (month_start, category), the audit rows summed give the mart's claimed,
-- judged, true, over-count and vendor-billable counts. A row is returned
-- (the test fails) for every month and category where any count differs.
with audit as (

    select
        month_start,
        category,
        sum(
            case when is_claimed_ai_resolution then 1 else 0 end
        ) as claimed_ai_resolutions,
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
        sum(
            case
                when
                    is_claimed_ai_resolution
                    and first_failed_check <> 'not_judged_yet'
                    then 1
                else 0
            end
        ) as claimed_judged_not_true,
        sum(
            case when is_vendor_billable_resolution then 1 else 0 end
        ) as vendor_billable_resolutions

    from {{ ref('fct_ticket_resolution_audit') }}
    group by 1, 2

),

mart as (

    select
        month_start,
        category,
        claimed_ai_resolutions,
        claimed_ai_resolutions_judged_short_window,
        true_ai_resolutions,
        ai_resolution_overcount,
        vendor_billable_resolutions

    from {{ ref('mart_automation_resolution_monthly') }}

),

compared as (

    select
        coalesce(mart.month_start, audit.month_start) as month_start,
        coalesce(mart.category, audit.category) as category,
        coalesce(mart.claimed_ai_resolutions, 0) as mart_claimed,
        coalesce(audit.claimed_ai_resolutions, 0) as audit_claimed,
        coalesce(mart.claimed_ai_resolutions_judged_short_window, 0)
            as mart_claimed_judged,
        coalesce(audit.claimed_ai_resolutions_judged_short_window, 0)
            as audit_claimed_judged,
        coalesce(mart.true_ai_resolutions, 0) as mart_true,
        coalesce(audit.true_ai_resolutions, 0) as audit_true,
        coalesce(mart.ai_resolution_overcount, 0) as mart_overcount,
        coalesce(audit.claimed_judged_not_true, 0) as audit_overcount,
        coalesce(mart.vendor_billable_resolutions, 0) as mart_billable,
        coalesce(audit.vendor_billable_resolutions, 0) as audit_billable

    from mart
    full outer join audit
        on
            mart.month_start = audit.month_start
            and mart.category = audit.category

)

select *
from compared
where
    mart_claimed <> audit_claimed
    or mart_claimed_judged <> audit_claimed_judged
    or mart_true <> audit_true
    or mart_overcount <> audit_overcount
    or mart_billable <> audit_billable
