-- Pre-AI vs post rollout, headline metrics ("Support Automation Success
-- Metrics": "Establish your baselines, implement your balanced scorecard").
-- For each headline metric of the metric catalog: the pre-AI baseline
-- (months before the AI pilot; the pilot months are left out, they are
-- neither a clean baseline nor after) and the post-rollout value, each over
-- its whole period (sum of numerators / sum of denominators, never a mean
-- of monthly rates), the change, and whether it moved the good way. A
-- baseline on fewer than var min_sample_size observations says so
-- (is_pre_ai_low_sample) instead of printing a percentage change. Dates:
-- vars ai_pilot_start_date and ai_rollout_date (macro rollout_period).
{%- set min_n = var('min_sample_size') %}
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
            case when rollout_period = 'pre_ai' then denominator end
        ) as pre_ai_denominator,
        max(
            case
                when rollout_period = 'pre_ai' and denominator > 0
                    then multiplier * numerator / denominator
            end
        ) as pre_ai_value,
        max(
            case when rollout_period = 'post_rollout' then denominator end
        ) as post_rollout_denominator,
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
        pre_ai_denominator,
        pre_ai_value,
        post_rollout_denominator,
        post_rollout_value,
        coalesce(pre_ai_denominator < {{ min_n }}, true)
            as is_pre_ai_low_sample,
        post_rollout_value - pre_ai_value as change_vs_pre_ai,
        case
            when
                pre_ai_value <> 0
                and pre_ai_denominator >= {{ min_n }}
                then
                    100.0 * (post_rollout_value - pre_ai_value)
                    / abs(pre_ai_value)
        end as change_vs_pre_ai_pct,
        case
            when direction = 'higher_is_better'
                then post_rollout_value > pre_ai_value
            else post_rollout_value < pre_ai_value
        end as is_improved

    from pivoted

)

select * from final
order by 3, 1
