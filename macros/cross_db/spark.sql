{#- Spark versions of dbt's cross-database macros where dbt-spark's own
    differ from DuckDB's results or fail on this project's data. Models call
    dbt.dateadd / dbt.datediff / dbt.safe_cast as usual; these are picked on
    the spark target only (a project macro named spark__<name> overrides
    dbt-spark's). -#}

{#- dbt-spark's safe_cast is a plain cast, which fails the whole query on one
    bad value under ANSI mode (Spark 4 default); staging needs null instead,
    as duckdb__safe_cast gives (macros/staging/parsing.sql). -#}
{% macro spark__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{#- dbt-spark's dateadd goes through unix seconds and drops fractions of a
    second, which moves a repeat contact at solved_at + 7 days + 0.5 s inside
    the window. timestampadd keeps microseconds and, like DuckDB's
    `+ interval`, clamps month ends (31 Jan + 1 month = 28/29 Feb). -#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    timestampadd(
        {{ datepart | upper }},
        {{ interval }},
        cast({{ from_date_or_timestamp }} as timestamp)
    )
{%- endmacro %}

{#- DuckDB's date_diff counts the boundaries of the date part crossed
    between the two instants (dbt-duckdb's datediff); dbt-spark's month
    difference rounds months_between instead. Counted the DuckDB way here for
    the parts this project uses; other parts fall back to dbt-spark. -#}
{% macro spark__datediff(first_date, second_date, datepart) -%}
    {%- if datepart == 'month' -%}
        (
            (year({{ second_date }}) * 12 + month({{ second_date }}))
            - (year({{ first_date }}) * 12 + month({{ first_date }}))
        )
    {%- elif datepart == 'day' -%}
        datediff(
            cast({{ second_date }} as date), cast({{ first_date }} as date)
        )
    {%- elif datepart in ['hour', 'minute', 'second'] -%}
        {%- set seconds = {'hour': 3600, 'minute': 60, 'second': 1}[datepart] -%}
        cast(
            (
                floor(unix_seconds(cast({{ second_date }} as timestamp)) / {{ seconds }})
                - floor(unix_seconds(cast({{ first_date }} as timestamp)) / {{ seconds }})
            ) as bigint
        )
    {%- else -%}
        {{ dbt_spark_datediff_fallback(first_date, second_date, datepart) }}
    {%- endif -%}
{%- endmacro %}

{% macro dbt_spark_datediff_fallback(first_date, second_date, datepart) -%}
    {{ exceptions.raise_compiler_error(
        "datediff: date part '" ~ datepart ~ "' is not implemented for Spark"
        ~ " in macros/cross_db/spark.sql"
    ) }}
{%- endmacro %}

{#- Seeds on Spark. dbt-spark (method session) inserts seed rows as SQL
    literals without escaping quotes (a message body with "I've" breaks the
    statement), loads null as the text 'None', and takes minutes for the
    sample. Here Spark's own CSV reader fills the table dbt created, with the
    null rule of dbt-duckdb's seeds (DuckDB's CSV reader): an empty field,
    quoted or not, is null; 'NULL' or blanks stay text for staging to judge. -#}
{% macro spark__load_csv_rows(model, agate_table) -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set path = model['root_path'] ~ '/' ~ model['original_file_path'] -%}
    {%- set csv_view = 'seed_csv__' ~ model['name'] -%}
    {%- call statement('seed_csv_view') -%}
        create or replace temporary view {{ csv_view }}
        using csv
        options (
            path '{{ path }}',
            header 'true',
            multiLine 'true',
            escape '"',
            inferSchema 'false'
        )
    {%- endcall -%}
    {%- set sql -%}
        insert into {{ this.render() }}
        select
            {%- for col_name in agate_table.column_names %}
            {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) %}
            cast(
                nullif(`{{ col_name }}`, '')
                as {{ column_override.get(col_name, inferred_type) }}
            ){{ ',' if not loop.last }}
            {%- endfor %}
        from {{ csv_view }}
    {%- endset -%}
    {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
    {{ return(sql) }}
{%- endmacro %}
