{#- Provisional periods (docs/definitions.md "Provisional period"), written
    once: selects every column of the CTE `relation` and beside them
    immature_items, period_items (the denominator), immature_share_pct and
    is_provisional, aggregated from int_tickets_maturity over the row's
    tickets: those of its period and, for each column in `by` (ticket
    attributes the mart groups by: category, resolution_path), of its value.
    grain: 'month' or 'week'; basis: which date places a ticket in the
    period, 'created' or 'solved', as the mart counts it; basis=none for a
    mart with no window-based metric: immature_items 0, period_items and
    immature_share_pct null, is_provisional false. applies_when: a condition
    on the row; where false the row is treated like such a mart's (the
    scorecard: a metric from a mart without a window). basis is set exactly
    for the marts of provisional_window_marts() (a compile error otherwise),
    so the list is the one place that says which marts depend on a window. -#}
{% macro provisional_window_marts() -%}
    {{ return([
        'mart_automation_resolution_monthly',
        'mart_repeat_contacts_monthly',
        'mart_ticket_deflection_monthly',
        'mart_cost_per_resolution_monthly',
        'mart_vendor_pay_for_performance_monthly',
        'mart_balanced_scorecard_metrics_monthly',
        'mart_balanced_scorecard_monthly',
    ]) }}
{%- endmacro %}


{% macro with_provisional(
    relation='final',
    period_column='month_start',
    grain='month',
    basis='created',
    by=[],
    applies_when=none
) -%}
{%- set windowed = model.name in provisional_window_marts() %}
{%- if execute and model.resource_type == 'model'
    and windowed != (basis is not none) %}
    {{ exceptions.raise_compiler_error(
        model.name ~ ': with_provisional basis must be set exactly for the'
        ~ ' marts of provisional_window_marts()'
    ) }}
{%- endif %}
{%- if applies_when is none %}
    {%- set applies_when = 'true' %}
{%- endif %}
{%- if basis is none %}
select
    {{ relation }}.*,
    cast(0 as {{ dbt.type_bigint() }}) as immature_items,
    cast(null as {{ dbt.type_bigint() }}) as period_items,
    cast(null as double) as immature_share_pct,
    false as is_provisional
from {{ relation }}
{%- else %}
select
    {{ relation }}.*,
    cast(
        case
            when {{ applies_when }}
                then coalesce(provisional_maturity.immature_items, 0)
            else 0
        end
        as {{ dbt.type_bigint() }}
    ) as immature_items,
    cast(
        case
            when {{ applies_when }}
                then coalesce(provisional_maturity.period_items, 0)
        end
        as {{ dbt.type_bigint() }}
    ) as period_items,
    case
        when {{ applies_when }}
            then {{ rate_pct(
                'provisional_maturity.immature_items',
                'provisional_maturity.period_items',
            ) }}
    end as immature_share_pct,
    coalesce(
        {{ applies_when }}
        and coalesce(provisional_maturity.immature_items, 0) > 0,
        false
    ) as is_provisional
from {{ relation }}
left join (
    select
        {{ basis }}_{{ grain }} as period_start,
        {%- for column in by %}
        {{ column }},
        {%- endfor %}
        count(*) as period_items,
        sum(case when is_immature then 1 else 0 end) as immature_items
    from {{ ref('int_tickets_maturity') }}
    where {{ basis }}_{{ grain }} is not null
    group by
        {{ basis }}_{{ grain }}
        {%- for column in by %},
        {{ column }}
        {%- endfor %}
) as provisional_maturity
    on
        {{ relation }}.{{ period_column }} = provisional_maturity.period_start
        {%- for column in by %}
        and {{ relation }}.{{ column }}
        is not distinct from provisional_maturity.{{ column }}
        {%- endfor %}
{%- endif %}
{%- endmacro %}
