-- The data cut-off the connector's sync time gives (var as_of_from =
-- 'fivetran_synced'): every table is complete up to its latest
-- _fivetran_synced, so the data as a whole is complete up to the EARLIEST
-- of those. int_data_cutoff reads this when as_of_from is fivetran_synced.
{%- set tables = ['ticket', 'ticket_comment', 'ticket_field_history', 'user'] %}
{%- if var('zendesk_using_ticket_chat') %}
{%- set tables = tables + ['ticket_chat', 'ticket_chat_event'] %}
{%- endif %}
with latest_syncs as (

    {%- for table in tables %}
    select
        '{{ table }}' as connector_table,
        max(_fivetran_synced) as latest_synced_at
    from {{ source('fivetran_zendesk', table) }}
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
