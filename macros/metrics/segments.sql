{#- The segment a row is reported under. The list of segments, with these
    two fallbacks, is seeds/reference/segments.csv, and the marts' segment
    columns are tested against it. A row whose segment is not known (an
    account without a staged segment, a CSM missing from dim_csms) is
    'Unknown'; a CSM without a segment focus is 'Unassigned'. -#}
{% macro segment_or_unknown(segment) -%}
    coalesce({{ segment }}, 'Unknown')
{%- endmacro %}

{% macro segment_or_unassigned(segment_focus) -%}
    coalesce({{ segment_focus }}, 'Unassigned')
{%- endmacro %}
