{#- A text value as a SQL string literal, or null. Whitespace runs (line
    breaks of a long description) become one space. Quotes are escaped
    the way the engine reads them: doubled on DuckDB (and the SQL
    standard), backslash-escaped on Spark, which reads 'a''b' as two
    literals. -#}
{% macro string_literal(value) -%}
    {%- if value is none -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        {{ return(adapter.dispatch('string_literal')(
            (value | string).split() | join(' ')
        )) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__string_literal(text) -%}
    '{{ text | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__string_literal(text) -%}
    '{{ text | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
