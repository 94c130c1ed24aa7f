-- AI-assisted vs unassisted outcomes per calendar month and account
-- segment ("AI-Assisted Resolution Rate": "Compare AI-assisted vs.
-- unassisted outcomes by CSM and account segment to identify where AI adds
-- the most value"; "whether AI-assisted interventions produce better
-- retention outcomes"). The groups: macro ai_assisted_outcome_ctes.
-- Association, not cause: the groups are not randomised.
with counts as (

    select * from {{ ref('int_cs_interventions_counted_monthly') }}

),

months as (

    select * from {{ ref('int_cs_reporting_months') }}

),

account_outcomes as (

    select * from {{ ref('int_account_outcomes_monthly') }}

),

{{ ai_assisted_outcome_ctes('segment') }},

final as (

    select
        *,
        {{ catalog_rate(
            'save_rate_pct',
            'risk_interventions_saved',
            'risk_interventions_decided',
        ) }},
        {{ account_outcome_rates() }}

    from grouped

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis=none) }}
