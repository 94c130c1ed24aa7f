{#- The kinds of material AI involvement, in the order they are reported
    (int_ai_events_classified decides which kind an event is; the
    "AI-Assisted Resolution Rate" article asks them to be told apart).
    Marts count each kind with a loop over this list. -#}
{% macro involvement_types() -%}
    {{ return(['drafted', 'surfaced_signal', 'recommendation', 'autonomous_action']) }}
{%- endmacro %}
