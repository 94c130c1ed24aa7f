{#- PII never leaves staging in clear text. E-mail addresses and phone
    numbers inside free text are replaced by a placeholder (a phone number is
    9+ digits grouped the way phone numbers are, so ISO dates and times are
    left alone); contact fields are
    replaced by a one-way hash so they can still be joined and counted. -#}

{% macro mask_pii(expression) -%}
    {{ return(adapter.dispatch('mask_pii', 'ai_support_metrics')(expression)) }}
{%- endmacro %}

{% macro default__mask_pii(expression) -%}
    regexp_replace(
        regexp_replace(
            regexp_replace(
                {{ expression }},
                '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}',
                '[email]',
                'g'
            ),
            -- international: +CC then 2-5 groups of digits
            '\+[0-9]{1,3}([ .-]?\(?[0-9]{1,6}\)?){2,5}',
            '[phone]',
            'g'
        ),
        '(\+[0-9]{1,3}[ .-]?)?\(?[0-9]{2,4}\)?[ .-]?[0-9]{3,4}[ .-]?[0-9]{4}',
        '[phone]',
        'g'
    )
{%- endmacro %}

{% macro spark__mask_pii(expression) -%}
    regexp_replace(
        regexp_replace(
            regexp_replace(
                {{ expression }},
                '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}',
                '[email]'
            ),
            '\\+[0-9]{1,3}([ .-]?\\(?[0-9]{1,6}\\)?){2,5}',
            '[phone]'
        ),
        '(\\+[0-9]{1,3}[ .-]?)?\\(?[0-9]{2,4}\\)?[ .-]?[0-9]{3,4}[ .-]?[0-9]{4}',
        '[phone]'
    )
{%- endmacro %}

{#- Contact fields: lower-cased, trimmed, hashed. -#}
{% macro hash_pii(expression) -%}
    case
        when {{ expression }} is not null
            then {{ dbt.hash('lower(' ~ expression ~ ')') }}
    end
{%- endmacro %}
