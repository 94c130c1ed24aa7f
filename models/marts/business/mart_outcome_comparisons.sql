-- The comparisons the articles ask for, each with its uncertainty
-- (docs/definitions.md, "Intervals and significance"): one row per
-- comparison, metric and period (each calendar month, and overall), group
-- a against group b:
--
-- - ai_only_vs_human_only: post-rollout tickets resolved by the AI agent
--   alone vs by humans alone ("Key Metrics That Matter": "AI-handled
--   conversations should match or exceed human CSAT"): repeat contact at
--   the short and long window, CSAT, first contact resolution (by the
--   ticket's month) and CES (a mean);
-- - ai_assisted_vs_unassisted: CS interventions with material AI
--   assistance vs without: save rate and account CSAT (groups as
--   mart_ai_assisted_outcomes_monthly), and GRR of the renewals with an
--   intervention in the window before them (int_renewals_cs_assisted; a
--   mean of each renewal's capped retained ARR %, Welch's test on it,
--   beside the ARR-weighted GRR in a_weighted_value / b_weighted_value);
-- - post_rollout_vs_pre_ai: tickets created after the rollout vs before
--   the AI pilot (the pilot is neither), overall only: CSAT, first
--   response, human first response and handle time (means of tickets;
--   also on human-only tickets alone, like for like: after the rollout a
--   human first response is often one after an AI hand-off), blended cost
--   per resolution (a mean of months).
--
-- A proportion: each group's n and rate, the difference in percentage
-- points with Newcombe's hybrid score interval, and the two-proportion z
-- test (pooled), or Fisher's exact test where an expected count is below
-- 5. A mean: each group's n, mean, median and standard deviation, the
-- difference with Welch's interval and Welch's t test. is_significant: p
-- below var significance_alpha. Everything in plain SQL (macros/metrics/
-- statistics.sql), so it runs on every engine.
{%- set min_n = var('min_sample_size') %}
{%- set z = confidence_z() %}
with tickets as (

    select * from {{ ref('fct_tickets') }}

),

intervention_outcomes as (

    select * from {{ ref('mart_ai_assisted_outcomes_monthly') }}

),

costs as (

    select * from {{ ref('mart_cost_per_resolution_monthly') }}

),

renewals as (

    select * from {{ ref('int_renewals_cs_assisted') }}

),

ai_vs_human_tickets as (

    select
        *,
        case when resolution_path = 'ai_only' then 'a' else 'b' end as side

    from tickets
    where
        rollout_period = 'post_rollout'
        and resolution_path in ('ai_only', 'human_only')

),

pre_post_tickets as (

    select
        *,
        case when rollout_period = 'post_rollout' then 'a' else 'b' end
            as side

    from tickets
    where rollout_period in ('pre_ai', 'post_rollout')

),

-- Successes x of n per comparison, metric, month and side.
proportion_counts as (

    select
        'ai_only_vs_human_only' as comparison,
        'repeat_contact_rate_short_window' as metric,
        ticket_month as month_start,
        side,
        count(is_repeat_contact_short_window) as n,
        sum(case when is_repeat_contact_short_window then 1 else 0 end) as x
    from ai_vs_human_tickets
    group by 1, 2, 3, 4
    union all
    select
        'ai_only_vs_human_only' as comparison,
        'repeat_contact_rate_long_window' as metric,
        ticket_month as month_start,
        side,
        count(is_repeat_contact_long_window) as n,
        sum(case when is_repeat_contact_long_window then 1 else 0 end) as x
    from ai_vs_human_tickets
    group by 1, 2, 3, 4
    union all
    select
        'ai_only_vs_human_only' as comparison,
        'first_contact_resolution_rate' as metric,
        ticket_month as month_start,
        side,
        count(is_first_contact_resolution) as n,
        sum(case when is_first_contact_resolution then 1 else 0 end) as x
    from ai_vs_human_tickets
    group by 1, 2, 3, 4
    union all
    select
        'ai_only_vs_human_only' as comparison,
        'csat' as metric,
        ticket_month as month_start,
        side,
        sum(csat_answers) as n,
        sum(csat_satisfied_answers) as x
    from ai_vs_human_tickets
    group by 1, 2, 3, 4
    union all
    select
        'ai_assisted_vs_unassisted' as comparison,
        'save_rate' as metric,
        month_start,
        case when is_ai_assisted then 'a' else 'b' end as side,
        sum(risk_interventions_decided) as n,
        sum(risk_interventions_saved) as x
    from intervention_outcomes
    group by 1, 2, 3, 4
    union all
    select
        'ai_assisted_vs_unassisted' as comparison,
        'csat' as metric,
        month_start,
        case when is_ai_assisted then 'a' else 'b' end as side,
        sum(csat_answers) as n,
        sum(csat_satisfied_answers) as x
    from intervention_outcomes
    group by 1, 2, 3, 4
    union all
    select
        'post_rollout_vs_pre_ai' as comparison,
        'csat' as metric,
        ticket_month as month_start,
        side,
        sum(csat_answers) as n,
        sum(csat_satisfied_answers) as x
    from pre_post_tickets
    group by 1, 2, 3, 4

),

-- One observation per row: a ticket's score or duration, a month's cost.
mean_observations as (

    select
        'ai_only_vs_human_only' as comparison,
        'ces_score' as metric,
        ticket_month as month_start,
        side,
        cast(ces_score_sum as double) / ces_answers as observation,
        cast(null as double) as weight
    from ai_vs_human_tickets
    where ces_answers > 0
    union all
    select
        'post_rollout_vs_pre_ai' as comparison,
        'first_response_seconds' as metric,
        ticket_month as month_start,
        side,
        cast(
            case
                when
                    ai_first_response_seconds is null
                    or human_first_response_seconds < ai_first_response_seconds
                    then human_first_response_seconds
                else ai_first_response_seconds
            end as double
        ) as observation,
        cast(null as double) as weight
    from pre_post_tickets
    where
        ai_first_response_seconds is not null
        or human_first_response_seconds is not null
    union all
    select
        'post_rollout_vs_pre_ai' as comparison,
        'human_first_response_seconds' as metric,
        ticket_month as month_start,
        side,
        cast(human_first_response_seconds as double) as observation,
        cast(null as double) as weight
    from pre_post_tickets
    where human_first_response_seconds is not null
    union all
    select
        'post_rollout_vs_pre_ai' as comparison,
        'human_only_first_response_seconds' as metric,
        ticket_month as month_start,
        side,
        cast(human_first_response_seconds as double) as observation,
        cast(null as double) as weight
    from pre_post_tickets
    where
        human_first_response_seconds is not null
        and resolution_path = 'human_only'
    union all
    select
        'post_rollout_vs_pre_ai' as comparison,
        'human_only_handle_seconds' as metric,
        ticket_month as month_start,
        side,
        cast(handle_seconds as double) as observation,
        cast(null as double) as weight
    from pre_post_tickets
    where
        handle_seconds is not null
        and resolution_path = 'human_only'
    union all
    select
        'post_rollout_vs_pre_ai' as comparison,
        'handle_seconds' as metric,
        ticket_month as month_start,
        side,
        cast(handle_seconds as double) as observation,
        cast(null as double) as weight
    from pre_post_tickets
    where handle_seconds is not null
    union all
    select
        'post_rollout_vs_pre_ai' as comparison,
        'blended_cost_per_resolution_usd' as metric,
        month_start,
        case when rollout_period = 'post_rollout' then 'a' else 'b' end
            as side,
        blended_cost_per_resolution_usd as observation,
        cast(null as double) as weight
    from costs
    where
        rollout_period in ('pre_ai', 'post_rollout')
        and blended_cost_per_resolution_usd is not null
    union all
    -- GRR: a renewal's capped retained ARR / its ARR before, in percent;
    -- weighted by its ARR before, the group's mean is the ARR-weighted GRR.
    select
        'ai_assisted_vs_unassisted' as comparison,
        'grr' as metric,
        renewal_month as month_start,
        case when cs_group = 'ai_assisted' then 'a' else 'b' end as side,
        retained_pct as observation,
        arr_before_usd as weight
    from renewals
    where
        cs_group in ('ai_assisted', 'unassisted')
        and retained_pct is not null

),

-- Each month, and overall; pre vs post has no month (its groups are
-- different months).
proportion_periods as (

    select
        comparison,
        metric,
        'month' as period_grain,
        month_start as period_start,
        side,
        sum(n) as n,
        sum(x) as x
    from proportion_counts
    where comparison <> 'post_rollout_vs_pre_ai'
    group by 1, 2, 3, 4, 5
    union all
    select
        comparison,
        metric,
        'overall' as period_grain,
        cast(null as date) as period_start,
        side,
        sum(n) as n,
        sum(x) as x
    from proportion_counts
    group by 1, 2, 3, 4, 5

),

mean_periods as (

    select
        comparison,
        metric,
        'month' as period_grain,
        month_start as period_start,
        side,
        observation,
        weight
    from mean_observations
    where comparison <> 'post_rollout_vs_pre_ai'
    union all
    select
        comparison,
        metric,
        'overall' as period_grain,
        cast(null as date) as period_start,
        side,
        observation,
        weight
    from mean_observations

),

mean_sides as (

    select
        comparison,
        metric,
        period_grain,
        period_start,
        side,
        count(*) as n,
        avg(observation) as mean_value,
        {{ percentile_cont('observation', 0.5) }} as median_value,
        sum(observation * weight) / sum(weight) as weighted_mean_value
    from mean_periods
    group by 1, 2, 3, 4, 5

),

-- Two passes: the variance from the deviations, not sum of squares minus
-- the squared sum (which loses digits on durations in seconds).
mean_spread as (

    select
        mean_sides.comparison,
        mean_sides.metric,
        mean_sides.period_grain,
        mean_sides.period_start,
        mean_sides.side,
        mean_sides.n,
        mean_sides.mean_value,
        mean_sides.median_value,
        mean_sides.weighted_mean_value,
        case
            when mean_sides.n > 1
                then
                    sum(
                        (mean_periods.observation - mean_sides.mean_value)
                        * (mean_periods.observation - mean_sides.mean_value)
                    )
                    / (mean_sides.n - 1)
        end as variance
    from mean_sides
    inner join mean_periods
        on
            mean_sides.comparison = mean_periods.comparison
            and mean_sides.metric = mean_periods.metric
            and mean_sides.period_grain = mean_periods.period_grain
            and mean_sides.side = mean_periods.side
            and (
                mean_sides.period_start = mean_periods.period_start
                or (
                    mean_sides.period_start is null
                    and mean_periods.period_start is null
                )
            )
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9

),

proportion_pairs as (

    select
        comparison,
        metric,
        period_grain,
        period_start,
        cast(coalesce(max(case when side = 'a' then n end), 0) as double)
            as a_n,
        cast(coalesce(max(case when side = 'a' then x end), 0) as double)
            as a_x,
        cast(coalesce(max(case when side = 'b' then n end), 0) as double)
            as b_n,
        cast(coalesce(max(case when side = 'b' then x end), 0) as double)
            as b_x
    from proportion_periods
    group by 1, 2, 3, 4

),

proportion_rates as (

    select
        *,
        {{ rate_pct('a_x', 'a_n') }} as a_rate,
        {{ wilson_bound_pct('a_x', 'a_n', 'low') }} as a_low,
        {{ wilson_bound_pct('a_x', 'a_n', 'high') }} as a_high,
        {{ rate_pct('b_x', 'b_n') }} as b_rate,
        {{ wilson_bound_pct('b_x', 'b_n', 'low') }} as b_low,
        {{ wilson_bound_pct('b_x', 'b_n', 'high') }} as b_high,
        case
            when a_n > 0 and b_n > 0 then (a_x + b_x) / (a_n + b_n)
        end as pooled
    from proportion_pairs

),

proportion_tests as (

    select
        *,
        {{ newcombe_bound_pct(
            'a_rate', 'a_low', 'a_high', 'b_rate', 'b_low', 'b_high', 'low'
        ) }} as difference_ci_low,
        {{ newcombe_bound_pct(
            'a_rate', 'a_low', 'a_high', 'b_rate', 'b_low', 'b_high', 'high'
        ) }} as difference_ci_high,
        least(
            a_n * pooled, a_n * (1 - pooled), b_n * pooled, b_n * (1 - pooled)
        ) as min_expected_count,
        case
            when pooled > 0 and pooled < 1
                then
                    (a_x / a_n - b_x / b_n)
                    / sqrt(pooled * (1 - pooled) * (1 / a_n + 1 / b_n))
        end as z_statistic
    from proportion_rates

),

-- Fisher's exact test (two-sided): the probability of every table with
-- the observed margins that is no more likely than the observed one
-- (scipy's relative tolerance 1e-7), for the rows with a small expected
-- count. k walks the possible counts of group a's successes.
fisher_candidates as (

    select
        comparison,
        metric,
        period_grain,
        period_start,
        a_n,
        a_x,
        a_n + b_n as total,
        a_x + b_x as successes,
        greatest(0.0, a_x + b_x - b_n) as k_min,
        least(a_n, a_x + b_x) as k_max
    from proportion_tests
    where min_expected_count < 5

),

-- ln P(k) = ln C(s, k) + ln C(N - s, n - k) - ln C(N, n): the part that
-- does not depend on k once per row, the rest per table.
fisher_constants as (

    select
        *,
        {{ ln_gamma('(successes + 1.0)') }}
        + {{ ln_gamma('(total - successes + 1.0)') }}
        + {{ ln_gamma('(a_n + 1.0)') }}
        + {{ ln_gamma('(total - a_n + 1.0)') }}
        - {{ ln_gamma('(total + 1.0)') }} as ln_constant
    from fisher_candidates

),

integers as (

    {{ integers(4) }}

),

fisher_counts as (

    select
        fisher_constants.comparison,
        fisher_constants.metric,
        fisher_constants.period_grain,
        fisher_constants.period_start,
        fisher_constants.ln_constant,
        fisher_constants.k_min + integers.i as k,
        fisher_constants.a_x,
        fisher_constants.a_n,
        fisher_constants.successes,
        fisher_constants.total
    from fisher_constants
    inner join integers
        on integers.i <= fisher_constants.k_max - fisher_constants.k_min

),

fisher_tables as (

    select
        comparison,
        metric,
        period_grain,
        period_start,
        k,
        a_x,
        ln_constant
        - {{ ln_gamma('(k + 1.0)') }}
        - {{ ln_gamma('(successes - k + 1.0)') }}
        - {{ ln_gamma('(a_n - k + 1.0)') }}
        - {{ ln_gamma('(total - successes - a_n + k + 1.0)') }}
            as ln_probability
    from fisher_counts

),

fisher_observed as (

    select
        comparison,
        metric,
        period_grain,
        period_start,
        ln_probability as ln_observed_probability
    from fisher_tables
    where k = a_x

),

fisher_p as (

    select
        fisher_tables.comparison,
        fisher_tables.metric,
        fisher_tables.period_grain,
        fisher_tables.period_start,
        least(
            1.0,
            sum(
                case
                    when
                        fisher_tables.ln_probability
                        <= fisher_observed.ln_observed_probability
                        + 0.00000009999999505
                        then exp(fisher_tables.ln_probability)
                    else 0
                end
            )
        ) as p_value
    from fisher_tables
    inner join fisher_observed
        on
            fisher_tables.comparison = fisher_observed.comparison
            and fisher_tables.metric = fisher_observed.metric
            and fisher_tables.period_grain = fisher_observed.period_grain
            and (
                fisher_tables.period_start = fisher_observed.period_start
                or (
                    fisher_tables.period_start is null
                    and fisher_observed.period_start is null
                )
            )
    group by 1, 2, 3, 4

),

proportion_rows as (

    select
        proportion_tests.comparison,
        proportion_tests.metric,
        'proportion' as statistic,
        proportion_tests.period_grain,
        proportion_tests.period_start,
        cast(proportion_tests.a_n as {{ dbt.type_bigint() }}) as a_n,
        cast(proportion_tests.a_x as {{ dbt.type_bigint() }}) as a_successes,
        proportion_tests.a_rate as a_value,
        cast(null as double) as a_std_dev,
        cast(null as double) as a_median,
        cast(null as double) as a_weighted_value,
        cast(proportion_tests.b_n as {{ dbt.type_bigint() }}) as b_n,
        cast(proportion_tests.b_x as {{ dbt.type_bigint() }}) as b_successes,
        proportion_tests.b_rate as b_value,
        cast(null as double) as b_std_dev,
        cast(null as double) as b_median,
        cast(null as double) as b_weighted_value,
        proportion_tests.a_rate - proportion_tests.b_rate as difference,
        proportion_tests.difference_ci_low,
        proportion_tests.difference_ci_high,
        proportion_tests.min_expected_count,
        cast(null as double) as degrees_of_freedom,
        case
            when proportion_tests.pooled is null then null
            when proportion_tests.min_expected_count < 5 then 'fisher_exact'
            else 'two_proportion_z'
        end as test_used,
        case
            when proportion_tests.pooled is null then null
            when proportion_tests.min_expected_count < 5
                then fisher_p.p_value
            else {{ normal_two_sided_p('proportion_tests.z_statistic') }}
        end as p_value
    from proportion_tests
    left join fisher_p
        on
            proportion_tests.comparison = fisher_p.comparison
            and proportion_tests.metric = fisher_p.metric
            and proportion_tests.period_grain = fisher_p.period_grain
            and (
                proportion_tests.period_start = fisher_p.period_start
                or (
                    proportion_tests.period_start is null
                    and fisher_p.period_start is null
                )
            )

),

mean_pairs as (

    select
        comparison,
        metric,
        period_grain,
        period_start,
        coalesce(max(case when side = 'a' then n end), 0) as a_n,
        max(case when side = 'a' then mean_value end) as a_mean,
        max(case when side = 'a' then variance end) as a_variance,
        max(case when side = 'a' then median_value end) as a_median,
        max(case when side = 'a' then weighted_mean_value end)
            as a_weighted_value,
        coalesce(max(case when side = 'b' then n end), 0) as b_n,
        max(case when side = 'b' then mean_value end) as b_mean,
        max(case when side = 'b' then variance end) as b_variance,
        max(case when side = 'b' then median_value end) as b_median,
        max(case when side = 'b' then weighted_mean_value end)
            as b_weighted_value
    from mean_spread
    group by 1, 2, 3, 4

),

welch as (

    select
        *,
        sqrt(a_variance / a_n + b_variance / b_n) as standard_error,
        (a_variance / a_n + b_variance / b_n)
        * (a_variance / a_n + b_variance / b_n)
        / (
            (a_variance / a_n) * (a_variance / a_n) / (a_n - 1)
            + (b_variance / b_n) * (b_variance / b_n) / (b_n - 1)
        ) as df
    from mean_pairs
    where
        a_n > 1
        and b_n > 1
        and a_variance / a_n + b_variance / b_n > 0

),

welch_t as (

    select
        *,
        (a_mean - b_mean) / standard_error as t_statistic,
        {{ t_quantile_start(z, 'df') }} as t_quantile_0
    from welch

),

-- The t quantile of the interval: Newton steps from the Cornish-Fisher
-- guess t_quantile_0 (each step several digits closer; macro
-- t_quantile_newton_ctes), then the p-value of t.
{%- set newton_steps = 5 %}
{{ t_quantile_newton_ctes('welch_t', 'df', confidence_alpha(), newton_steps) }},

{{ t_two_sided_p_ctes(
    'welch_quantile_' ~ newton_steps, 't_statistic', 'df', 'p_value', 'welch_p'
) }},

welch_tests as (

    select
        comparison,
        metric,
        period_grain,
        period_start,
        df,
        p_value,
        standard_error * t_quantile_{{ newton_steps }} as margin
    from welch_p

),

mean_rows as (

    select
        mean_pairs.comparison,
        mean_pairs.metric,
        'mean' as statistic,
        mean_pairs.period_grain,
        mean_pairs.period_start,
        cast(mean_pairs.a_n as {{ dbt.type_bigint() }}) as a_n,
        cast(null as {{ dbt.type_bigint() }}) as a_successes,
        mean_pairs.a_mean as a_value,
        sqrt(mean_pairs.a_variance) as a_std_dev,
        mean_pairs.a_median,
        mean_pairs.a_weighted_value,
        cast(mean_pairs.b_n as {{ dbt.type_bigint() }}) as b_n,
        cast(null as {{ dbt.type_bigint() }}) as b_successes,
        mean_pairs.b_mean as b_value,
        sqrt(mean_pairs.b_variance) as b_std_dev,
        mean_pairs.b_median,
        mean_pairs.b_weighted_value,
        mean_pairs.a_mean - mean_pairs.b_mean as difference,
        mean_pairs.a_mean - mean_pairs.b_mean - welch_tests.margin
            as difference_ci_low,
        mean_pairs.a_mean - mean_pairs.b_mean + welch_tests.margin
            as difference_ci_high,
        cast(null as double) as min_expected_count,
        welch_tests.df as degrees_of_freedom,
        case
            when welch_tests.p_value is not null then 'welch_t'
        end as test_used,
        welch_tests.p_value
    from mean_pairs
    left join welch_tests
        on
            mean_pairs.comparison = welch_tests.comparison
            and mean_pairs.metric = welch_tests.metric
            and mean_pairs.period_grain = welch_tests.period_grain
            and (
                mean_pairs.period_start = welch_tests.period_start
                or (
                    mean_pairs.period_start is null
                    and welch_tests.period_start is null
                )
            )

),

unioned as (

    select * from proportion_rows
    union all
    select * from mean_rows

),

final as (

    select
        comparison,
        metric,
        statistic,
        period_grain,
        cast(period_start as date) as period_start,
        case comparison
            when 'ai_only_vs_human_only' then 'ai_only'
            when 'ai_assisted_vs_unassisted' then 'ai_assisted'
            else 'post_rollout'
        end as group_a,
        case comparison
            when 'ai_only_vs_human_only' then 'human_only'
            when 'ai_assisted_vs_unassisted' then 'unassisted'
            else 'pre_ai'
        end as group_b,
        a_n,
        a_successes,
        cast(a_value as double) as a_value,
        cast(a_std_dev as double) as a_std_dev,
        cast(a_median as double) as a_median,
        cast(a_weighted_value as double) as a_weighted_value,
        b_n,
        b_successes,
        cast(b_value as double) as b_value,
        cast(b_std_dev as double) as b_std_dev,
        cast(b_median as double) as b_median,
        cast(b_weighted_value as double) as b_weighted_value,
        cast(difference as double) as difference,
        cast(difference_ci_low as double) as difference_ci_low,
        cast(difference_ci_high as double) as difference_ci_high,
        cast(min_expected_count as double) as min_expected_count,
        cast(degrees_of_freedom as double) as degrees_of_freedom,
        test_used,
        cast(p_value as double) as p_value,
        case
            when p_value is not null
                then p_value < {{ var('significance_alpha') }}
        end as is_significant,
        coalesce(a_n < {{ min_n }} or b_n < {{ min_n }}, true)
            as is_low_sample
    from unioned

)

select * from final
