{#- Every catalog metric declared on the model's columns (config.meta
    .metric) holds on every row: the rate column equals scale x numerator /
    denominator (null without a denominator), a sum metric equals its
    numerator, and a percent lies within 0-100 unless the declaration sets
    another `range` ([low, high], null for open); a proportion
    (has_interval) lies within its Wilson interval and its low-sample flag
    is its denominator below var min_sample_size. Fails with one row per
    metric and problem, and the number of rows concerned. A mart that
    declares metrics carries this test (scripts/check_structure.py checks
    it does). -#}
{% test catalog_rates_match(model) %}
{%- set node_id = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model'
        and (node.alias or node.name) == model.identifier -%}
        {%- do node_id.append(node.unique_id) -%}
    {%- endfor -%}
{%- endif -%}
{%- set entries = metric_catalog_entries(node_id[0]) if node_id else [] -%}
{%- set checks = [] -%}
{%- for entry in entries if entry.filter_sql is none -%}
    {%- set column = entry.mart_column -%}
    {%- if entry.numerator -%}
        {%- if entry.denominator -%}
            {%- set expected = rate_pct(entry.numerator, entry.denominator, entry.scale) -%}
        {%- else -%}
            {%- set expected = 'cast(' ~ entry.numerator ~ ' as double)' -%}
        {%- endif -%}
        {%- do checks.append({
            'metric': entry.metric,
            'problem': column ~ ' is not ' ~ entry.calculation,
            'failing': 'not (' ~ column ~ ' is null and (' ~ expected ~ ') is null'
                ~ ' or abs(' ~ column ~ ' - (' ~ expected ~ ')) <= 1e-9 * greatest(1, abs(' ~ column ~ ')))',
        }) -%}
    {%- endif -%}
    {%- if entry.has_interval -%}
        {%- set ci = interval_columns_of(column) -%}
        {%- do checks.append({
            'metric': entry.metric,
            'problem': column ~ ' is not within ' ~ ci[0] ~ ' .. ' ~ ci[1]
                ~ ', or ' ~ ci[2] ~ ' is not ' ~ entry.denominator
                ~ ' < var min_sample_size',
            'failing': 'not ((' ~ column ~ ' is null and ' ~ ci[0] ~ ' is null'
                ~ ' and ' ~ ci[1] ~ ' is null) or (' ~ ci[0] ~ ' <= ' ~ column
                ~ ' + 1e-9 and ' ~ column ~ ' <= ' ~ ci[1] ~ ' + 1e-9))'
                ~ ' or ' ~ ci[2] ~ ' is null or ' ~ ci[2] ~ ' <> '
                ~ is_low_sample(entry.denominator),
        }) -%}
    {%- endif -%}
    {%- set declared_range = entry.get('range') -%}
    {%- set range = declared_range if declared_range is not none else (
        [0, 100] if entry.unit == 'pct' and entry.scale == 100 else none
    ) -%}
    {%- if range -%}
        {%- set bounds = [] -%}
        {%- if range[0] is not none -%}{%- do bounds.append(column ~ ' < ' ~ range[0]) -%}{%- endif -%}
        {%- if range[1] is not none -%}{%- do bounds.append(column ~ ' > ' ~ range[1]) -%}{%- endif -%}
        {%- if bounds -%}
            {%- do checks.append({
                'metric': entry.metric,
                'problem': column ~ ' outside ' ~ range,
                'failing': bounds | join(' or '),
            }) -%}
        {%- endif -%}
    {%- endif -%}
{%- endfor %}

{%- for check in checks %}
select
    '{{ check.metric }}' as metric,
    {{ string_literal(check.problem) }} as problem,
    count(*) as failing_rows
from {{ model }}
where {{ check.failing }}
having count(*) > 0
{{ 'union all' if not loop.last }}
{%- else %}
select
    'none' as metric,
    'no catalog metric is declared on this model' as problem,
    1 as failing_rows
where {{ 'false' if not execute else 'true' }}
{%- endfor %}
{% endtest %}
