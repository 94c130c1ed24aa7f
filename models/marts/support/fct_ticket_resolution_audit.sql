-- The drill-down behind "AI resolved it" and the vendor's invoice: one row
-- per ticket the AI claimed as resolved or the vendor would bill, with every
-- verification check as its own column and the first check that failed.
-- A leader goes from "the vendor over-billed $12.62" (the invoice mart) or
-- "true AI resolution is 40 %" (the automation mart) to the tickets behind
-- the figure; both marts reconcile to this table exactly (tests
-- fct_ticket_resolution_audit_reconciles_*).
--
-- Nothing is decided here: the flags come from fct_tickets
-- (int_tickets_resolution), the check columns are the same inputs the rule
-- uses, and the contract is matched as in
-- mart_vendor_pay_for_performance_monthly (the AI tool that answered, the
-- day the ticket was created within the contract's effective dates).
--
-- first_failed_check, in the order the rule is applied (docs/definitions.md,
-- "Resolution audit"): not_judged_yet (the short window has not elapsed by
-- as_of), not_claimed (not solved by the AI alone), reopened,
-- repeat_contact_short_window, escalated, csat_below_threshold; null when
-- every check passes, i.e. exactly when is_true_ai_resolution is true.
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

ai_tools as (

    select * from {{ ref('int_tickets_ai_tools_attributed') }}

),

contracts as (

    select * from {{ ref('stg_vendors__vendor_contracts') }}

),

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

audited as (

    select *
    from tickets
    where is_claimed_ai_resolution or is_vendor_billable_resolution

),

-- The contract that bills a ticket: its AI tool's contract in force on the
-- day the ticket was created (as the invoice mart matches them).
ticket_contracts as (

    select
        audited.ticket_id,
        contracts.contract_id,
        contracts.vendor,
        contracts.tool_id,
        round(cast(contracts.price_per_resolution_usd as double), 6)
            as price_per_resolution_usd

    from audited
    inner join ai_tools
        on audited.ticket_id = ai_tools.ticket_id
    inner join contracts
        on
            ai_tools.tool_id = contracts.tool_id
            and cast(audited.created_at as date) >= contracts.effective_from
            and (
                contracts.effective_to is null
                or cast(audited.created_at as date) <= contracts.effective_to
            )
    where audited.resolution_path in ('ai_only', 'ai_to_human')

),

checked as (

    select
        audited.ticket_id,
        audited.ticket_month as month_start,
        audited.created_at,
        audited.solved_at,
        audited.category,
        audited.account_id,
        {{ segment_or_unknown('accounts.segment') }} as segment,
        audited.channel,
        audited.resolution_path,
        ticket_contracts.contract_id,
        ticket_contracts.vendor,
        ticket_contracts.tool_id,
        ticket_contracts.price_per_resolution_usd,
        audited.repeat_window_short_days,
        audited.vendor_resolution_window_hours,
        cast(
            {{ var('csat_satisfied_min_score') }} as {{ dbt.type_bigint() }}
        ) as csat_satisfied_min_score,
        -- The checks of a true AI resolution.
        coalesce(audited.is_mature_short_window, false)
            as is_short_window_elapsed,
        audited.reopen_count,
        audited.is_reopened,
        audited.is_repeat_contact_short_window,
        audited.next_same_issue_contact_at,
        audited.handoff_count,
        audited.human_public_replies,
        audited.has_escalation as is_escalated,
        audited.csat_score,
        coalesce(
            not {{ is_csat_satisfied('audited.csat_score') }}, false
        ) as is_csat_below_threshold,
        -- The vendor's own check: no customer message within its window.
        audited.vendor_window_ends_at,
        audited.first_customer_message_after_solve_at,
        audited.is_claimed_ai_resolution,
        audited.is_true_ai_resolution,
        audited.is_vendor_billable_resolution,
        data_cutoff.as_of_at

    from audited
    left join accounts
        on audited.account_id = accounts.account_id
    left join ticket_contracts
        on audited.ticket_id = ticket_contracts.ticket_id
    cross join data_cutoff

),

final as (

    select
        ticket_id,
        month_start,
        created_at,
        solved_at,
        category,
        account_id,
        segment,
        channel,
        resolution_path,
        contract_id,
        vendor,
        tool_id,
        contract_id is not null as is_under_vendor_contract,
        cast(price_per_resolution_usd as double) as price_per_resolution_usd,
        repeat_window_short_days,
        vendor_resolution_window_hours,
        csat_satisfied_min_score,
        is_short_window_elapsed,
        reopen_count,
        is_reopened,
        is_repeat_contact_short_window,
        next_same_issue_contact_at,
        handoff_count,
        human_public_replies,
        is_escalated,
        csat_score,
        is_csat_below_threshold,
        case
            when not is_short_window_elapsed then 'not_judged_yet'
            when not is_claimed_ai_resolution then 'not_claimed'
            when is_reopened then 'reopened'
            when is_repeat_contact_short_window
                then 'repeat_contact_short_window'
            when is_escalated then 'escalated'
            when is_csat_below_threshold then 'csat_below_threshold'
        end as first_failed_check,
        vendor_window_ends_at,
        vendor_window_ends_at <= as_of_at as is_vendor_window_elapsed,
        first_customer_message_after_solve_at,
        coalesce(
            first_customer_message_after_solve_at <= vendor_window_ends_at,
            false
        ) as has_customer_message_in_vendor_window,
        is_claimed_ai_resolution,
        is_true_ai_resolution,
        is_vendor_billable_resolution,
        -- What the invoice mart counts for this ticket (0 outside a
        -- contract): a verified resolution (invoiced) and a vendor-billable
        -- one (the vendor's count); billed minus verified is the ticket's
        -- share of over_billed_resolutions (-1, 0 or 1).
        cast(
            case
                when contract_id is not null and is_true_ai_resolution then 1
                else 0
            end as {{ dbt.type_bigint() }}
        ) as invoiced_resolutions,
        cast(
            case
                when
                    contract_id is not null and is_vendor_billable_resolution
                    then 1
                else 0
            end as {{ dbt.type_bigint() }}
        ) as vendor_billed_resolutions

    from checked

)

select
    *,
    cast(
        vendor_billed_resolutions - invoiced_resolutions
        as {{ dbt.type_bigint() }}
    ) as over_billed_resolutions,
    -- Before any penalty: the ticket's share of vendor_gross_invoice_usd -
    -- gross_invoice_usd in the invoice mart.
    cast(
        coalesce(price_per_resolution_usd, 0)
        * (vendor_billed_resolutions - invoiced_resolutions)
        as double
    ) as over_billed_gross_usd
from final
