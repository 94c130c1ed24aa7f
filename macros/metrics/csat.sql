{#- A CSAT answer counts as satisfied from var csat_satisfied_min_score
    (default 4: CSAT % = answers 4-5 / all answers). Decided here only
    (docs/definitions.md, "CSAT, CES and NPS"). -#}
{% macro is_csat_satisfied(score) -%}
    ({{ score }} >= {{ var('csat_satisfied_min_score') }})
{%- endmacro %}
