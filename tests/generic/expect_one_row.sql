{#- Fails unless the model holds exactly one row: the key of a one-row
    model (the data cut-off, the reporting window), declared with
    config.meta.one_row (scripts/check_structure.py accepts it as the
    model's primary-key test). -#}
{% test expect_one_row(model) %}

select count(*) as row_count
from {{ model }}
having count(*) <> 1

{% endtest %}
