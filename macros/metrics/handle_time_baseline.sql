{#- The rows of `relation` (with handled_tickets and handle_seconds_sum)
    with the pre-AI handle-time baseline (docs/definitions.md, "Handle
    time"): every worked ticket created before the AI pilot (rollout period
    pre_ai; the pilot's tickets are no baseline), from
    `counts` (int_tickets_response_times_monthly). Beside it the two
    additive parts of handle_time_reduction_pct ("Key Metrics That
    Matter": "AI copilot should reduce handle time by 30-50%"):
    handle_seconds_at_baseline (the row's worked tickets at the baseline
    average) and handle_seconds_saved (that minus the seconds they took),
    so the reduction re-aggregates over any rows: 100 x saved /
    at_baseline = 100 x (1 - average / baseline). -#}
{% macro with_handle_time_baseline(relation, counts='counts') -%}
    select
        {{ relation }}.*,
        baseline.baseline_handled_tickets,
        baseline.baseline_handle_seconds_sum,
        baseline.baseline_avg_handle_seconds,
        {{ relation }}.handled_tickets * baseline.baseline_avg_handle_seconds
            as handle_seconds_at_baseline,
        {{ relation }}.handled_tickets * baseline.baseline_avg_handle_seconds
        - {{ relation }}.handle_seconds_sum as handle_seconds_saved

    from {{ relation }}
    cross join (
        select
            cast(sum(handled_tickets) as {{ dbt.type_bigint() }})
                as baseline_handled_tickets,
            cast(sum(handle_seconds_sum) as {{ dbt.type_bigint() }})
                as baseline_handle_seconds_sum,
            {{ rate_pct('sum(handle_seconds_sum)', 'sum(handled_tickets)', 1) }}
                as baseline_avg_handle_seconds
        from {{ counts }}
        where rollout_period = 'pre_ai'
    ) as baseline
{%- endmacro %}

{#- The four response-time rates both response-time marts carry (their
    catalog entries are in _support__models.yml), as columns. -#}
{% macro response_time_rates() -%}
    {{ catalog_rate(
        'avg_ai_first_response_seconds',
        'ai_first_response_seconds_sum',
        'ai_answered_tickets',
    ) }},
    {{ catalog_rate(
        'avg_human_first_response_seconds',
        'human_first_response_seconds_sum',
        'human_answered_tickets',
    ) }},
    {{ catalog_rate(
        'avg_handle_seconds', 'handle_seconds_sum', 'handled_tickets'
    ) }},
    {{ catalog_rate(
        'handle_time_reduction_pct',
        'handle_seconds_saved',
        'handle_seconds_at_baseline',
    ) }}
{%- endmacro %}

{#- The median and P90 of the three durations (AI first response, human
    first response, handle time) per `grain` of fct_tickets, for the
    response-time marts to join beside their means (percentiles do not
    re-aggregate, so each mart computes its own at its grain;
    `month_start` is the ticket's month). -#}
{% macro response_time_percentiles(grain) -%}
    select
        {%- for column in grain %}
        {{ 'ticket_month as month_start' if column == 'month_start' else column }},
        {%- endfor %}
        {{ duration_percentiles(
            'ai_first_response_seconds', 'ai_first_response_seconds'
        ) }},
        {{ duration_percentiles(
            'human_first_response_seconds', 'human_first_response_seconds'
        ) }},
        {{ duration_percentiles('handle_seconds', 'handle_seconds') }}

    from {{ ref('fct_tickets') }}
    group by
        {%- for column in grain %}
        {{ 'ticket_month' if column == 'month_start' else column }}
        {{- ',' if not loop.last }}
        {%- endfor %}
{%- endmacro %}

{#- The percentile columns response_time_percentiles renders, from its
    CTE `alias`. -#}
{% macro response_time_percentile_columns(alias) -%}
    {%- for name in [
        'ai_first_response_seconds',
        'human_first_response_seconds',
        'handle_seconds',
    ] -%}
        {{ alias }}.median_{{ name }},
        {{ alias }}.p90_{{ name }}{{ ',' if not loop.last }}
    {% endfor -%}
{%- endmacro %}

{#- Null-safe equality of `column` in two relations (a grain column may be
    null: an uncategorised ticket). -#}
{% macro same_value(left, right, column) -%}
    (
        {{ left }}.{{ column }} = {{ right }}.{{ column }}
        or ({{ left }}.{{ column }} is null and {{ right }}.{{ column }} is null)
    )
{%- endmacro %}

{#- same_value over every column of `columns`, joined with `and`: a join
    on the whole grain. -#}
{% macro same_values(left, right, columns) -%}
    {%- for column in columns %}
            {{ 'and ' if not loop.first }}{{ same_value(left, right, column) }}
    {%- endfor %}
{%- endmacro %}
