-- One row per raw table: what came in and where each row went. Counted from
-- the raw relation, the stg_ model and stg_rejects independently, so a row
-- lost anywhere in between shows up as a gap.
{%- set tables = raw_tables() %}

with
{%- for table in tables %}

{{ table.table_name }} as (

    select
        '{{ table.table_name }}' as source_table,
        (
            select count(*)
            from {{ raw_table(table.source_name, table.table_name, table.seed_name) }}
        ) as raw_rows,
        (select count(*) from {{ ref(table.staging_model) }}) as staged_rows,
        (
            select count(*) from {{ ref(table.base_model) }}
            where _is_duplicate
        ) as duplicate_rows,
        (
            select count(*) from {{ ref('stg_rejects') }}
            where source_table = '{{ table.table_name }}'
        ) as rejected_rows

),
{%- endfor %}

unioned as (
    {%- for table in tables %}

    select * from {{ table.table_name }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select
        source_table,
        raw_rows,
        staged_rows,
        duplicate_rows,
        rejected_rows,
        raw_rows - staged_rows - duplicate_rows - rejected_rows as unexplained_rows

    from unioned

)

select * from final
