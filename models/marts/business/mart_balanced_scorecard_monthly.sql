-- The balanced scorecard per month: a score per category (efficiency,
-- quality, experience) and a weighted total, from the metric rows of
-- mart_balanced_scorecard_metrics_monthly. Seed 003: "Creating a balanced
-- scorecard prevents the trap of optimizing for one metric while others
-- suffer."
--
-- Score = sum(weight x attainment) / sum(weight), over the metrics with a
-- weight > 0 (metric_catalog) that have an attainment that month; a
-- metric without a value (no AI before the rollout, no audit that month)
-- drops out of numerator and denominator alike, and weight_coverage_pct
-- shows how much of the full weight was scored.
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
        sum(case when is_scored then 1 else 0 end) as scored_metrics,
        sum(case when is_target_met then 1 else 0 end) as metrics_on_target,
        sum(weight) as total_weight,
        sum(case when is_scored then weight else 0 end) as scored_weight,
        sum(
            case when is_scored then weight * attainment_pct else 0 end
        ) as weighted_attainment,
        sum(
            case
                when is_scored and scorecard_category = 'efficiency'
                    then weight
                else 0
            end
        ) as efficiency_scored_weight,
        sum(
            case
                when is_scored and scorecard_category = 'efficiency'
                    then weight * attainment_pct
                else 0
            end
        ) as efficiency_weighted_attainment,
        sum(
            case
                when is_scored and scorecard_category = 'quality'
                    then weight
                else 0
            end
        ) as quality_scored_weight,
        sum(
            case
                when is_scored and scorecard_category = 'quality'
                    then weight * attainment_pct
                else 0
            end
        ) as quality_weighted_attainment,
        sum(
            case
                when is_scored and scorecard_category = 'experience'
                    then weight
                else 0
            end
        ) as experience_scored_weight,
        sum(
            case
                when is_scored and scorecard_category = 'experience'
                    then weight * attainment_pct
                else 0
            end
        ) as experience_weighted_attainment

    from scored
    group by 1, 2

),

final as (

    select
        month_start,
        rollout_period,
        cast(scored_metrics as {{ dbt.type_bigint() }}) as scored_metrics,
        cast(metrics_on_target as {{ dbt.type_bigint() }})
            as metrics_on_target,
        cast(efficiency_weighted_attainment as double)
            as efficiency_weighted_attainment,
        cast(efficiency_scored_weight as double) as efficiency_scored_weight,
        -- Attainment is already a percent: a weighted mean, not x 100.
        cast(
            case
                when efficiency_scored_weight > 0
                    then
                        efficiency_weighted_attainment
                        / efficiency_scored_weight
            end as double
        ) as efficiency_score_pct,
        cast(quality_weighted_attainment as double)
            as quality_weighted_attainment,
        cast(quality_scored_weight as double) as quality_scored_weight,
        -- Attainment is already a percent: a weighted mean, not x 100.
        cast(
            case
                when quality_scored_weight > 0
                    then quality_weighted_attainment / quality_scored_weight
            end as double
        ) as quality_score_pct,
        cast(experience_weighted_attainment as double)
            as experience_weighted_attainment,
        cast(experience_scored_weight as double) as experience_scored_weight,
        -- Attainment is already a percent: a weighted mean, not x 100.
        cast(
            case
                when experience_scored_weight > 0
                    then
                        experience_weighted_attainment
                        / experience_scored_weight
            end as double
        ) as experience_score_pct,
        cast(weighted_attainment as double) as weighted_attainment,
        cast(scored_weight as double) as scored_weight,
        cast(total_weight as double) as total_weight,
        cast(
            case
                when scored_weight > 0 then weighted_attainment / scored_weight
            end as double
        ) as weighted_total_score_pct,
        cast(
            {{ rate_pct('scored_weight', 'total_weight') }} as double
        ) as weight_coverage_pct

    from monthly

)

select * from final
