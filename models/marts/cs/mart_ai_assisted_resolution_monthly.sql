-- AI-assisted resolution rate per calendar month and account segment
-- ("AI-Assisted Resolution Rate": "(CS interventions with documented AI
-- involvement / Total CS interventions in period) x 100", tracked monthly).
-- An intervention counts in the month it was opened; it is AI-assisted when
-- a material AI event is linked to it (fct_cs_interventions). Beside the
-- rate: the segment's CSAT and GRR that month, and a flag when the rate
-- rose while either fell ("A high rate with declining CSAT or GRR means AI
-- is creating noise, not value"). Rates: the column declarations in
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
        ) as prior_csat_answers

    from banded

),

-- Is the fall in CSAT more than noise? Two-proportion z test (pooled) of
-- this month's answers against the previous month's; where an expected
-- count is below 5 the test is not trusted and the fall is not judged
-- significant. GRR is a ratio of ARR amounts without a per-renewal spread
-- to test, so a GRR fall alone never raises the flag.
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

    from with_prior_month

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
            ai_assisted_rate_pct > prior_ai_assisted_rate_pct
            and csat_change_z < 0
            and {{ normal_two_sided_p('csat_change_z') }}
            < {{ var('significance_alpha') }},
            false
        ) as is_rate_up_outcomes_down

    from csat_fall_tested

)

-- Provisional period columns (macro with_provisional).
{{ with_provisional('final', 'month_start', basis=none) }}
