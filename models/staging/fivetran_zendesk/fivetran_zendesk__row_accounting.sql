{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_zendesk',
) }}
-- Where every row of each mapped Zendesk connector table went: mapped into
-- a contract row (counted from the adapter's outputs), excluded on purpose
-- (deleted), or not used as a row of its own; each counted from its own
-- relation. The test on unexplained_rows = 0 is the connector-level twin
-- of stg_row_reconciliation: no connector row disappears unaccounted for.
{%- set outputs = [
    'helpdesk_tickets', 'helpdesk_messages', 'helpdesk_surveys',
] %}
{%- if var('fivetran_feeds_crm') %}
    {%- set outputs = outputs + ['crm_accounts', 'crm_users'] %}
{%- endif %}
{%- set tables = [
    'ticket', 'ticket_comment', 'ticket_field_history', 'user', 'organization',
] %}
{%- if var('zendesk_using_ticket_chat') %}
    {%- set tables = tables + ['ticket_chat_event'] %}
{%- endif %}
{{ fivetran_row_accounting('zendesk', outputs, tables) }}
