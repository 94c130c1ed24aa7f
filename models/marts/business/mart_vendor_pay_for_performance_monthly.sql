-- Pay-for-performance ("Essential AI Workforce KPIs for Enterprise Support
-- Operations") per vendor contract and calendar month:
-- what the AI vendor would bill on its own count of resolutions, what it
-- has earned on verified resolutions, and whether it met the contract's
-- thresholds. The article: "vendors are compensated only when agents deliver
-- confirmed resolutions ... If performance dips below agreed thresholds,
-- automatic financial adjustments ... activate".
--
-- Scope: a contract covers the tickets its AI tool answered (the tool is
-- the author of a public AI reply, int_tickets_ai_tools_attributed) with
-- resolution path ai_only or ai_to_human ("AI-handled"), created on a day
-- within effective_from..effective_to (open-ended when effective_to is
-- null). A ticket counts in the month it was created (ticket_month), so
-- every resolution below is one of that month's AI-handled tickets.
--
-- Rates, over the contract's AI-handled tickets whose window has elapsed
-- by as_of (fct_tickets leaves the flag null until then):
-- - verified resolution rate = true AI resolutions / AI-handled tickets
--   judged at the short window (var repeat_window_short_days);
-- - billable resolution rate = vendor-billable resolutions / AI-handled
--   tickets judged at the vendor's window (var
--   vendor_resolution_window_hours): the vendor's own count;
-- - CSAT % = satisfied CSAT answers / all CSAT answers on AI-handled
--   tickets.
-- Rates: the column declarations in _business__models.yml.
-- A threshold is missed when the rate is below min_resolution_rate (a
-- fraction, compared in percent) or CSAT % below min_csat_pct; exactly at
-- the minimum is met. A rate with no judged ticket (or no CSAT answer)
-- misses nothing. When a threshold is missed, penalty_pct of the invoice is
-- credited back. Invoice = verified resolutions x price - penalty; the
-- vendor's own invoice applies the same rule to its billable count, and
-- the difference is the over-billing a customer would pay.
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

ai_tools as (

    select * from {{ ref('int_tickets_ai_tools_attributed') }}

),

contracts as (

    select * from {{ ref('stg_vendors__vendor_contracts') }}

),

-- The minimum rate is a fraction; in percent 100 x 0.55 is
-- 55.00000000000001 in floating point, so it is rounded before comparing:
-- a rate exactly at the minimum meets it.
contract_terms as (

    select
        contract_id,
        vendor,
        tool_id,
        effective_from,
        effective_to,
        round(cast(price_per_resolution_usd as double), 6)
            as price_per_resolution_usd,
        round(cast(min_resolution_rate as double), 6) as min_resolution_rate,
        round(100 * cast(min_resolution_rate as double), 4)
            as min_resolution_rate_pct,
        round(cast(min_csat_pct as double), 4) as min_csat_pct,
        round(cast(penalty_pct as double), 4) as penalty_pct

    from contracts

),

ticket_months as (

    select distinct ticket_month as month_start
    from tickets

),

-- Every month a contract is in force, including months without any
-- AI-handled ticket (invoice 0).
contract_months as (

    select
        contract_terms.*,
        ticket_months.month_start

    from contract_terms
    inner join ticket_months
        on
            {{ month_start('contract_terms.effective_from') }}
            <= ticket_months.month_start
            and (
                contract_terms.effective_to is null
                or contract_terms.effective_to >= ticket_months.month_start
            )

),

ai_handled_tickets as (

    select
        tickets.ticket_id,
        tickets.created_at,
        tickets.ticket_month,
        tickets.is_true_ai_resolution,
        tickets.is_vendor_billable_resolution,
        tickets.csat_answers,
        tickets.csat_satisfied_answers,
        ai_tools.tool_id

    from tickets
    inner join ai_tools
        on tickets.ticket_id = ai_tools.ticket_id
    where tickets.resolution_path in ('ai_only', 'ai_to_human')

),

contract_tickets as (

    select
        contract_terms.contract_id,
        ai_handled_tickets.ticket_month as month_start,
        count(*) as ai_handled_tickets,
        count(ai_handled_tickets.is_true_ai_resolution)
            as ai_handled_tickets_judged_short_window,
        sum(
            case when ai_handled_tickets.is_true_ai_resolution then 1 else 0 end
        ) as verified_resolutions,
        count(ai_handled_tickets.is_vendor_billable_resolution)
            as ai_handled_tickets_judged_vendor_window,
        sum(
            case
                when ai_handled_tickets.is_vendor_billable_resolution then 1
                else 0
            end
        ) as billable_resolutions,
        sum(ai_handled_tickets.csat_answers) as csat_answers,
        sum(ai_handled_tickets.csat_satisfied_answers)
            as csat_satisfied_answers

    from ai_handled_tickets
    inner join contract_terms
        on
            ai_handled_tickets.tool_id = contract_terms.tool_id
            and cast(ai_handled_tickets.created_at as date)
            >= contract_terms.effective_from
            and (
                contract_terms.effective_to is null
                or cast(ai_handled_tickets.created_at as date)
                <= contract_terms.effective_to
            )
    group by 1, 2

),

joined as (

    select
        contract_months.contract_id,
        contract_months.vendor,
        contract_months.tool_id,
        contract_months.month_start,
        contract_months.effective_from,
        contract_months.effective_to,
        contract_months.price_per_resolution_usd,
        contract_months.min_resolution_rate,
        contract_months.min_resolution_rate_pct,
        contract_months.min_csat_pct,
        contract_months.penalty_pct,
        coalesce(contract_tickets.ai_handled_tickets, 0)
            as ai_handled_tickets,
        coalesce(contract_tickets.ai_handled_tickets_judged_short_window, 0)
            as ai_handled_tickets_judged_short_window,
        coalesce(contract_tickets.verified_resolutions, 0)
            as verified_resolutions,
        coalesce(contract_tickets.ai_handled_tickets_judged_vendor_window, 0)
            as ai_handled_tickets_judged_vendor_window,
        coalesce(contract_tickets.billable_resolutions, 0)
            as billable_resolutions,
        coalesce(contract_tickets.csat_answers, 0) as csat_answers,
        coalesce(contract_tickets.csat_satisfied_answers, 0)
            as csat_satisfied_answers

    from contract_months
    left join contract_tickets
        on
            contract_months.contract_id = contract_tickets.contract_id
            and contract_months.month_start = contract_tickets.month_start

),

rated as (

    select
        *,
        {{ catalog_rate(
            'verified_resolution_rate_pct',
            'verified_resolutions',
            'ai_handled_tickets_judged_short_window',
        ) }},
        {{ catalog_rate(
            'billable_resolution_rate_pct',
            'billable_resolutions',
            'ai_handled_tickets_judged_vendor_window',
        ) }},
        {{ catalog_rate('csat_pct', 'csat_satisfied_answers', 'csat_answers') }}

    from joined

),

judged as (

    select
        *,
        verified_resolution_rate_pct < min_resolution_rate_pct
            as is_resolution_rate_below_min,
        billable_resolution_rate_pct < min_resolution_rate_pct
            as is_billable_rate_below_min,
        csat_pct < min_csat_pct as is_csat_below_min

    from rated

),

penalised as (

    select
        *,
        coalesce(is_resolution_rate_below_min, false)
        or coalesce(is_csat_below_min, false) as is_penalty_applied,
        coalesce(is_billable_rate_below_min, false)
        or coalesce(is_csat_below_min, false) as is_vendor_penalty_applied,
        verified_resolutions * price_per_resolution_usd
            as gross_invoice_usd,
        billable_resolutions * price_per_resolution_usd
            as vendor_gross_invoice_usd

    from judged

),

invoiced as (

    select
        *,
        case
            when is_penalty_applied
                then gross_invoice_usd * penalty_pct / 100
            else 0
        end as penalty_usd,
        case
            when is_vendor_penalty_applied
                then vendor_gross_invoice_usd * penalty_pct / 100
            else 0
        end as vendor_penalty_usd

    from penalised

),

final as (

    select
        contract_id,
        vendor,
        tool_id,
        month_start,
        effective_from,
        effective_to,
        {{ window_columns(['short', 'vendor']) }},
        cast(price_per_resolution_usd as double) as price_per_resolution_usd,
        cast(min_resolution_rate as double) as min_resolution_rate,
        cast(min_resolution_rate_pct as double) as min_resolution_rate_pct,
        cast(min_csat_pct as double) as min_csat_pct,
        cast(penalty_pct as double) as penalty_pct,
        cast(ai_handled_tickets as {{ dbt.type_bigint() }})
            as ai_handled_tickets,
        cast(ai_handled_tickets_judged_short_window as {{ dbt.type_bigint() }})
            as ai_handled_tickets_judged_short_window,
        cast(verified_resolutions as {{ dbt.type_bigint() }})
            as verified_resolutions,
        cast(verified_resolution_rate_pct as double)
            as verified_resolution_rate_pct,
        {{ rate_interval_columns('verified_resolution_rate_pct') }},
        cast(ai_handled_tickets_judged_vendor_window as {{ dbt.type_bigint() }})
            as ai_handled_tickets_judged_vendor_window,
        cast(billable_resolutions as {{ dbt.type_bigint() }})
            as billable_resolutions,
        cast(billable_resolution_rate_pct as double)
            as billable_resolution_rate_pct,
        {{ rate_interval_columns('billable_resolution_rate_pct') }},
        cast(
            billable_resolutions - verified_resolutions
            as {{ dbt.type_bigint() }}
        ) as over_billed_resolutions,
        cast(csat_answers as {{ dbt.type_bigint() }}) as csat_answers,
        cast(csat_satisfied_answers as {{ dbt.type_bigint() }})
            as csat_satisfied_answers,
        cast(csat_pct as double) as csat_pct,
        {{ rate_interval_columns('csat_pct') }},
        is_resolution_rate_below_min,
        is_csat_below_min,
        is_penalty_applied,
        cast(gross_invoice_usd as double) as gross_invoice_usd,
        cast(penalty_usd as double) as penalty_usd,
        cast(gross_invoice_usd - penalty_usd as double) as invoice_usd,
        is_billable_rate_below_min,
        is_vendor_penalty_applied,
        cast(vendor_gross_invoice_usd as double) as vendor_gross_invoice_usd,
        cast(vendor_penalty_usd as double) as vendor_penalty_usd,
        cast(vendor_gross_invoice_usd - vendor_penalty_usd as double)
            as vendor_invoice_usd,
        cast(
            (vendor_gross_invoice_usd - vendor_penalty_usd)
            - (gross_invoice_usd - penalty_usd)
            as double
        ) as over_billing_usd

    from invoiced

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis='created') }}
