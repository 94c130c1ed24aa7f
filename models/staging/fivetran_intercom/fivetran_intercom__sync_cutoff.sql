-- The data cut-off the connector's sync time gives (var as_of_from =
-- 'fivetran_synced'): the earliest of each synced table's latest
-- _fivetran_synced (every table is complete up to its own; the data as a
-- whole up to the earliest). int_data_cutoff reads this when as_of_from is
-- fivetran_synced.
{%- set tables = [
    'conversation_history', 'conversation_part_history', 'contact_history', 'admin',
] %}
with latest_syncs as (

    {%- for table in tables %}
    select
        '{{ table }}' as connector_table,
        max(_fivetran_synced) as latest_synced_at
    from {{ source('fivetran_intercom', table) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select
        min(latest_synced_at) as synced_as_of_at,
        max(latest_synced_at) as latest_synced_at,
        count(latest_synced_at) as synced_tables

    from latest_syncs

)

select * from final
