{#- AI-assisted vs unassisted outcomes at one grain (`grain`: 'segment' or
    'csm_id'), the one definition both outcome marts render
    (docs/definitions.md, "AI-assisted vs unassisted outcomes"). Expects
    CTEs `counts` (int_cs_interventions_counted_monthly), `months`
    (int_cs_reporting_months) and `account_outcomes`
    (int_account_outcomes_monthly); renders the CTEs up to `grouped`, one
    row per month, grain value and AI group:

    - save rate: the risk interventions of the grain that month, split by
      the intervention's own AI assistance;
    - CSAT and GRR: an account is in the AI-assisted group of the grain for
      a month when at least one of the grain's interventions on it that
      month was AI-assisted, in the unassisted group when it had some and
      none was; its CSAT answers and renewals that month count for its
      group. -#}
{% macro ai_assisted_outcome_ctes(grain, where=none) -%}
intervention_groups as (

    {{ rollup(
        'counts',
        ['month_start', grain, 'is_ai_assisted'],
        ['interventions', 'risk_interventions_saved', 'risk_interventions_decided'],
        where=where,
    ) }}

),

account_months as (

    select
        month_start,
        {{ grain }},
        account_id,
        max(case when is_ai_assisted then 1 else 0 end) = 1 as is_ai_assisted

    from counts
    {%- if where %}
    where {{ where }}
    {%- endif %}
    group by 1, 2, 3

),

account_groups as (

    select
        account_months.month_start,
        account_months.{{ grain }},
        account_months.is_ai_assisted,
        cast(count(*) as {{ dbt.type_bigint() }}) as touched_accounts,
        {%- for column in ['csat_satisfied_answers', 'csat_answers', 'renewals'] %}
        cast(
            sum(coalesce(account_outcomes.{{ column }}, 0))
            as {{ dbt.type_bigint() }}
        ) as {{ column }},
        {%- endfor %}
        {%- for column in [
            'renewal_arr_before_usd',
            'renewal_arr_retained_usd',
            'renewal_arr_after_usd',
        ] %}
        cast(
            sum(coalesce(account_outcomes.{{ column }}, 0)) as double
        ) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}

    from account_months
    left join account_outcomes
        on
            account_months.account_id = account_outcomes.account_id
            and account_months.month_start = account_outcomes.month_start
    group by 1, 2, 3

),

-- Every account group has an intervention of its own kind that month, so
-- the intervention groups hold every row.
grouped as (

    select
        intervention_groups.month_start,
        intervention_groups.{{ grain }},
        intervention_groups.is_ai_assisted,
        coalesce(months.is_complete_month, false) as is_complete_month,
        intervention_groups.interventions,
        intervention_groups.risk_interventions_saved,
        intervention_groups.risk_interventions_decided,
        coalesce(account_groups.touched_accounts, 0) as touched_accounts,
        {%- for column in [
            'csat_satisfied_answers',
            'csat_answers',
            'renewals',
            'renewal_arr_before_usd',
            'renewal_arr_retained_usd',
            'renewal_arr_after_usd',
        ] %}
        coalesce(account_groups.{{ column }}, 0) as {{ column }}
        {{- ',' if not loop.last }}
        {%- endfor %}

    from intervention_groups
    left join months
        on intervention_groups.month_start = months.month_start
    left join account_groups
        on
            intervention_groups.month_start = account_groups.month_start
            and intervention_groups.{{ grain }} = account_groups.{{ grain }}
            and intervention_groups.is_ai_assisted
            = account_groups.is_ai_assisted

)
{%- endmacro %}

{#- The account-outcome rates a CS mart carries beside its counts (CSAT %,
    GRR, NRR; catalog entries in _cs__models.yml), as columns; `relation`
    qualifies the columns where a join makes them ambiguous. -#}
{% macro account_outcome_rates(relation=none) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {{ catalog_rate(
        'csat_pct', prefix ~ 'csat_satisfied_answers', prefix ~ 'csat_answers'
    ) }},
    {{ catalog_rate(
        'grr_pct',
        prefix ~ 'renewal_arr_retained_usd',
        prefix ~ 'renewal_arr_before_usd',
    ) }},
    {{ catalog_rate(
        'nrr_pct',
        prefix ~ 'renewal_arr_after_usd',
        prefix ~ 'renewal_arr_before_usd',
    ) }}
{%- endmacro %}
