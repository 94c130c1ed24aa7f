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
        {{ catalog_rate(
            'csat_pct', 'csat_satisfied_answers', 'csat_answers'
        ) }},
        {{ catalog_rate(
            'grr_pct', 'renewal_arr_retained_usd', 'renewal_arr_before_usd'
        ) }},
        {{ catalog_rate(
            'nrr_pct', 'renewal_arr_after_usd', 'renewal_arr_before_usd'
        ) }}

    from grouped

)

select * from final
