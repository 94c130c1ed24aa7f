{#- An expression that is null while `condition` is false and fails the
    query with `message` (a SQL text expression) when it is true: the way a
    model stops the build with a message a user can act on, instead of
    writing wrong rows. -#}
{% macro fail_when(condition, message) -%}
    {{ return(adapter.dispatch('fail_when', 'ai_support_metrics')(
        condition, message
    )) }}
{%- endmacro %}

{% macro default__fail_when(condition, message) -%}
    case when {{ condition }} then error({{ message }}) end
{%- endmacro %}

{% macro spark__fail_when(condition, message) -%}
    case when {{ condition }} then raise_error({{ message }}) end
{%- endmacro %}

{#- PostgreSQL has no raise function: casting the message to a number
    fails with the message in the error text. -#}
{% macro postgres__fail_when(condition, message) -%}
    case when {{ condition }} then cast({{ message }} as integer) end
{%- endmacro %}
