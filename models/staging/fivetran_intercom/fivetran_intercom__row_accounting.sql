{{ config(materialized='table') }}
-- Where every row of each mapped Intercom connector table went: mapped into
-- a contract row (counted from the adapter's outputs) or not used as a row
-- of its own (fivetran_intercom__row_dispositions), each counted from its
-- own relation; the test on unexplained_rows = 0 checks nothing is lost.
{%- set outputs = [
    'fivetran_intercom__helpdesk_tickets',
    'fivetran_intercom__helpdesk_messages',
    'fivetran_intercom__helpdesk_surveys',
] %}
{%- if var('fivetran_feeds_crm') %}
{%- set outputs = outputs + [
    'fivetran_intercom__crm_accounts', 'fivetran_intercom__crm_users',
] %}
{%- endif %}
{%- set tables = [
    'conversation_history', 'conversation_part_history', 'contact_history',
    'company_history', 'admin',
] %}
with mapped_keys as (

    {%- for output in outputs %}
    select
        _connector_table as connector_table,
        _connector_key as connector_key
    from {{ ref(output) }}
    {%- if not loop.last %}
    union
    {%- endif %}
    {%- endfor %}

),

mapped as (

    select
        connector_table,
        count(*) as mapped_rows

    from mapped_keys
    group by 1

),

dispositions as (

    select
        connector_table,
        sum(case when disposition = 'excluded' then 1 else 0 end)
            as excluded_rows,
        sum(case when disposition = 'not_used' then 1 else 0 end)
            as not_used_rows

    from {{ ref('fivetran_intercom__row_dispositions') }}
    group by 1

),

raw_counts as (

    {%- for table in tables %}
    select
        '{{ table }}' as connector_table,
        count(*) as raw_rows
    from {{ source('fivetran_intercom', table) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select
        raw_counts.connector_table,
        raw_counts.raw_rows,
        coalesce(mapped.mapped_rows, 0) as mapped_rows,
        coalesce(dispositions.excluded_rows, 0) as excluded_rows,
        coalesce(dispositions.not_used_rows, 0) as not_used_rows,
        raw_counts.raw_rows
        - coalesce(mapped.mapped_rows, 0)
        - coalesce(dispositions.excluded_rows, 0)
        - coalesce(dispositions.not_used_rows, 0) as unexplained_rows

    from raw_counts
    left join mapped
        on raw_counts.connector_table = mapped.connector_table
    left join dispositions
        on raw_counts.connector_table = dispositions.connector_table

)

select * from final
