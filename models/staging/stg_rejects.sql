-- Every raw row staging could not use, with why. Nothing is dropped silently:
-- stg_row_reconciliation proves raw = staged + duplicates + rejected.
{%- set tables = raw_tables() %}

with
{%- for table in tables %}

{{ table.table_name }} as (

    select
        '{{ table.table_name }}' as source_table,
        _source_key as source_key,
        _reject_reason as reject_reason,
        _raw_row as raw_row

    from {{ ref(table.base_model) }}
    where _reject_reason is not null

),
{%- endfor %}

unioned as (
    {%- for table in tables %}

    select * from {{ table.table_name }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select * from unioned
