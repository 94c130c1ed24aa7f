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
        max(cast('{{ as_of_utc() }}' as {{ dbt.type_timestamp() }}))
    {%- else -%}
        max({{ latest_column }})
    {%- endif -%}
{%- endmacro %}

{#- var('as_of') checked when the project compiles and returned as a UTC
    timestamp literal ('YYYY-MM-DD HH:MM:SS[.ffffff]'): a date, or a date
    and time with an optional UTC offset ('Z', '+02:00'), converted to UTC.
    Anything else is an error that names the var. -#}
{% macro as_of_utc() -%}
    {%- set raw = var('as_of') | string | trim -%}
    {%- set match = modules.re.match(
        '^(\\d{4})-(\\d{2})-(\\d{2})'
        ~ '(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(\\.\\d{1,6})?)?)?'
        ~ '\\s*(Z|z|UTC|[+-]\\d{2}:?\\d{2})?$',
        raw
    ) -%}
    {%- set problem = 'var as_of: ' ~ "'" ~ raw ~ "'"
        ~ " is not a timestamp (expected e.g. '2025-06-30', "
        ~ "'2025-06-30 23:59:59' or '2025-06-30T23:59:59+02:00')" -%}
    {%- if not match -%}
        {{ exceptions.raise_compiler_error(problem) }}
    {%- endif -%}
    {%- set g = match.groups() -%}
    {%- set year, month, day = g[0] | int, g[1] | int, g[2] | int -%}
    {%- set hour, minute, second = g[3] | int, g[4] | int, g[5] | int -%}
    {%- if month < 1 or month > 12 or day < 1 or year < 1 -%}
        {{ exceptions.raise_compiler_error(problem) }}
    {%- endif -%}
    {%- set first = modules.datetime.date(year, month, 1) -%}
    {%- set next_first = modules.datetime.date(
        year + (month // 12), month % 12 + 1, 1
    ) -%}
    {%- if day > (next_first - first).days
        or hour > 23 or minute > 59 or second > 59 -%}
        {{ exceptions.raise_compiler_error(problem) }}
    {%- endif -%}
    {%- set micro = ((g[6] or '.0')[1:] ~ '000000')[:6] | int -%}
    {%- set at = modules.datetime.datetime(
        year, month, day, hour, minute, second, micro
    ) -%}
    {%- set offset = g[7] -%}
    {%- if offset and offset not in ['Z', 'z', 'UTC'] -%}
        {%- set digits = offset[1:] | replace(':', '') -%}
        {%- set minutes = (digits[:2] | int) * 60 + (digits[2:] | int) -%}
        {%- set delta = modules.datetime.timedelta(minutes=minutes) -%}
        {%- set at = at - delta if offset[0] == '+' else at + delta -%}
    {%- endif -%}
    {{ return(at.strftime('%Y-%m-%d %H:%M:%S.%f')) }}
{%- endmacro %}
