{#- Value parsers shared by every staging model. Each returns null for a null
    or empty input and null for a value it cannot parse; stage_base tells the
    two apart and rejects the latter. -#}

{#- Text with surrounding blanks removed; '', 'null', 'none', 'n/a', 'na',
    'nan' (any case) become null: exports spell "no value" many ways. -#}
{% macro clean_string(column) -%}
    {#- A simple case, not `in (...)`: DuckDB turns an IN list of six or more
        values into a join that copies every column of the row, once per
        parsed column (40 of the 55 s of base_helpdesk__messages at 1 M
        tickets). -#}
    {%- set text = 'trim(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    case lower({{ text }})
        {%- for blank in ['', 'null', 'none', 'n/a', 'na', 'nan'] %}
        when '{{ blank }}' then null
        {%- endfor %}
        else {{ text }}
    end
{%- endmacro %}

{#- The key an enum spelling is looked up by: lower case, letters and digits
    only ("Mid-Market", "mid market", "MID_MARKET" -> 'midmarket'). -#}
{% macro enum_key(expression) -%}
    {{ return(adapter.dispatch('enum_key', 'ai_support_metrics')(expression)) }}
{%- endmacro %}

{% macro default__enum_key(expression) -%}
    regexp_replace(lower({{ expression }}), '[^a-z0-9]', '', 'g')
{%- endmacro %}

{% macro spark__enum_key(expression) -%}
    regexp_replace(lower({{ expression }}), '[^a-z0-9]', '')
{%- endmacro %}

{#- Canonical value of an enum column, null when the spelling is unknown. -#}
{% macro normalise_enum(column, enum_name) -%}
    {%- set aliases = enum_aliases(enum_name) -%}
    case {{ enum_key(clean_string(column)) }}
        {%- for alias_key, value in aliases.items() | sort %}
        when '{{ alias_key }}' then '{{ value }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- true / TRUE / t / 1 / yes / y and their opposites (a simple case, not
    `in (...)`, for the reason given at clean_string). -#}
{% macro parse_boolean(column) -%}
    case lower({{ clean_string(column) }})
        {%- for spelling in ['true', 't', '1', 'yes', 'y'] %}
        when '{{ spelling }}' then true
        {%- endfor %}
        {%- for spelling in ['false', 'f', '0', 'no', 'n'] %}
        when '{{ spelling }}' then false
        {%- endfor %}
    end
{%- endmacro %}

{#- A timestamp with or without a UTC offset, returned as a UTC timestamp
    without time zone. A value without an offset is taken to be UTC. -#}
{% macro parse_timestamp_utc(column) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'ai_support_metrics')(column)) }}
{%- endmacro %}

{% macro default__parse_timestamp_utc(column) -%}
    timezone('UTC', try_cast({{ clean_time_string(column) }} as timestamptz))
{%- endmacro %}

{% macro spark__parse_timestamp_utc(column) -%}
    to_utc_timestamp(to_timestamp({{ clean_time_string(column) }}), 'UTC')
{%- endmacro %}

{% macro parse_date(column) -%}
    {{ dbt.safe_cast(
        clean_time_string(column), api.Column.translate_type('date')
    ) }}
{%- endmacro %}

{#- clean_string, with the words databases read as a moment ('infinity',
    'epoch', 'now', 'today', ...) turned into a value no reader parses:
    a placeholder, not a time, so the row is rejected as unparseable. -#}
{% macro clean_time_string(column) -%}
    case lower({{ clean_string(column) }})
        {%- for word in special_time_words() %}
        {%- for sign in ['', '+', '-'] %}
        when '{{ sign ~ word }}' then 'not a time'
        {%- endfor %}
        {%- endfor %}
        else {{ clean_string(column) }}
    end
{%- endmacro %}

{#- A simple case, not `in (...)`, for the reason given at clean_string. -#}
{% macro special_time_words() -%}
    {{ return([
        'infinity', 'inf', 'epoch', 'now', 'today', 'tomorrow', 'yesterday',
        'allballs', 'current_timestamp', 'current_date',
    ]) }}
{%- endmacro %}

{#- The window a recorded time must fall in (docs/raw_exports.md,
    "Hostile values"): not before var('min_valid_date'), not more than
    var('max_future_days') after the start of the run. A time outside is a
    placeholder (1900-01-01) or a typo (2099), rejected as implausible. -#}
{% macro plausible_time_window() -%}
    {%- set latest = run_started_at + modules.datetime.timedelta(
        days=var('max_future_days') | float
    ) -%}
    {{ return({
        'earliest': var('min_valid_date') | string,
        'latest': latest.strftime('%Y-%m-%d %H:%M:%S'),
    }) }}
{%- endmacro %}

{% macro is_implausible_time(expression) -%}
    {%- set window = plausible_time_window() -%}
    (
        {{ expression }}
        < cast('{{ window.earliest }}' as {{ dbt.type_timestamp() }})
        or {{ expression }}
        > cast('{{ window.latest }}' as {{ dbt.type_timestamp() }})
    )
{%- endmacro %}

{#- double, not dbt.type_float(): that is a 32-bit FLOAT on DuckDB and turns
    796.19 into 796.190002. NaN, +-Infinity and anything beyond what a double
    holds are not amounts: null, so the row is rejected as unparseable
    (NaN sorts above every number on DuckDB, PostgreSQL and Spark, so the
    bound excludes it too). -#}
{% macro parse_number(column) -%}
    {%- set number = dbt.safe_cast(clean_string(column), 'double') -%}
    case
        when abs({{ number }}) <= 1e308 then {{ number }}
    end
{%- endmacro %}

{#- An id: ids are case-insensitive (docs/raw_exports.md, "Keys and
    deletions"), staged in upper case, so 't0000008' and 'T0000008' are one
    key; an id that holds PII is its keyed hash instead (mask_pii_id). The
    one expression for a staged id, the incremental window's keys and the
    erasure check alike. -#}
{% macro parse_id(column) -%}
    {%- set text = clean_string(column) -%}
    case
        when {{ pii_plain_id(text) }} then upper({{ text }})
        when {{ contains_pii(text) }} then {{ mask_pii_id(text) }}
        else upper({{ text }})
    end
{%- endmacro %}


{#- A free-form label (ticket category, team, topic) as snake_case:
    "Billing / Invoices" -> 'billing_invoices'. -#}
{% macro normalise_label(column) -%}
    {{ return(adapter.dispatch('normalise_label', 'ai_support_metrics')(column)) }}
{%- endmacro %}

{% macro default__normalise_label(column) -%}
    nullif(
        trim(
            regexp_replace(lower({{ clean_string(column) }}), '[^a-z0-9]+', '_', 'g'),
            '_'
        ),
        ''
    )
{%- endmacro %}

{% macro spark__normalise_label(column) -%}
    nullif(
        regexp_replace(
            regexp_replace(lower({{ clean_string(column) }}), '[^a-z0-9]+', '_'),
            '^_+|_+$',
            ''
        ),
        ''
    )
{%- endmacro %}

{#- A whole number; '3.0' is accepted, '3.5' is not (null, so rejected),
    nor is one a bigint cannot hold ('1e30': null, not a failed cast). -#}
{% macro parse_whole_number(column) -%}
    case
        when
            abs({{ parse_number(column) }}) < 9e18
            and {{ parse_number(column) }} = floor({{ parse_number(column) }})
            then cast({{ parse_number(column) }} as {{ dbt.type_bigint() }})
    end
{%- endmacro %}

{#- dbt-duckdb does not implement safe_cast, so dbt falls back to a plain
    cast that fails the whole build on one bad value; a value that does not
    parse must become null (and the row rejected) instead. -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
