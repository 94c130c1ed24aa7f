-- AI-assisted vs unassisted outcomes per calendar month and CSM: the twin
-- of mart_ai_assisted_outcomes_monthly at CSM grain ("AI-Assisted
-- Resolution Rate": "Compare AI-assisted vs. unassisted outcomes by CSM and
-- account segment"). An account is in the CSM's AI-assisted group for a
-- month when at least one of that CSM's interventions on it that month was
-- AI-assisted (macro ai_assisted_outcome_ctes). Interventions without a CSM
-- are left out. Association, not cause.
with counts as (

    select * from {{ ref('int_cs_interventions_counted_monthly') }}

),

csms as (

    select * from {{ ref('dim_csms') }}

),

months as (

    select * from {{ ref('int_cs_reporting_months') }}

),

account_outcomes as (

    select * from {{ ref('int_account_outcomes_monthly') }}

),

{{ ai_assisted_outcome_ctes('csm_id', where='csm_id is not null') }},

final as (

    select
        grouped.*,
        {{ segment_or_unknown('csms.segment') }} as segment,
        csms.team,
        {{ catalog_rate(
            'save_rate_pct',
            'grouped.risk_interventions_saved',
            'grouped.risk_interventions_decided',
        ) }},
        {{ account_outcome_rates('grouped') }}

    from grouped
    left join csms
        on grouped.csm_id = csms.csm_id

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis=none) }}
