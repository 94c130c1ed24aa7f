{#- A roll-up of pre-counted rows to a coarser grain: the one way a twin
    mart (by segment, by CSM, by tenure band) re-aggregates the
    intermediate it shares with its twin, so no two marts carry the same
    aggregation.

        {{ rollup('counts', ['month_start', 'segment'],
            cs_intervention_counts()) }}

    renders `select <grain>, cast(sum(c) as bigint) as c, ... from counts
    group by <grain>`; `doubles` are summed as double (money), `where`
    filters the rows first. -#}
{% macro rollup(relation, grain, counts, doubles=[], where=none) -%}
    select
        {%- for column in grain %}
        {{ column }},
        {%- endfor %}
        {%- for column in counts %}
        cast(sum({{ column }}) as {{ dbt.type_bigint() }}) as {{ column }}
        {{- ',' if not loop.last or doubles }}
        {%- endfor %}
        {%- for column in doubles %}
        cast(sum({{ column }}) as double) as {{ column }}
        {{- ',' if not loop.last }}
        {%- endfor %}

    from {{ relation }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
    group by
        {%- for column in grain %}
        {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
{%- endmacro %}

{#- The counts int_cs_interventions_counted_monthly carries, each summed
    by the CS marts at their own grain. -#}
{% macro cs_intervention_counts() -%}
    {%- set counts = ['interventions', 'ai_assisted_interventions'] -%}
    {%- for involvement in involvement_types() -%}
        {%- do counts.append(involvement ~ '_interventions') -%}
    {%- endfor -%}
    {%- do counts.extend([
        'shadow_ai_interventions',
        'risk_interventions_saved',
        'risk_interventions_decided',
    ]) -%}
    {{ return(counts) }}
{%- endmacro %}

{#- The counts int_csm_adoption_weekly carries (per ISO week, segment and
    tenure band), summed by the adoption marts. -#}
{% macro csm_adoption_counts() -%}
    {{ return([
        'active_csms',
        'adopting_csms',
        'ai_assisted_interactions',
        'shadow_ai_events',
        'shadow_ai_users',
    ]) }}
{%- endmacro %}
