{{ config(enabled=var('helpdesk_source') == 'fivetran_intercom') }}
-- The data cut-off the connector's sync time gives (var as_of_from =
-- 'fivetran_synced'): the earliest of each synced table's latest
-- _fivetran_synced. int_data_cutoff reads this when as_of_from is
-- fivetran_synced.
{{ fivetran_sync_cutoff('intercom', [
    'conversation_history', 'conversation_part_history', 'contact_history', 'admin',
]) }}
