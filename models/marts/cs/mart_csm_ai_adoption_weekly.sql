-- CSM AI adoption rate per ISO week and segment (the CSMs' segment_focus).
-- "CSM AI Adoption Rate": "(CSMs with 3+ AI-assisted interactions in the
-- week / Total active CSMs) x 100" (the threshold is var
-- adoption_min_weekly_interactions), AI-assisted interactions counted on
-- approved tools only. Shadow AI ("Shadow IT usage inflates the number
-- while hiding compliance and PII risks") is reported beside it, never
-- counted in it. Every week from the data's first week to as_of's week has
-- a row for every segment, with no active CSM too (rate null). The twin of
-- mart_csm_ai_adoption_weekly_by_tenure, from int_csm_adoption_weekly.
with tenure_weeks as (

    select * from {{ ref('int_csm_adoption_weekly') }}

),

weeks as (

    select * from {{ ref('int_cs_reporting_weeks') }}

),

segments as (

    select distinct segment from tenure_weeks

),

week_segments as (

    select
        weeks.week_start,
        weeks.week_end_date,
        weeks.report_month,
        weeks.is_complete_week,
        segments.segment

    from weeks
    cross join segments

),

segment_weeks as (

    {{ rollup(
        'tenure_weeks', ['week_start', 'segment'], csm_adoption_counts()
    ) }}

),

joined as (

    select
        week_segments.week_start,
        week_segments.week_end_date,
        week_segments.report_month,
        week_segments.segment,
        week_segments.is_complete_week,
        {%- for column in csm_adoption_counts() %}
            coalesce(segment_weeks.{{ column }}, 0) as {{ column }},
        {%- endfor %}
        cast(
            {{ var('adoption_min_weekly_interactions') }}
            as {{ dbt.type_bigint() }}
        ) as adoption_min_weekly_interactions

    from week_segments
    left join segment_weeks
        on
            week_segments.week_start = segment_weeks.week_start
            and week_segments.segment = segment_weeks.segment

),

rated as (

    select
        *,
        {{ catalog_rate('adoption_rate_pct', 'adopting_csms', 'active_csms') }}

    from joined

),

final as (

    {{ with_benchmark_band(
        'rated', 'adoption_rate_pct', 'csm_ai_adoption_rate'
    ) }}

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'week_start', grain='week', basis=none) }}
