-- AI-assisted resolution rate per calendar month and CSM ("AI-Assisted
-- Resolution Rate": "Compare AI-assisted vs. unassisted outcomes by CSM and
-- account segment to identify where AI adds the most value"). The twin of
-- mart_ai_assisted_resolution_monthly at CSM grain, from the same
-- intermediate (int_cs_interventions_counted_monthly): interventions opened
-- in the month by the CSM (csm_id). One row per CSM and month with at least
-- one intervention; interventions without a CSM are left out. The band uses
-- the CSM's segment_focus.
with counts as (

    select * from {{ ref('int_cs_interventions_counted_monthly') }}

),

csms as (

    select * from {{ ref('dim_csms') }}

),

months as (

    select * from {{ ref('int_cs_reporting_months') }}

),

csm_month_counts as (

    {{ rollup(
        'counts',
        ['month_start', 'csm_id'],
        cs_intervention_counts(),
        where='csm_id is not null',
    ) }}

),

joined as (

    select
        csm_month_counts.month_start,
        csm_month_counts.csm_id,
        {{ segment_or_unknown('csms.segment') }} as segment,
        csms.team,
        {{ tenure_band('csms.hired_at', 'csm_month_counts.month_start') }}
            as tenure_band,
        coalesce(months.is_complete_month, false) as is_complete_month,
        {%- for column in cs_intervention_counts()
                if not column.startswith('risk_') %}
            csm_month_counts.{{ column }},
        {%- endfor %}
        {{ catalog_rate(
            'ai_assisted_rate_pct',
            'csm_month_counts.ai_assisted_interventions',
            'csm_month_counts.interventions',
        ) }}

    from csm_month_counts
    left join months
        on csm_month_counts.month_start = months.month_start
    left join csms
        on csm_month_counts.csm_id = csms.csm_id

),

final as (

    {{ with_benchmark_band(
        'joined', 'ai_assisted_rate_pct', 'ai_assisted_resolution_rate'
    ) }}

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis=none) }}
