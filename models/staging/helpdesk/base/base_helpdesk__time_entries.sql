{{ stage_base(
    source_name='helpdesk',
    table_name='helpdesk_time_entries',
    seed_name='raw_helpdesk__time_entries',
    key='time_entry_id',
    columns=[
        {'name': 'time_entry_id', 'type': 'string', 'required': true},
        {'name': 'ticket_id', 'type': 'string', 'required': true},
        {'name': 'agent_id', 'type': 'string'},
        {'name': 'started_at', 'type': 'timestamp', 'required': true},
        {'name': 'seconds', 'type': 'integer', 'required': true, 'min': 0},
    ],
    incremental_on=['started_at'],
) }}
