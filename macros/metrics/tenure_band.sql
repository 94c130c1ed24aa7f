{#- Tenure of an employee at any instant, from hired_at. "CSM AI
    Adoption Rate" lists "Not segmenting by CSM tenure" as a common
    mistake ("Newer CSMs
    typically adopt AI faster"), so tenure bands are cut at the edges in
    var tenure_band_edges_months ([6, 12, 24] -> '0-6m', '6-12m', '12-24m',
    '24m+'). A band's lower edge is inclusive: exactly 6 months after
    hired_at is '6-12m'. Months are calendar months added to hired_at
    (dbt.dateadd), so the rule is the same on every adapter. Before
    hired_at the tenure is the first band. -#}
{% macro tenure_band(hired_at, at_time) -%}
    {%- set edges = var('tenure_band_edges_months') -%}
    case
        when {{ hired_at }} is null or {{ at_time }} is null then null
        {%- for edge in edges %}
        when {{ at_time }} < {{ dbt.dateadd('month', edge, hired_at) }}
            then '{{ 0 if loop.first else edges[loop.index0 - 1] }}-{{ edge }}m'
        {%- endfor %}
        else '{{ edges[-1] }}m+'
    end
{%- endmacro %}

{#- Whole calendar months completed between hired_at and at_time (0 before
    hired_at): dbt.datediff counts month boundaries, so one is taken off
    when the last month is not yet complete. -#}
{% macro tenure_months(hired_at, at_time) -%}
    case
        when {{ hired_at }} is null or {{ at_time }} is null then null
        when {{ at_time }} < {{ hired_at }} then 0
        else
            {{ dbt.datediff(hired_at, at_time, 'month') }}
            - case
                when
                    {{ dbt.dateadd(
                        'month',
                        dbt.datediff(hired_at, at_time, 'month'),
                        hired_at
                    ) }} > {{ at_time }}
                    then 1
                else 0
            end
    end
{%- endmacro %}
