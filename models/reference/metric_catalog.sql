-- The metric catalog as a table: one row per metric, derived from the
-- declarations on the marts' columns (config.meta.metric; macro
-- metric_catalog_entries, fields in docs/definitions.md). What
-- "Key Metrics That Matter" asks to define for each metric: what to
-- measure, data source, calculation, frequency, target and owner; plus
-- where it lives (mart, column, numerator and denominator, period), its
-- direction and its place on the balanced scorecard. The scorecard, the
-- semantic layer and the dashboard read the same declarations.
{%- set entries = metric_catalog_entries() %}

with catalog as (

    {%- for entry in entries %}

    select
        {{ string_literal(entry.metric) }} as metric,
        {{ string_literal(entry.metric_name) }} as metric_name,
        {{ string_literal(entry.definition) }} as definition,
        {{ string_literal(entry.data_source) }} as data_source,
        {{ string_literal(entry.calculation) }} as calculation,
        {{ string_literal(entry.mart) }} as mart,
        {{ string_literal(entry.mart_column) }} as mart_column,
        {{ string_literal(entry.numerator) }} as numerator,
        {{ string_literal(entry.denominator) }} as denominator,
        cast({{ entry.scale }} as double) as multiplier,
        {{ string_literal(entry.filter_sql) }} as filter_sql,
        {{ string_literal(entry.period_column) }} as period_column,
        {{ string_literal(entry.time_grain) }} as time_grain,
        {{ string_literal(entry.unit) }} as unit,
        {{ string_literal(entry.cadence) }} as cadence,
        cast(
            {{ 'null' if entry.target is none else entry.target }} as double
        ) as target,
        {{ string_literal(entry.direction) }} as direction,
        {{ string_literal(entry.owner) }} as owner,
        {{ string_literal(entry.scorecard_category) }} as scorecard_category,
        cast({{ entry.weight }} as double) as weight,
        {{ entry.is_headline }} as is_headline,
        {{ entry.is_additive }} as is_additive,
        {{ entry.is_scorecard }} as is_scorecard,
        {{ entry.has_interval }} as has_interval,
        {{ string_literal(entry.benchmark) }} as benchmark,
        {{ string_literal(entry.source_article) }} as source_article,
        {{ string_literal(entry.dashboard_panel) }} as dashboard_panel,
        {{ string_literal(entry.dashboard_panel_by) }} as dashboard_panel_by
    {{ 'union all' if not loop.last }}
    {%- else %}

    select
        cast(null as {{ dbt.type_string() }}) as metric,
        cast(null as {{ dbt.type_string() }}) as metric_name,
        cast(null as {{ dbt.type_string() }}) as definition,
        cast(null as {{ dbt.type_string() }}) as data_source,
        cast(null as {{ dbt.type_string() }}) as calculation,
        cast(null as {{ dbt.type_string() }}) as mart,
        cast(null as {{ dbt.type_string() }}) as mart_column,
        cast(null as {{ dbt.type_string() }}) as numerator,
        cast(null as {{ dbt.type_string() }}) as denominator,
        cast(null as double) as multiplier,
        cast(null as {{ dbt.type_string() }}) as filter_sql,
        cast(null as {{ dbt.type_string() }}) as period_column,
        cast(null as {{ dbt.type_string() }}) as time_grain,
        cast(null as {{ dbt.type_string() }}) as unit,
        cast(null as {{ dbt.type_string() }}) as cadence,
        cast(null as double) as target,
        cast(null as {{ dbt.type_string() }}) as direction,
        cast(null as {{ dbt.type_string() }}) as owner,
        cast(null as {{ dbt.type_string() }}) as scorecard_category,
        cast(null as double) as weight,
        cast(null as boolean) as is_headline,
        cast(null as boolean) as is_additive,
        cast(null as boolean) as is_scorecard,
        cast(null as boolean) as has_interval,
        cast(null as {{ dbt.type_string() }}) as benchmark,
        cast(null as {{ dbt.type_string() }}) as source_article,
        cast(null as {{ dbt.type_string() }}) as dashboard_panel,
        cast(null as {{ dbt.type_string() }}) as dashboard_panel_by
    where 1 = 0
    {%- endfor %}

)

select * from catalog
