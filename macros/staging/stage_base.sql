{#- The base layer of every staging model, generated from a column spec so
    that every raw table is parsed, validated and de-duplicated by the same
    rules (docs/raw_exports.md, "Raw export contract").

    Each column is a dict:
      name      output column
      source    raw column (default: name)
      type      string | label | enum | timestamp | date | number | integer
                | boolean | pii_text | pii_hash
      enum      enum name for type enum (macros/staging/enum_aliases.sql)
      required  true: a null value rejects the row
      min, max  inclusive bounds for number / integer; outside rejects the row
    checks: extra [condition, reason] pairs, written against output columns.
    prefer_order: which version of a re-exported key to keep when the copies
    disagree (default: a stable hash order); the others are rejected.
    incremental_on: for an append-mostly table, the timestamp columns that
    place a raw row in time, creation time first (['created_at',
    'solved_at']). On DuckDB the model is then incremental (see
    stage_base_incremental_source below); elsewhere, and with --full-refresh,
    a table.

    Output: the typed columns plus
      _source_key     the raw key as exported (mask_pii_id)
      _raw_row        the raw row, '|'-separated, every value masked or
                      hashed (macros/staging/pii.sql)
      _reject_reason  why the row cannot be used ('; '-separated), else null
      _is_duplicate   an exact re-export of a row that is kept or rejected
      _is_staged      the row goes on to the stg_ model
    and, with incremental_on,
      _incremental_key  the key ('' for a row without one): the unit an
                        incremental run replaces
      _incremental_at   the row's first incremental_on time (the watermark)
-#}
{% macro stage_base(
    source_name, table_name, seed_name, key, columns,
    checks=[], prefer_order=none, incremental_on=none
) -%}
{#- Parsed once, read three times (stg_, stg_rejects, reconciliation). -#}
{%- if incremental_on and target.type == 'duckdb' -%}
{#- A single-column unique_key: dbt-duckdb's delete+insert then deletes with
    `key in (select ...)`, which stays a semi-join when the key repeats
    (duplicates and rejects share their key); a multi-column key would be a
    join that explodes on DuckDB (measured: minutes at 10 M rows). -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='_incremental_key',
    on_schema_change='fail',
    post_hook=stage_base_erasure_hook(source_name, table_name, seed_name, key),
) }}
{%- else -%}
{{ config(materialized='table') }}
{%- endif -%}
{%- set text_types = ['string', 'label', 'pii_text', 'pii_hash'] -%}
{#- Files mode on DuckDB: a malformed CSV line arrives as a row whose
    _reader_error names the file and line (raw_export_read); it is rejected
    for that reason alone. -#}
{%- set reader_checked = raw_reader_checked(table_name) -%}
{%- set string_type = dbt.type_string() -%}
{#- Every raw value of raw_row masked (macros/staging/pii.sql), not only
    PII columns: a reject's raw_row may hold anything. -#}
{%- set raw_names = [] -%}
{%- for column in columns -%}
    {%- do raw_names.append(stage_raw_value(column, text_types)) -%}
{%- endfor -%}

with
{%- if incremental_on and is_incremental() %}
{{ stage_base_incremental_source(
    source_name, table_name, seed_name, key, columns, incremental_on
) }}
{%- else %}

source as (

    select * from {{ raw_table(source_name, table_name, seed_name) }}

),
{%- endif %}

parsed as (

    select
        {%- for column in columns %}
        {%- set raw = column.get('source', column.name) %}
        {{ stage_parse_column(column, raw) }} as {{ column.name }},
        {%- if column.type not in text_types %}
        {{ clean_string(raw) }} as _raw_{{ column.name }},
        {%- endif %}
        {%- if column.type != 'pii_hash' %}
        cast({{ raw }} as {{ string_type }}) as _text_{{ column.name }},
        {%- endif %}
        {%- endfor %}
        {%- if reader_checked %}
        _reader_error,
        {%- endif %}
        {{ mask_pii_id(clean_string(key)) }} as _source_key

    from source

),

validated as (

    select
        *,
        {% if reader_checked %}coalesce(_reader_error, {% endif -%}
        nullif(
            concat_ws(
                '; ',
                {%- for column in columns %}
                {%- if column.get('required') %}
                case
                    when {{ column.name }} is null
                    {%- if column.type not in text_types %}
                        and _raw_{{ column.name }} is null
                    {%- endif %}
                        then 'missing {{ column.name }}'
                end,
                {%- endif %}
                {%- if column.type not in text_types %}
                case
                    when _raw_{{ column.name }} is not null
                        and {{ column.name }} is null
                        then '{{ "unknown" if column.type == "enum" else "unparseable" }} {{ column.name }}'
                end,
                {%- endif %}
                {%- if column.type == 'timestamp' %}
                case
                    when {{ is_implausible_time(column.name) }}
                        then 'implausible {{ column.name }}'
                end,
                {%- endif %}
                {%- if column.get('min') is not none or column.get('max') is not none %}
                case
                    when
                        {%- if column.get('min') is not none %}
                        {{ column.name }} < {{ column.min }}
                        {%- endif %}
                        {%- if column.get('min') is not none and column.get('max') is not none %} or {% endif %}
                        {%- if column.get('max') is not none %}
                        {{ column.name }} > {{ column.max }}
                        {%- endif %}
                        then '{{ column.name }} out of range'
                end,
                {%- endif %}
                {%- endfor %}
                {%- for check in checks %}
                case when {{ check[0] }} then '{{ check[1] }}' end,
                {%- endfor %}
                cast(null as {{ string_type }})
            ),
            ''
        ){% if reader_checked %}){% endif %} as _reject_reason,
        {{ stage_concat(raw_names) }} as _raw_row,
        {{ dbt.hash(stage_concat(columns | map(attribute='name') | list)) }} as _content_hash

    from parsed

),

content_ranked as (

    -- Copies with identical parsed values are re-exports of one row.
    select
        *,
        row_number() over (
            partition by {{ key }}, _reject_reason is null, _content_hash
            order by _raw_row
        ) as _content_rank

    from validated

),

ranked as (

    -- Among distinct versions of one key, the preferred one is kept.
    select
        *,
        row_number() over (
            partition by {{ key }}, _reject_reason is null, _content_rank = 1
            order by {{ prefer_order ~ ', ' if prefer_order else '' }}_content_hash
        ) as _key_rank

    from content_ranked

),

final as (

    select
        {%- for column in columns %}
        {{ column.name }},
        {%- endfor %}
        _source_key,
        _raw_row,
        case
            when _reject_reason is not null then _reject_reason
            when _content_rank = 1 and _key_rank > 1
                then 'conflicting values for a re-exported {{ key }}'
        end as _reject_reason,
        _reject_reason is null and _content_rank > 1 as _is_duplicate,
        _reject_reason is null and _content_rank = 1 and _key_rank = 1
            as _is_staged
        {%- if incremental_on %},
        coalesce({{ key }}, '') as _incremental_key,
        {{ incremental_on[0] }} as _incremental_at
        {%- endif %}

    from ranked

)

select * from final
{%- endmacro %}

{#- The raw rows an incremental run re-stages (docs/raw_exports.md; README
    "Incremental builds"). Duplicates and conflicting re-exports are decided
    over all raw rows of a key, so the unit of work is the key, not the row:
    every key that has a raw row in the window is re-staged from all of its
    raw rows, and replaces that key's rows in the table (delete+insert by
    _incremental_key). A raw row is in the window when one of its
    incremental_on times is at or after the latest creation time already
    staged minus var('incremental_lookback_days'), or does not parse (it
    cannot be placed in time, so it is always looked at). Rows without a key
    cannot be matched to earlier runs: they are all re-staged every run, under
    the key ''. Rows that arrive later than the lookback are picked up by the
    next --full-refresh. -#}
{% macro stage_base_incremental_source(
    source_name, table_name, seed_name, key, columns, incremental_on
) -%}
{%- set by_name = {} -%}
{%- for column in columns -%}
    {%- do by_name.update({column.name: column}) -%}
{%- endfor %}

raw_source as (

    select * from {{ raw_table(source_name, table_name, seed_name) }}

),

incremental_window as (

    -- An empty table (nothing staged yet) puts every raw row in the window.
    select
        coalesce(
            {{ dbt.dateadd(
                'day',
                -1 * var('incremental_lookback_days'),
                'max(_incremental_at)',
            ) }},
            cast('1900-01-01' as {{ dbt.type_timestamp() }})
        ) as window_starts_at

    from {{ this }}
    -- An implausible time (rejected, e.g. 2099) must not move the watermark.
    where not {{ is_implausible_time('_incremental_at') }}

),

placed as materialized (

    -- Materialized (DuckDB; this path runs only there): as a plain CTE the
    -- timestamp test below is pushed into the scan of the raw file as a row
    -- filter, 5x slower than computing it as a column first.
    select
        coalesce({{ parse_id(key) }}, '') as _batch_key,
        {%- for name in incremental_on %}
        {%- set column = by_name[name] %}
        {{ parse_timestamp_utc(column.get('source', column.name)) }}
            as _batch_at_{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}

    from raw_source

),

window_keys as (

    select distinct placed._batch_key

    from placed
    cross join incremental_window
    where
        placed._batch_key = ''
        {%- for name in incremental_on %}
        or placed._batch_at_{{ loop.index }} is null
        or placed._batch_at_{{ loop.index }}
        >= incremental_window.window_starts_at
        {%- endfor %}

),

-- A join, not `key in (...) or key is null`: that filter costs more than
-- the whole re-staging of the window.
source as (

    select raw_source.*

    from raw_source
    inner join window_keys
        on
            coalesce({{ parse_id('raw_source.' ~ key) }}, '')
            = window_keys._batch_key

),
{%- endmacro %}

{% macro stage_parse_column(column, raw) -%}
    {%- set type = column.type -%}
    {%- if type == 'string' and column.name.endswith('_id') -%}
        {{ parse_id(raw) }}
    {%- elif type == 'string' -%}
        {{ mask_pii_value(column, clean_string(raw)) }}
    {%- elif type == 'label' -%} {{ normalise_label(mask_pii(clean_string(raw))) }}
    {%- elif type == 'enum' -%} {{ normalise_enum(raw, column.enum) }}
    {%- elif type == 'timestamp' -%} {{ parse_timestamp_utc(raw) }}
    {%- elif type == 'date' -%} {{ parse_date(raw) }}
    {%- elif type == 'number' -%} {{ parse_number(raw) }}
    {%- elif type == 'integer' -%} {{ parse_whole_number(raw) }}
    {%- elif type == 'boolean' -%} {{ parse_boolean(raw) }}
    {%- elif type == 'pii_text' -%} {{ mask_pii(clean_string(raw)) }}
    {%- elif type == 'pii_hash' -%} {{ hash_pii(clean_string(raw)) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "stage_base: column '" ~ column.name ~ "' has unknown type '" ~ type ~ "'"
        ) }}
    {%- endif -%}
{%- endmacro %}

{#- One column's raw text in raw_row (read in stage_base's validated, where
    the parsed value is at hand): a value that parsed as a timestamp,
    number, boolean or known enum cannot hold PII and is kept as is (no
    regular expression on most rows); text, and a typed value that did not
    parse, is masked (mask_pii_value); a contact field is its hash. -#}
{% macro stage_raw_value(column, text_types) -%}
    {%- if column.type == 'pii_hash' -%}
        {{ return(column.name) }}
    {%- elif column.type in text_types -%}
        {{ return(mask_pii_value(column, '_text_' ~ column.name)) }}
    {%- else -%}
        {{ return(
            'case when ' ~ column.name ~ ' is not null then _text_' ~ column.name
            ~ ' else ' ~ mask_pii_value(column, '_text_' ~ column.name) ~ ' end'
        ) }}
    {%- endif -%}
{%- endmacro %}

{#- '|'-joined text of columns, with a marker for null so that
    (null, 'a') and ('a', null) differ. -#}
{% macro stage_concat(names) -%}
    concat_ws(
        '|',
        {%- for name in names %}
        coalesce(cast({{ name }} as {{ dbt.type_string() }}), {{ null_marker() }}){{ ',' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{#- The two characters \N as a string literal: Spark reads a backslash in a
    literal as an escape, so it is written '\\N' there ('\N' is 'N'). -#}
{% macro null_marker() -%}
    {{ return(adapter.dispatch('null_marker', 'ai_support_metrics')()) }}
{%- endmacro %}

{% macro default__null_marker() -%}
    '\N'
{%- endmacro %}

{% macro spark__null_marker() -%}
    '\\N'
{%- endmacro %}
