{#- The rollout period, decided here only (var ai_rollout_date; definition:
    docs/definitions.md, "Rollout period").

    rollout_period(at): of an instant (a ticket's created_at):
    'post_rollout' from ai_rollout_date on, 'pre_rollout' before.

    rollout_period(month_start, grain='month'): of a calendar month:
    'post_rollout' when it starts on or after ai_rollout_date,
    'pre_rollout' when it ends before it, and 'rollout_month' for the month
    a mid-month rollout falls in (neither a clean baseline nor after). -#}
{% macro rollout_period(at, grain='instant') -%}
    {%- set rollout_at -%}
        cast('{{ var("ai_rollout_date") }}' as {{ dbt.type_timestamp() }})
    {%- endset -%}
    {%- if grain == 'instant' -%}
        case
            when {{ at }} >= {{ rollout_at }} then 'post_rollout'
            else 'pre_rollout'
        end
    {%- elif grain == 'month' -%}
        case
            when
                cast({{ at }} as {{ dbt.type_timestamp() }}) >= {{ rollout_at }}
                then 'post_rollout'
            when {{ dbt.dateadd('month', 1, at) }} <= {{ rollout_at }}
                then 'pre_rollout'
            else 'rollout_month'
        end
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "rollout_period: grain must be 'instant' or 'month', got '"
            ~ grain ~ "'"
        ) }}
    {%- endif -%}
{%- endmacro %}

{#- The values rollout_period can take, for accepted_values tests. -#}
{% macro rollout_periods() -%}
    {{ return(['pre_rollout', 'rollout_month', 'post_rollout']) }}
{%- endmacro %}
