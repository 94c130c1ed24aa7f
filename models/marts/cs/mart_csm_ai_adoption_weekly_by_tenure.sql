-- CSM AI adoption rate per ISO week, segment and tenure band ("CSM AI
-- Adoption Rate": "Not segmenting by CSM tenure" is a common mistake;
-- "Newer CSMs typically adopt AI faster; senior CSMs may need different use
-- cases to see value"). The twin of mart_csm_ai_adoption_weekly at tenure
-- grain: int_csm_adoption_weekly as it is, with the rate and the band. One
-- row per week, segment and band with at least one active CSM.
with tenure_weeks as (

    select * from {{ ref('int_csm_adoption_weekly') }}

),

rated as (

    select
        *,
        cast(
            {{ var('adoption_min_weekly_interactions') }}
            as {{ dbt.type_bigint() }}
        ) as adoption_min_weekly_interactions,
        {{ catalog_rate('adoption_rate_pct', 'adopting_csms', 'active_csms') }}

    from tenure_weeks

),

final as (

    {{ with_benchmark_band(
        'rated', 'adoption_rate_pct', 'csm_ai_adoption_rate'
    ) }}

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'week_start', grain='week', basis=none) }}
