{#- The one switch between the bundled sample and a user's own exports.
    raw_source = 'seeds': the seed of that name (loaded by `dbt seed`).
    raw_source = 'files': the dbt source, which dbt-duckdb reads in place from
    var('raw_export_dir') as CSV or Parquet (see _<source>__sources.yml).
    var helpdesk_source = 'fivetran_zendesk' / 'fivetran_intercom': the
    tables that connector feeds come from its adapter model instead
    (macros/fivetran/helpdesk_source.sql). -#}
{% macro raw_table(source_name, table_name, seed_name) -%}
    {%- set mode = var('raw_source') -%}
    {%- set adapter_model = helpdesk_source_model(table_name) -%}
    {%- if adapter_model -%}
        {{ ref(adapter_model) }}
    {%- elif mode == 'seeds' -%}
        {{ ref(seed_name) }}
    {%- elif mode == 'files' -%}
        {{ source(source_name, table_name) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "var raw_source must be 'seeds' or 'files', got '" ~ mode ~ "'"
        ) }}
    {%- endif -%}
{%- endmacro %}

{#- The read expression for one export file, used as dbt-duckdb's
    external_location in the sources files. CSV is read with every column as
    text so that staging, not the reader, decides what a value means. -#}
{% macro raw_export_location(table_name) -%}
    {%- set dir = var('raw_export_dir') -%}
    {%- set fmt = var('raw_export_format') -%}
    {%- if fmt == 'csv' -%}
        read_csv('{{ dir }}/{{ table_name }}.csv', header = true, all_varchar = true)
    {%- elif fmt == 'parquet' -%}
        read_parquet('{{ dir }}/{{ table_name }}.parquet')
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "var raw_export_format must be 'csv' or 'parquet', got '" ~ fmt ~ "'"
        ) }}
    {%- endif -%}
{%- endmacro %}
