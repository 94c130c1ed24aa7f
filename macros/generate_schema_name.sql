{#- Use the folder's schema name as-is (staging, intermediate, marts, ...) so
    BI tools see stable schema names, not <target>_marts. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
