{#- The rollout period, decided here only (vars ai_pilot_start_date and
    ai_rollout_date, resolved once in int_ai_rollout_periods; definition:
    docs/definitions.md, "Rollout period").

    rollout_period(at): of an instant (a ticket's created_at):
    'post_rollout' from the rollout on, 'pilot' from the pilot's start
    (the first AI event unless var ai_pilot_start_date says otherwise) to
    the rollout, 'pre_ai' before: the only clean baseline.

    rollout_period(month_start, grain='month'): of a calendar month:
    'post_rollout' when it starts on or after the rollout, 'pre_ai' when it
    ends on or before the pilot's start, 'rollout_month' for the month a
    mid-month rollout falls in, and 'pilot' for any other month (one that
    holds pilot days: neither a clean baseline nor after). -#}
{% macro rollout_period(at, grain='instant') -%}
    {%- set periods = ref('int_ai_rollout_periods') -%}
    {%- set rollout_at -%}
        (select ai_rollout_at from {{ periods }})
    {%- endset -%}
    {%- set pilot_at -%}
        (select ai_pilot_start_at from {{ periods }})
    {%- endset -%}
    {%- if grain == 'instant' -%}
        case
            when {{ at }} >= {{ rollout_at }} then 'post_rollout'
            when {{ at }} >= {{ pilot_at }} then 'pilot'
            else 'pre_ai'
        end
    {%- elif grain == 'month' -%}
        {%- set month_end = dbt.dateadd('month', 1, at) -%}
        case
            when
                cast({{ at }} as {{ dbt.type_timestamp() }}) >= {{ rollout_at }}
                then 'post_rollout'
            when {{ month_end }} <= {{ pilot_at }} then 'pre_ai'
            when {{ month_end }} > {{ rollout_at }} then 'rollout_month'
            else 'pilot'
        end
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "rollout_period: grain must be 'instant' or 'month', got '"
            ~ grain ~ "'"
        ) }}
    {%- endif -%}
{%- endmacro %}

{#- The values rollout_period can take, for accepted_values tests. -#}
{% macro rollout_periods(grain='instant') -%}
    {%- if grain == 'month' -%}
        {{ return(['pre_ai', 'pilot', 'rollout_month', 'post_rollout']) }}
    {%- else -%}
        {{ return(['pre_ai', 'pilot', 'post_rollout']) }}
    {%- endif -%}
{%- endmacro %}
