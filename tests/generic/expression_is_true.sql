{#- Fails with every row for which the expression is not true. Used to pin
    a definition on a model (numerator <= denominator, a rate within 0-100,
    raw rows = staged + duplicates + rejected). -#}
{% test expression_is_true(model, expression, where_clause=none) %}

select *
from {{ model }}
where not ({{ expression }})
{%- if where_clause %}
    and ({{ where_clause }})
{%- endif %}

{% endtest %}
