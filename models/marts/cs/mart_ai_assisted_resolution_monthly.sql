-- AI-assisted resolution rate per calendar month and account segment
-- ("AI-Assisted Resolution Rate": "(CS interventions with documented AI
-- involvement / Total CS interventions in period) x 100", tracked monthly).
-- An intervention counts in the month it was opened; it is AI-assisted when
-- a material AI event is linked to it (fct_cs_interventions). Beside the
-- rate: the segment's CSAT and GRR that month, and a flag when the rate
-- rose while either fell significantly ("A high rate with declining CSAT
-- or GRR means AI is creating noise, not value"). Rates: the column
-- declarations in
-- _cs__models.yml (macro catalog_rate).
with counts as (

    select * from {{ ref('int_cs_interventions_counted_monthly') }}

),

months as (

    select * from {{ ref('int_cs_reporting_months') }}

),

account_outcomes as (

    select * from {{ ref('int_account_outcomes_monthly') }}

),

renewals as (

    select * from {{ ref('int_renewals_cs_assisted') }}

),

segments as (

    select distinct segment from counts

),

month_segments as (

    select
        months.month_start,
        months.is_complete_month,
        segments.segment

    from months
    cross join segments

),

intervention_counts as (

    {{ rollup('counts', ['month_start', 'segment'], cs_intervention_counts()) }}

),

segment_outcomes as (

    {{ rollup(
        'account_outcomes',
        ['month_start', 'segment'],
        ['csat_satisfied_answers', 'csat_answers', 'renewals'],
        [
            'renewal_arr_before_usd',
            'renewal_arr_retained_usd',
            'renewal_arr_after_usd',
        ],
    ) }}

),

joined as (

    select
        month_segments.month_start,
        month_segments.segment,
        month_segments.is_complete_month,
        {%- for column in cs_intervention_counts()
                if not column.startswith('risk_') %}
            coalesce(intervention_counts.{{ column }}, 0) as {{ column }},
        {%- endfor %}
        coalesce(segment_outcomes.csat_satisfied_answers, 0)
            as csat_satisfied_answers,
        coalesce(segment_outcomes.csat_answers, 0) as csat_answers,
        coalesce(segment_outcomes.renewals, 0) as renewals,
        coalesce(segment_outcomes.renewal_arr_before_usd, 0)
            as renewal_arr_before_usd,
        coalesce(segment_outcomes.renewal_arr_retained_usd, 0)
            as renewal_arr_retained_usd,
        coalesce(segment_outcomes.renewal_arr_after_usd, 0)
            as renewal_arr_after_usd

    from month_segments
    left join intervention_counts
        on
            month_segments.month_start = intervention_counts.month_start
            and month_segments.segment = intervention_counts.segment
    left join segment_outcomes
        on
            month_segments.month_start = segment_outcomes.month_start
            and month_segments.segment = segment_outcomes.segment

),

rated as (

    select
        *,
        {{ catalog_rate(
            'ai_assisted_rate_pct', 'ai_assisted_interventions', 'interventions'
        ) }},
        {{ account_outcome_rates() }}

    from joined

),

banded as (

    {{ with_benchmark_band(
        'rated', 'ai_assisted_rate_pct', 'ai_assisted_resolution_rate'
    ) }}

),

-- Each renewal's capped retained ARR % (int_renewals_cs_assisted), the
-- observations of the GRR fall test: n, mean and variance (two passes) per
-- segment and month.
renewal_means as (

    select
        segment,
        renewal_month as month_start,
        count(*) as grr_renewals_tested,
        avg(retained_pct) as grr_retained_mean_pct

    from renewals
    where retained_pct is not null
    group by 1, 2

),

renewal_spread as (

    select
        renewal_means.segment,
        renewal_means.month_start,
        renewal_means.grr_renewals_tested,
        renewal_means.grr_retained_mean_pct,
        case
            when renewal_means.grr_renewals_tested > 1
                then
                    sum(
                        (
                            renewals.retained_pct
                            - renewal_means.grr_retained_mean_pct
                        )
                        * (
                            renewals.retained_pct
                            - renewal_means.grr_retained_mean_pct
                        )
                    )
                    / (renewal_means.grr_renewals_tested - 1)
        end as grr_retained_variance

    from renewal_means
    inner join renewals
        on
            renewal_means.segment = renewals.segment
            and renewal_means.month_start = renewals.renewal_month
    where renewals.retained_pct is not null
    group by 1, 2, 3, 4

),

with_renewal_spread as (

    select
        banded.*,
        cast(
            coalesce(renewal_spread.grr_renewals_tested, 0)
            as {{ dbt.type_bigint() }}
        ) as grr_renewals_tested,
        cast(renewal_spread.grr_retained_mean_pct as double)
            as grr_retained_mean_pct,
        cast(renewal_spread.grr_retained_variance as double)
            as grr_retained_variance

    from banded
    left join renewal_spread
        on
            banded.segment = renewal_spread.segment
            and banded.month_start = renewal_spread.month_start

),

with_prior_month as (

    select
        *,
        lag(ai_assisted_rate_pct) over (
            partition by segment order by month_start
        ) as prior_ai_assisted_rate_pct,
        lag(csat_pct) over (
            partition by segment order by month_start
        ) as prior_csat_pct,
        lag(grr_pct) over (
            partition by segment order by month_start
        ) as prior_grr_pct,
        lag(csat_satisfied_answers) over (
            partition by segment order by month_start
        ) as prior_csat_satisfied_answers,
        lag(csat_answers) over (
            partition by segment order by month_start
        ) as prior_csat_answers,
        lag(grr_renewals_tested) over (
            partition by segment order by month_start
        ) as prior_grr_renewals_tested,
        lag(grr_retained_mean_pct) over (
            partition by segment order by month_start
        ) as prior_grr_retained_mean_pct,
        lag(grr_retained_variance) over (
            partition by segment order by month_start
        ) as prior_grr_retained_variance

    from with_renewal_spread

),

-- Is the fall in GRR more than noise? Welch's t test of this month's
-- renewals' capped retained % against the previous month's (each renewal
-- weighs the same; ARR-weighted GRR has no per-renewal spread to test);
-- not tested with fewer than 2 renewals in a month or no spread at all.
grr_welch as (

    select
        segment,
        month_start,
        (grr_retained_mean_pct - prior_grr_retained_mean_pct)
        / sqrt(
            grr_retained_variance / grr_renewals_tested
            + prior_grr_retained_variance / prior_grr_renewals_tested
        ) as grr_change_t,
        (
            grr_retained_variance / grr_renewals_tested
            + prior_grr_retained_variance / prior_grr_renewals_tested
        )
        * (
            grr_retained_variance / grr_renewals_tested
            + prior_grr_retained_variance / prior_grr_renewals_tested
        )
        / (
            (grr_retained_variance / grr_renewals_tested)
            * (grr_retained_variance / grr_renewals_tested)
            / (grr_renewals_tested - 1)
            + (prior_grr_retained_variance / prior_grr_renewals_tested)
            * (prior_grr_retained_variance / prior_grr_renewals_tested)
            / (prior_grr_renewals_tested - 1)
        ) as grr_change_df

    from with_prior_month
    where
        grr_renewals_tested > 1
        and prior_grr_renewals_tested > 1
        and grr_retained_variance / grr_renewals_tested
        + prior_grr_retained_variance / prior_grr_renewals_tested > 0

),

{{ t_two_sided_p_ctes(
    'grr_welch', 'grr_change_t', 'grr_change_df', 'grr_change_p_value',
    'grr_welch_p'
) }},

grr_fall_tested as (

    select
        with_prior_month.*,
        cast(grr_welch_p.grr_change_t as double) as grr_change_t,
        cast(grr_welch_p.grr_change_df as double) as grr_change_df,
        cast(grr_welch_p.grr_change_p_value as double) as grr_change_p_value

    from with_prior_month
    left join grr_welch_p
        on
            with_prior_month.segment = grr_welch_p.segment
            and with_prior_month.month_start = grr_welch_p.month_start

),

-- Is the fall in CSAT more than noise? Two-proportion z test (pooled) of
-- this month's answers against the previous month's; where an expected
-- count is below 5 the test is not trusted and the fall is not judged
-- significant.
{%- set pooled -%}
    (
        cast(csat_satisfied_answers + prior_csat_satisfied_answers as double)
        / (csat_answers + prior_csat_answers)
    )
{%- endset %}
csat_fall_tested as (

    select
        *,
        case
            when
                csat_answers > 0
                and prior_csat_answers > 0
                and {{ pooled }} > 0
                and {{ pooled }} < 1
                and least(
                    csat_answers * {{ pooled }},
                    csat_answers * (1 - {{ pooled }}),
                    prior_csat_answers * {{ pooled }},
                    prior_csat_answers * (1 - {{ pooled }})
                ) >= 5
                then
                    (
                        cast(csat_satisfied_answers as double) / csat_answers
                        - cast(prior_csat_satisfied_answers as double)
                        / prior_csat_answers
                    )
                    / sqrt(
                        {{ pooled }} * (1 - {{ pooled }})
                        * (1.0 / csat_answers + 1.0 / prior_csat_answers)
                    )
        end as csat_change_z

    from grr_fall_tested

),

final as (

    select
        *,
        cast({{ normal_two_sided_p('csat_change_z') }} as double)
            as csat_change_p_value,
        coalesce(
            csat_change_z < 0
            and {{ normal_two_sided_p('csat_change_z') }}
            < {{ var('significance_alpha') }},
            false
        ) as is_csat_fall_significant,
        coalesce(
            grr_change_t < 0
            and grr_change_p_value < {{ var('significance_alpha') }},
            false
        ) as is_grr_fall_significant,
        coalesce(
            ai_assisted_rate_pct > prior_ai_assisted_rate_pct
            and (
                coalesce(
                    csat_change_z < 0
                    and {{ normal_two_sided_p('csat_change_z') }}
                    < {{ var('significance_alpha') }},
                    false
                )
                or coalesce(
                    grr_change_t < 0
                    and grr_change_p_value < {{ var('significance_alpha') }},
                    false
                )
            ),
            false
        ) as is_rate_up_outcomes_down

    from csat_fall_tested

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis=none) }}
