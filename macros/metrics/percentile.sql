{#- The continuous percentile of `expression` (fraction 0..1, linear
    interpolation between the two nearest values: numpy's default, DuckDB's
    quantile_cont, PostgreSQL's percentile_cont, Spark's percentile) over
    the rows of a group, nulls left out. An aggregate: use it with a
    GROUP BY. docs/definitions.md, "Durations". -#}
{% macro percentile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile_cont', 'ai_support_metrics')(
        expression, fraction
    )) }}
{%- endmacro %}

{% macro default__percentile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__percentile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro spark__percentile_cont(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}

{#- Median and P90 (the 0.9 percentile) of a duration in
    seconds, as two columns `median_<name>` and `p90_<name>`. -#}
{% macro duration_percentiles(expression, name) -%}
    cast({{ percentile_cont(expression, 0.5) }} as double) as median_{{ name }},
    cast({{ percentile_cont(expression, 0.9) }}
        as double) as p90_{{ name }}
{%- endmacro %}
