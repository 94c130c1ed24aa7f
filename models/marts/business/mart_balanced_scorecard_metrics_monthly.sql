-- The balanced scorecard, one row per month and metric: the metric's value
-- against its target from the metric catalog (reference.metric_catalog,
-- declared on the marts' columns), how much of the target it attains, and
-- - for every metric, flagged is_headline for the headline ones - its
-- pre-AI baseline and the change since. "Support Automation Success
-- Metrics": "Creating a balanced scorecard prevents the trap of optimizing
-- for one metric while others suffer."
--
-- Attainment (percent of target, direction-aware):
-- - higher_is_better: 100 x value / target;
-- - lower_is_better: 100 x target / value (a value of 0 or less meets it);
-- then kept within 0..var scorecard_attainment_cap_pct (100), so beating
-- one target cannot make up for missing another. A metric without a value
-- or a target, or on fewer than var min_sample_size observations (its
-- denominator), has no attainment and is not judged. Baseline: the metric
-- over every pre-AI month (macro rollout_period: before the pilot; sum of
-- numerators / sum of denominators), so a month with more tickets weighs
-- more. A
-- baseline on fewer than var min_sample_size observations (its
-- denominator) is low-sample: no percentage change is given against it.
{%- set cap = var('scorecard_attainment_cap_pct') %}
{%- set min_n = var('min_sample_size') %}
with metric_values as (

    select * from {{ ref('int_scorecard_metric_values_monthly') }}

),

metric_catalog as (

    select * from {{ ref('metric_catalog') }}

),

-- Every month x every metric, so a month in which a metric has no value
-- (no AI answer audited yet) still shows it, unscored.
months as (

    select distinct month_start from metric_values

),

metrics as (

    select distinct metric from metric_values

),

periods as (

    select
        months.month_start,
        metrics.metric,
        metric_values.numerator,
        metric_values.denominator,
        metric_values.multiplier,
        metric_values.metric_value,
        {{ rollout_period('months.month_start', grain='month') }}
            as rollout_period

    from months
    cross join metrics
    left join metric_values
        on
            months.month_start = metric_values.month_start
            and metrics.metric = metric_values.metric

),

baselines as (

    select
        metric,
        sum(numerator) as baseline_numerator,
        sum(denominator) as baseline_denominator,
        case
            when sum(denominator) > 0
                then max(multiplier) * sum(numerator) / sum(denominator)
        end as baseline_value

    from periods
    where
        rollout_period = 'pre_ai'
        and numerator is not null
        and denominator is not null
    group by 1

),

joined as (

    select
        periods.month_start,
        periods.rollout_period,
        periods.metric,
        metric_catalog.metric_name,
        metric_catalog.scorecard_category,
        metric_catalog.unit,
        metric_catalog.direction,
        cast(metric_catalog.weight as double) as weight,
        coalesce(metric_catalog.is_headline, false) as is_headline,
        periods.numerator,
        periods.denominator,
        periods.multiplier,
        periods.metric_value,
        cast(metric_catalog.target as double) as target_value,
        baselines.baseline_denominator,
        baselines.baseline_value

    from periods
    inner join metric_catalog
        on periods.metric = metric_catalog.metric
    left join baselines
        on periods.metric = baselines.metric

),

sampled as (

    select
        *,
        case
            when denominator is not null then denominator < {{ min_n }}
        end as is_low_sample

    from joined

),

-- A month whose value rests on fewer than var min_sample_size
-- observations is not judged against the target (no attainment either):
-- it drops out of the category scores like a month without a value.
judged as (

    select
        *,
        case
            when metric_value is null or target_value is null then null
            when is_low_sample then null
            when direction = 'higher_is_better'
                then metric_value >= target_value
            else metric_value <= target_value
        end as is_target_met

    from sampled

),

attained as (

    select
        *,
        case
            when metric_value is null or target_value is null then null
            when is_low_sample then null
            when direction = 'higher_is_better' and target_value > 0
                then 100.0 * metric_value / target_value
            when direction = 'lower_is_better' and metric_value > 0
                then 100.0 * target_value / metric_value
            when is_target_met then {{ cap }}
            else 0
        end as attainment_uncapped_pct

    from judged

),

final as (

    select
        month_start,
        rollout_period,
        metric,
        metric_name,
        scorecard_category,
        unit,
        direction,
        weight,
        is_headline,
        numerator,
        denominator,
        multiplier,
        metric_value,
        is_low_sample,
        target_value,
        cast(metric_value - target_value as double) as gap_to_target,
        is_target_met,
        cast(attainment_uncapped_pct as double) as attainment_uncapped_pct,
        cast(
            case
                when attainment_uncapped_pct is null then null
                when attainment_uncapped_pct < 0 then 0
                when attainment_uncapped_pct > {{ cap }} then {{ cap }}
                else attainment_uncapped_pct
            end as double
        ) as attainment_pct,
        cast(baseline_denominator as double) as baseline_denominator,
        cast(baseline_value as double) as baseline_value,
        case
            when baseline_denominator is not null
                then baseline_denominator < {{ min_n }}
        end as is_baseline_low_sample,
        cast(metric_value - baseline_value as double) as delta_vs_baseline,
        -- A baseline of (float noise around) 0, such as a reduction measured
        -- against itself, or on too few observations has no percentage
        -- change.
        cast(
            case
                when
                    abs(baseline_value) > 0.000000001
                    and baseline_denominator >= {{ min_n }}
                    then
                        100.0 * (metric_value - baseline_value)
                        / abs(baseline_value)
            end as double
        ) as delta_vs_baseline_pct,
        case
            when metric_value is null or baseline_value is null then null
            when direction = 'higher_is_better'
                then metric_value > baseline_value
            else metric_value < baseline_value
        end as is_better_than_baseline

    from attained

)

-- Provisional period columns (macro with_provisional).
-- A row is provisional only for a metric of a window-based mart.
{%- set windowed_metrics = [] %}
{%- if execute and model.resource_type == 'model' %}
    {%- for entry in metric_catalog_entries() %}
        {%- if entry.mart in provisional_window_marts() %}
            {%- do windowed_metrics.append(string_literal(entry.metric)) %}
        {%- endif %}
    {%- endfor %}
{%- endif %}
{{ with_provisional(
    'final', 'month_start', basis='created',
    applies_when='final.metric in ('
    ~ (windowed_metrics | join(', ') if windowed_metrics else "''") ~ ')',
) }}
