{{ config(enabled=var('helpdesk_source') == 'fivetran_zendesk') }}
-- The data cut-off the connector's sync time gives (var as_of_from =
-- 'fivetran_synced'): every table is complete up to its latest
-- _fivetran_synced, so the data as a whole is complete up to the EARLIEST
-- of those. int_data_cutoff reads this when as_of_from is fivetran_synced.
{%- set tables = ['ticket', 'ticket_comment', 'ticket_field_history', 'user'] %}
{%- if var('zendesk_using_ticket_chat') %}
    {%- set tables = tables + ['ticket_chat', 'ticket_chat_event'] %}
{%- endif %}
{{ fivetran_sync_cutoff('zendesk', tables) }}
