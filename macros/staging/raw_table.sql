{#- The one switch between the bundled sample and a user's own exports.
    raw_source = 'seeds': the seed of that name (loaded by `dbt seed`).
    raw_source = 'files': the dbt source, which dbt-duckdb reads in place from
    var('raw_export_dir') as CSV or Parquet (see _<source>__sources.yml).
    On DuckDB the files are read by raw_export_read (macros/staging/
    raw_exports.sql): the contract's CSV dialect pinned, malformed lines as
    rejects, after the pre-flight check (on-run-start) passed.
    var helpdesk_source = 'fivetran_zendesk' / 'fivetran_intercom': the
    tables that connector feeds come from its adapter model instead
    (macros/fivetran/helpdesk_source.sql). -#}
{% macro raw_table(source_name, table_name, seed_name) -%}
    {%- set mode = var('raw_source') -%}
    {%- do raw_export_settings() -%}
    {%- set adapter_model = helpdesk_source_model(table_name) -%}
    {%- if adapter_model -%}
        {{ ref(adapter_model) }}
    {%- elif mode == 'seeds' -%}
        {{ ref(seed_name) }}
    {%- elif mode == 'files' -%}
        {%- set relation = source(source_name, table_name) -%}
        {%- if execute and target.type == 'duckdb' -%}
            {{ raw_export_read(table_name) }}
        {%- else -%}
            {{ relation }}
        {%- endif -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "var raw_source must be 'seeds' or 'files', got '" ~ mode ~ "'"
        ) }}
    {%- endif -%}
{%- endmacro %}

