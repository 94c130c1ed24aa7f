{#- The metric catalog.

    Every rate (and every amount a leader reads as a metric) is declared once,
    on the mart column that holds it, under `config.meta.metric` in the
    mart's properties file:

        - name: true_ai_resolution_rate_pct
          description: ...
          config:
            meta:
              metric:
                label: True (verified) AI resolution rate
                numerator: true_ai_resolutions
                denominator: tickets_judged_short_window
                target: 60
                direction: higher_is_better
                category: efficiency
                weight: 10
                owner: Head of Support

    Everything else is derived from that declaration: the mart's own column
    (macro catalog_rate), the catalog table reference.metric_catalog, the
    scorecard's monthly values (int_scorecard_metric_values_monthly), the
    check that each mart row equals numerator / denominator (test
    catalog_rates_match), the MetricFlow metrics (scripts/
    generate_semantic_layer.py) and the dashboard's panels. Fields and
    defaults: docs/definitions.md, "The metric catalog".

    These macros read the parsed project (`graph`), so they return nothing
    while dbt parses and the full catalog when it runs. -#}

{#- Units, from the column's name unless the entry says `unit`. A percent
    is 100 x numerator / denominator; every other unit is numerator /
    denominator (`scale` overrides, e.g. NPS: a score on a -100..100
    scale). -#}
{% macro metric_unit_of(column) -%}
    {%- if column.endswith('_pct') -%}{{ return('pct') }}
    {%- elif column.endswith('_usd') -%}{{ return('usd') }}
    {%- elif column.endswith('_seconds') -%}{{ return('seconds') }}
    {%- elif column.endswith('_score') -%}{{ return('score') }}
    {%- else -%}{{ return('ratio') }}
    {%- endif -%}
{%- endmacro %}

{#- One catalog entry with every field filled in: the declaration on the
    column, its defaults, and what the mart says about itself (its period
    column and grain, from the model's `config.meta.semantic_model` and its
    primary-key test). -#}
{% macro metric_catalog_entry(node, column, declared, parent=none) -%}
    {%- set base = parent if parent is not none else {} -%}
    {%- set entry = {} -%}
    {%- do entry.update(base) -%}
    {%- do entry.update(declared) -%}
    {%- set unit = entry.get('unit') or metric_unit_of(column.name) -%}
    {%- set numerator = entry.get('numerator') -%}
    {%- set denominator = entry.get('denominator') -%}
    {%- set semantic = node.config.get('meta', {}).get('semantic_model', {}) -%}
    {%- set filter = entry.get('filter') or {} -%}
    {%- set filter_sql = [] -%}
    {%- for key, value in filter.items() | sort -%}
        {%- do filter_sql.append(key ~ " = '" ~ value ~ "'") -%}
    {%- endfor -%}
    {%- set scale = entry.get('scale', 100 if unit == 'pct' else 1) -%}
    {%- if numerator and denominator -%}
        {%- set calculation = (
            ('100 x ' if scale == 100 else '')
            ~ numerator ~ ' / ' ~ denominator
        ) -%}
    {%- elif numerator -%}
        {%- set calculation = 'sum of ' ~ numerator -%}
    {%- else -%}
        {%- set calculation = entry.get('calculation', '') -%}
    {%- endif -%}
    {%- if filter_sql -%}
        {%- set calculation = calculation ~ ' where ' ~ (filter_sql | join(' and ')) -%}
    {%- endif -%}
    {%- set is_additive = numerator is not none and entry.get('additive', true) -%}
    {#- A proportion (a percent of counts: every numerator is one of the
        denominator's observations) carries its Wilson interval and
        low-sample flag; a percent of money or weights (GRR, a coverage) or
        a ratio of two durations says `interval: false`. -#}
    {%- set has_interval = (
        unit == 'pct' and scale == 100
        and numerator is not none and denominator is not none
        and not numerator.endswith('_usd')
        and entry.get('interval', true)
    ) -%}
    {%- set time_grain = semantic.get('time_grain', 'month') if semantic.get('time') else none -%}
    {{ return({
        'metric': entry.get('key') or column.name,
        'metric_name': entry.get('label') or column.name,
        'definition': entry.get('definition') or column.description,
        'data_source': entry.get('data_source', ''),
        'calculation': calculation,
        'mart': node.name,
        'mart_column': column.name,
        'period_column': semantic.get('time'),
        'time_grain': time_grain,
        'numerator': numerator,
        'denominator': denominator,
        'scale': scale,
        'filter_sql': filter_sql | join(' and ') if filter_sql else none,
        'filter': filter,
        'unit': unit,
        'cadence': entry.get('cadence', 'quarterly' if time_grain == 'quarter' else 'monthly'),
        'target': entry.get('target'),
        'direction': entry.get('direction', 'higher_is_better'),
        'owner': entry.get('owner'),
        'scorecard_category': entry.get('category'),
        'weight': entry.get('weight', 0),
        'is_headline': entry.get('headline', false),
        'is_additive': is_additive,
        'has_interval': has_interval,
        'is_scorecard': (
            is_additive
            and time_grain in ['day', 'month']
            and entry.get('scorecard', true)
        ),
        'benchmark': entry.get('benchmark'),
        'range': entry.get('range'),
        'dashboard_panel': entry.get('panel'),
        'dashboard_panel_by': entry.get('panel_by'),
        'source_article': entry.get('source'),
    }) }}
{%- endmacro %}

{#- Every catalog entry of the project (or of one model), ordered by mart
    and column. A column may carry more metrics under `also` (the same
    numerator and denominator read differently, e.g. AI-only CSAT = CSAT
    with filter resolution_path ai_only): each inherits the column's
    declaration and overrides what it names. -#}
{% macro metric_catalog_entries(unique_id=none) -%}
    {%- set entries = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values()
            | selectattr('resource_type', 'equalto', 'model')
            | sort(attribute='unique_id') -%}
            {%- if unique_id is none or node.unique_id == unique_id -%}
                {%- for column in node.columns.values() -%}
                    {%- set declared = metric_declaration_of(column) -%}
                    {%- if declared -%}
                        {%- set entry = metric_catalog_entry(node, column, declared) -%}
                        {%- do entries.append(entry) -%}
                        {%- for variant in declared.get('also', []) -%}
                            {%- set stripped = {} -%}
                            {%- do stripped.update(declared) -%}
                            {%- do stripped.pop('also') -%}
                            {%- do stripped.pop('key', none) -%}
                            {%- do stripped.pop('headline', none) -%}
                            {%- do entries.append(
                                metric_catalog_entry(node, column, variant, stripped)
                            ) -%}
                        {%- endfor -%}
                    {%- endif -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(entries) }}
{%- endmacro %}

{#- A column's declaration: `config.meta.metric` (dbt also copies it to the
    column's `meta`). -#}
{% macro metric_declaration_of(column) -%}
    {%- set config_meta = (column.get('config') or {}).get('meta') or {} -%}
    {%- set meta = column.get('meta') or {} -%}
    {{ return(config_meta.get('metric') or meta.get('metric') or {}) }}
{%- endmacro %}

{#- The model being compiled: itself, or the model a unit test tests. -#}
{% macro current_model_id() -%}
    {{ return(model.get('tested_node_unique_id') or model.unique_id) }}
{%- endmacro %}

{#- A catalog rate as a mart column:

        {{ catalog_rate('csat_pct', 'csat_satisfied_answers', 'csat_answers') }}

    renders `<scale> x numerator / denominator as csat_pct` (null when the
    denominator is 0 or null; without a denominator, the numerator as a
    double). The scale is 100 for a `_pct` column, 1 otherwise, unless the
    declaration says `scale`. A proportion (the entry's has_interval: a
    percent of counts) also gets, beside it, its 95 % Wilson interval
    `<rate>_ci_low_pct` / `<rate>_ci_high_pct` (macro wilson_bound_pct) and
    `is_<rate>_low_sample` (denominator below var min_sample_size), where
    <rate> is the column without `_pct`. When dbt runs the model it checks
    the call against the column's catalog declaration (config.meta.metric
    in the mart's properties): a rate column without a declaration, or with
    another numerator or denominator, stops the build with a message naming
    both. (Unit tests compile without the project's graph, so there the
    declaration is not read and a `_pct` rate at scale 100 is taken for a
    proportion.) The numerator and denominator may be qualified
    (`counts.interventions`) where a join makes them ambiguous. -#}
{% macro catalog_rate(column_name, numerator, denominator=none, scale=none) -%}
    {%- set scale_used = scale -%}
    {%- set has_interval = none -%}
    {%- if execute and graph.get('nodes') -%}
        {%- set node = graph.nodes[current_model_id()] -%}
        {%- set column = node.columns.get(column_name) -%}
        {%- set declared = metric_declaration_of(column) if column else {} -%}
        {%- if not declared -%}
            {{ exceptions.raise_compiler_error(
                "catalog_rate: column " ~ column_name ~ " of " ~ node.name
                ~ " has no metric catalog entry: declare it under"
                ~ " config.meta.metric in the model's properties"
                ~ " (docs/definitions.md, \"The metric catalog\")"
            ) }}
        {%- endif -%}
        {%- set entry = metric_catalog_entry(node, column, declared) -%}
        {%- set has_interval = entry.has_interval -%}
        {%- set written = [
            numerator.split('.')[-1],
            denominator.split('.')[-1] if denominator else none,
        ] -%}
        {%- if written != [entry.numerator, entry.denominator] -%}
            {{ exceptions.raise_compiler_error(
                "catalog_rate: " ~ node.name ~ "." ~ column_name ~ " is computed as "
                ~ written[0] ~ " / " ~ written[1] ~ " but its catalog entry says "
                ~ entry.numerator ~ " / " ~ entry.denominator
            ) }}
        {%- endif -%}
        {%- if scale_used is none -%}
            {%- set scale_used = entry.scale -%}
        {%- elif scale_used != entry.scale -%}
            {{ exceptions.raise_compiler_error(
                "catalog_rate: " ~ node.name ~ "." ~ column_name ~ " is scaled by "
                ~ scale_used ~ " but its catalog entry says " ~ entry.scale
            ) }}
        {%- endif -%}
    {%- endif -%}
    {%- if scale_used is none -%}
        {%- set scale_used = 100 if column_name.endswith('_pct') else 1 -%}
    {%- endif -%}
    {%- if has_interval is none -%}
        {%- set has_interval = (
            column_name.endswith('_pct') and scale_used == 100
            and denominator is not none
            and not numerator.endswith('_usd')
        ) -%}
    {%- endif -%}
    {%- if denominator -%}
        {{ rate_pct(numerator, denominator, scale_used) }} as {{ column_name }}
        {%- if has_interval -%}
            {%- set stem = column_name[:-4] -%},
        {{ wilson_bound_pct(numerator, denominator, 'low') }}
            as {{ stem }}_ci_low_pct,
        {{ wilson_bound_pct(numerator, denominator, 'high') }}
            as {{ stem }}_ci_high_pct,
        {{ is_low_sample(denominator) }} as is_{{ stem }}_low_sample
        {%- endif -%}
    {%- else -%}
        cast({{ numerator }} as double) as {{ column_name }}
    {%- endif -%}
{%- endmacro %}

{#- The columns catalog_rate adds beside a proportion `<rate>_pct`, in
    order (for properties files and checks). -#}
{% macro interval_columns_of(column_name) -%}
    {%- set stem = column_name[:-4] -%}
    {{ return([
        stem ~ '_ci_low_pct',
        stem ~ '_ci_high_pct',
        'is_' ~ stem ~ '_low_sample',
    ]) }}
{%- endmacro %}

{#- The balanced scorecard's categories ("Key Metrics That Matter" tiers:
    business impact and operational metrics are efficiency, quality metrics
    quality, and what the customer feels experience). A catalog entry's
    `category` is one of them (tested on reference.metric_catalog). -#}
{% macro scorecard_categories() -%}
    {{ return(['efficiency', 'quality', 'experience']) }}
{%- endmacro %}

{#- The interval columns catalog_rate added beside `rate` (a proportion),
    for a select list that names its columns:

        helpful_rate_pct,
        {{ rate_interval_columns('helpful_rate_pct') }},
-#}
{% macro rate_interval_columns(rate, relation=none) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {%- for column in interval_columns_of(rate) -%}
        {{ prefix ~ column }}{{ ',\n        ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
