{{ config(
    materialized='table',
    enabled=var('helpdesk_source') == 'fivetran_intercom',
) }}
-- Where every row of each mapped Intercom connector table went: mapped into
-- a contract row (counted from the adapter's outputs) or not used as a row
-- of its own (fivetran_intercom__row_dispositions), each counted from its
-- own relation; the test on unexplained_rows = 0 checks nothing is lost.
{%- set outputs = [
    'helpdesk_tickets', 'helpdesk_messages', 'helpdesk_surveys',
] %}
{%- if var('fivetran_feeds_crm') %}
    {%- set outputs = outputs + ['crm_accounts', 'crm_users'] %}
{%- endif %}
{{ fivetran_row_accounting('intercom', outputs, [
    'conversation_history', 'conversation_part_history', 'contact_history',
    'company_history', 'admin',
]) }}
