{#- Provisional periods (docs/definitions.md "Provisional period"), written
    once: selects every column of the CTE `relation` and beside them
    immature_items, period_items (the denominator), immature_share_pct and
    is_provisional, aggregated from int_tickets_maturity over the row's
    tickets: those of its period and, for each column in `by` (ticket
    attributes the mart groups by: category, resolution_path), of its value.
    grain: 'month' or 'week'; basis: which date places a ticket in the
    period, 'created' or 'solved', as the mart counts it; basis=none for a
    mart with no window-based metric: immature_items 0, period_items and
    immature_share_pct null, is_provisional false. -#}
{% macro with_provisional(
    relation='final',
    period_column='month_start',
    grain='month',
    basis='created',
    by=[]
) -%}
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
        coalesce(provisional_maturity.immature_items, 0)
        as {{ dbt.type_bigint() }}
    ) as immature_items,
    cast(
        coalesce(provisional_maturity.period_items, 0)
        as {{ dbt.type_bigint() }}
    ) as period_items,
    {{ rate_pct(
        'provisional_maturity.immature_items',
        'provisional_maturity.period_items',
    ) }} as immature_share_pct,
    coalesce(provisional_maturity.immature_items, 0) > 0 as is_provisional
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
