{#- Provisional periods (docs/definitions.md "Provisional period"), written
    once: selects every column of the CTE `relation` and beside them
    immature_items, period_items (the denominator), immature_share_pct and
    is_provisional, joined from int_period_maturity on the row's period.
    grain: 'month' or 'week'; basis: which date places a ticket in the
    period, 'created' or 'solved', as the mart counts it; basis=none for a
    mart with no window-based metric: immature_items 0, period_items and
    immature_share_pct null, is_provisional false. -#}
{% macro with_provisional(
    relation='final',
    period_column='month_start',
    grain='month',
    basis='created'
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
left join {{ ref('int_period_maturity') }} as provisional_maturity
    on
        {{ relation }}.{{ period_column }} = provisional_maturity.period_start
        and provisional_maturity.period_grain = '{{ grain }}'
        and provisional_maturity.period_basis = '{{ basis }}'
{%- endif %}
{%- endmacro %}
