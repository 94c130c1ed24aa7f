-- Pre vs post AI rollout, headline metrics ("Support Automation Success
-- Metrics": "Establish your baselines, implement your balanced scorecard").
-- For each headline metric of the metric catalog: the pre-rollout baseline and
-- the post-rollout value, each over its whole period (sum of numerators / sum
-- of denominators, never a mean of monthly rates), the change, and whether it
-- moved the good way. Rollout date: var ai_rollout_date.
with scorecard_metrics as (

    select * from {{ ref('mart_balanced_scorecard_metrics_monthly') }}

),

period_values as (

    select
        metric,
        metric_name,
        scorecard_category,
        direction,
        rollout_period,
        max(target_value) as target_value,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        max(multiplier) as multiplier

    from scorecard_metrics
    where
        is_headline
        and numerator is not null
        and denominator is not null
    group by 1, 2, 3, 4, 5

),

pivoted as (

    select
        metric,
        metric_name,
        scorecard_category,
        direction,
        max(target_value) as target_value,
        max(
            case
                when rollout_period = 'pre_rollout' and denominator > 0
                    then multiplier * numerator / denominator
            end
        ) as pre_rollout_value,
        max(
            case
                when rollout_period = 'post_rollout' and denominator > 0
                    then multiplier * numerator / denominator
            end
        ) as post_rollout_value

    from period_values
    group by 1, 2, 3, 4

),

final as (

    select
        metric,
        metric_name,
        scorecard_category,
        direction,
        target_value,
        pre_rollout_value,
        post_rollout_value,
        post_rollout_value - pre_rollout_value as change_vs_pre_rollout,
        case
            when pre_rollout_value <> 0
                then
                    100.0 * (post_rollout_value - pre_rollout_value)
                    / abs(pre_rollout_value)
        end as change_vs_pre_rollout_pct,
        case
            when direction = 'higher_is_better'
                then post_rollout_value > pre_rollout_value
            else post_rollout_value < pre_rollout_value
        end as is_improved

    from pivoted

)

select * from final
order by 3, 1
