-- The balanced scorecard per month: a score per category (macro
-- scorecard_categories: efficiency, quality, experience) and a weighted
-- total, from the metric rows of mart_balanced_scorecard_metrics_monthly.
-- "Support Automation Success Metrics": "Creating a balanced scorecard
-- prevents the trap of optimizing for one metric while others suffer."
--
-- Score = sum(weight x attainment) / sum(weight), over the metrics with a
-- weight > 0 (the metric catalog) that have an attainment that month; a
-- metric without a value (no AI before the rollout, no audit that month)
-- drops out of numerator and denominator alike, and weight_coverage_pct
-- shows how much of the full weight was scored. Attainment is already a
-- percent, so a score is a weighted mean, not x 100 (the columns'
-- declarations in _business__models.yml say scale 1).
with scorecard_metrics as (

    select * from {{ ref('mart_balanced_scorecard_metrics_monthly') }}

),

scored as (

    select
        month_start,
        rollout_period,
        scorecard_category,
        weight,
        attainment_pct,
        is_target_met,
        attainment_pct is not null as is_scored

    from scorecard_metrics
    where weight > 0

),

monthly as (

    select
        month_start,
        rollout_period,
        cast(
            sum(case when is_scored then 1 else 0 end)
            as {{ dbt.type_bigint() }}
        ) as scored_metrics,
        cast(
            sum(case when is_target_met then 1 else 0 end)
            as {{ dbt.type_bigint() }}
        ) as metrics_on_target,
        {%- for category in scorecard_categories() %}
            cast(
                sum(
                    case
                        when is_scored and scorecard_category = '{{ category }}'
                            then weight * attainment_pct
                        else 0
                    end
                ) as double
            ) as {{ category }}_weighted_attainment,
            cast(
                sum(
                    case
                        when is_scored and scorecard_category = '{{ category }}'
                            then weight
                        else 0
                    end
                ) as double
            ) as {{ category }}_scored_weight,
        {%- endfor %}
        cast(
            sum(case when is_scored then weight * attainment_pct else 0 end)
            as double
        ) as weighted_attainment,
        cast(
            sum(case when is_scored then weight else 0 end) as double
        ) as scored_weight,
        cast(sum(weight) as double) as total_weight

    from scored
    group by 1, 2

),

final as (

    select
        *,
        {%- for category in scorecard_categories() %}
            {{ catalog_rate(
                category ~ '_score_pct',
                category ~ '_weighted_attainment',
                category ~ '_scored_weight',
                scale=1,
            ) }},
        {%- endfor %}
        {{ catalog_rate(
            'weighted_total_score_pct',
            'weighted_attainment',
            'scored_weight',
            scale=1,
        ) }},
        {{ catalog_rate(
            'weight_coverage_pct', 'scored_weight', 'total_weight'
        ) }}

    from monthly

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis='created') }}
