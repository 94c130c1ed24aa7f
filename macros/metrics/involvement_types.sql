{#- The kinds of material AI involvement, in the order they are reported
    (int_ai_events_classified decides which kind an event is; the
    "AI-Assisted Resolution Rate" article asks them to be told apart).
    Marts count each kind with a loop over this list. -#}
{% macro involvement_types() -%}
    {{ return(['drafted', 'surfaced_signal', 'recommendation', 'autonomous_action']) }}
{%- endmacro %}

{#- The AI events in relation `events` counted the way the facts count
    them, per the caller's group: material events (as `material_as`), each
    involvement type (`<type><suffix>`), non-material approved-tool events
    (activity, not impact) and shadow-AI events. The one place an AI event
    is counted; the facts differ only in what they group by. -#}
{% macro ai_event_counts(events, material_as, suffix) -%}
    sum(case when {{ events }}.is_material then 1 else 0 end)
        as {{ material_as }},
    {%- for involvement in involvement_types() %}
    sum(
        case
            when {{ events }}.involvement_type = '{{ involvement }}' then 1
            else 0
        end
    ) as {{ involvement }}{{ suffix }},
    {%- endfor %}
    sum(
        case
            when not {{ events }}.is_material and not {{ events }}.is_shadow_ai
                then 1
            else 0
        end
    ) as non_material_ai_events,
    sum(case when {{ events }}.is_shadow_ai then 1 else 0 end)
        as shadow_ai_events
{%- endmacro %}
