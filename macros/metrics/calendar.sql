{#- Weeks are ISO weeks (Monday start), months calendar months (docs/definitions.md
    "Data cut-off and maturity"). date_trunc('week') starts weeks on Monday on DuckDB and Spark. -#}
{% macro iso_week_start(timestamp) -%}
    cast({{ dbt.date_trunc('week', timestamp) }} as date)
{%- endmacro %}

{% macro month_start(timestamp) -%}
    cast({{ dbt.date_trunc('month', timestamp) }} as date)
{%- endmacro %}

{#- The data cut-off as a scalar: var('as_of') or the latest event in the
    data (int_data_cutoff). -#}
{% macro as_of_at() -%}
    (select as_of_at from {{ ref('int_data_cutoff') }})
{%- endmacro %}

{#- The cut-off int_data_cutoff computes over its event times:
    var('as_of') when set, else the latest event. -#}
{% macro as_of_expression(latest_column) -%}
    {%- if var('as_of') is not none -%}
        max(cast('{{ var("as_of") }}' as {{ dbt.type_timestamp() }}))
    {%- else -%}
        max({{ latest_column }})
    {%- endif -%}
{%- endmacro %}
