{#- `end_column`, unless the reporting window from `start_column` to it is
    longer than a spine of `spine_length` periods: then the query fails
    with a message naming the model and the vars to check. Never a silently
    truncated spine (a placeholder date would otherwise cut off the latest
    periods). The length is measured in days (`days_per_period` per period)
    where the engine has no datediff for the grain (Spark has no week
    datediff); months use a month datediff. -#}
{% macro spine_checked(model_name, start_column, end_column, spine_length, period_name, days_per_period=none) -%}
    {%- if days_per_period is none -%}
        {%- set window_length = dbt.datediff(start_column, end_column, period_name) -%}
        {%- set spine_limit = spine_length -%}
    {%- else -%}
        {%- set window_length = dbt.datediff(start_column, end_column, 'day') -%}
        {%- set spine_limit = days_per_period * spine_length -%}
    {%- endif -%}
    coalesce(
        {{ fail_when(
            window_length ~ ' >= ' ~ spine_limit,
            "concat('" ~ model_name ~ ": the reporting window from ', "
            ~ "cast(" ~ start_column ~ " as " ~ dbt.type_string() ~ "), ' to ', "
            ~ "cast(" ~ end_column ~ " as " ~ dbt.type_string() ~ "), ' is longer "
            ~ "than its spine of " ~ spine_length ~ " " ~ period_name ~ "s; check "
            ~ "var min_valid_date and var as_of')",
        ) }},
        {{ end_column }}
    )
{%- endmacro %}
