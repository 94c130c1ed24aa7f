-- The invoice mart reconciles exactly to the resolution audit: per
-- (contract_id, month_start), the audit rows under the contract summed give
-- the mart's verified, billable and over-billed resolutions, and the gross
-- invoices (resolutions x price, before penalties) to a millionth of a
-- dollar. A row is returned (the test fails) for every contract-month where
-- anything differs, including a contract-month only one side has tickets in.
with audit as (

    select
        contract_id,
        month_start,
        sum(invoiced_resolutions) as verified_resolutions,
        sum(vendor_billed_resolutions) as billable_resolutions,
        sum(over_billed_resolutions) as over_billed_resolutions,
        sum(invoiced_resolutions * price_per_resolution_usd)
            as gross_invoice_usd,
        sum(over_billed_gross_usd) as over_billed_gross_usd

    from {{ ref('fct_ticket_resolution_audit') }}
    where contract_id is not null
    group by 1, 2

),

mart as (

    select
        contract_id,
        month_start,
        verified_resolutions,
        billable_resolutions,
        over_billed_resolutions,
        gross_invoice_usd,
        vendor_gross_invoice_usd - gross_invoice_usd as over_billed_gross_usd

    from {{ ref('mart_vendor_pay_for_performance_monthly') }}

),

compared as (

    select
        coalesce(mart.contract_id, audit.contract_id) as contract_id,
        coalesce(mart.month_start, audit.month_start) as month_start,
        coalesce(mart.verified_resolutions, 0) as mart_verified,
        coalesce(audit.verified_resolutions, 0) as audit_verified,
        coalesce(mart.billable_resolutions, 0) as mart_billable,
        coalesce(audit.billable_resolutions, 0) as audit_billable,
        coalesce(mart.over_billed_resolutions, 0) as mart_over_billed,
        coalesce(audit.over_billed_resolutions, 0) as audit_over_billed,
        coalesce(mart.gross_invoice_usd, 0) as mart_gross_usd,
        coalesce(audit.gross_invoice_usd, 0) as audit_gross_usd,
        coalesce(mart.over_billed_gross_usd, 0) as mart_over_billed_usd,
        coalesce(audit.over_billed_gross_usd, 0) as audit_over_billed_usd

    from mart
    full outer join audit
        on
            mart.contract_id = audit.contract_id
            and mart.month_start = audit.month_start

)

select *
from compared
where
    mart_verified <> audit_verified
    or mart_billable <> audit_billable
    or mart_over_billed <> audit_over_billed
    or abs(mart_gross_usd - audit_gross_usd) > 0.000001
    or abs(mart_over_billed_usd - audit_over_billed_usd) > 0.000001
