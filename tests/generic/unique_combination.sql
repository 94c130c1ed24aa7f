{#- Fails with every combination of the given columns that occurs more than
    once: the grain of a mart (month x segment, CSM x week). A null in a
    grain column is compared as a value, so two rows that differ only by
    null and null fail too. -#}
{% test unique_combination(model, combination_of_columns) %}

select
    {{ combination_of_columns | join(',\n    ') }},
    count(*) as n_rows
from {{ model }}
group by
    {{ combination_of_columns | join(',\n    ') }}
having count(*) > 1

{% endtest %}
