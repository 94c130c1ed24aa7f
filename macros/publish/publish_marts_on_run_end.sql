{#- The on-run-end step (dbt_project.yml): after a `dbt build` / `dbt run`
    on DuckDB in which nothing failed, publish the marts for BI tools
    (README "Read the marts from a BI tool"). The work is done by the SQL
    function publish_marts() that scripts/dbt_publish_plugin.py registers on
    dbt's connection: Parquet + a read-only DuckDB file in a new version
    folder, then one atomic switch of published/current. It costs well under
    a second on the sample.

    Skipped: on other engines, for other commands (test, seed, compile, ...),
    with --empty, when a node errored, failed or was skipped, and with var
    publish_after_build: false. The folder is $DBT_PUBLISH_DIR, else
    `published` next to the DuckDB file. -#}
{% macro publish_marts_on_run_end(results) %}
    {%- if not execute or target.type != 'duckdb' -%}
        {{ return('') }}
    {%- endif -%}
    {%- if flags.WHICH not in ['build', 'run', 'retry'] or flags.EMPTY -%}
        {{ return('') }}
    {%- endif -%}
    {%- if not var('publish_after_build') -%}
        {{ log('Not published: var publish_after_build is false.', info=true) }}
        {{ return('') }}
    {%- endif -%}
    {%- set unsuccessful = [] -%}
    {%- for result in results -%}
        {%- if result.status in ['error', 'fail', 'skipped', 'runtime error', 'partial success'] -%}
            {%- do unsuccessful.append(result.node.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if unsuccessful -%}
        {{ log(
            'Not published: ' ~ (unsuccessful | length) ~ ' node(s) did not succeed ('
            ~ (unsuccessful[:5] | join(', ')) ~ (', ...' if unsuccessful | length > 5 else '')
            ~ '); published/ still holds the last successful build.',
            info=true,
        ) }}
        {{ return('') }}
    {%- endif -%}
    {%- set registered = run_query(
        "select count(*) from duckdb_functions()"
        ~ " where function_name = 'publish_marts'"
    ).columns[0].values()[0] -%}
    {%- if registered == 0 -%}
        {{ log(
            'Not published: this profile does not load the dbt-duckdb plugin'
            ~ ' dbt_publish_plugin (module_paths: [<project>/scripts], plugins:'
            ~ ' [{module: dbt_publish_plugin}], as profiles.yml does).',
            info=true,
        ) }}
        {{ return('') }}
    {%- endif -%}
    {%- set grace_minutes = var('publish_grace_minutes') | float -%}
    {%- set published = run_query('select publish_marts(' ~ grace_minutes ~ ')') -%}
    {{ log(published.columns[0].values()[0], info=true) }}
    {{ return('') }}
{% endmacro %}
