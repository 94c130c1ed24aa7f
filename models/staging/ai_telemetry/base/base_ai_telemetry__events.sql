{{ stage_base(
    source_name='ai_telemetry',
    table_name='ai_events',
    seed_name='raw_ai_telemetry__events',
    key='event_id',
    columns=[
        {'name': 'event_id', 'type': 'string', 'required': true},
        {'name': 'occurred_at', 'type': 'timestamp', 'required': true},
        {'name': 'tool_id', 'type': 'string', 'required': true},
        {'name': 'user_id', 'type': 'string'},
        {'name': 'ticket_id', 'type': 'string'},
        {'name': 'intervention_id', 'type': 'string'},
        {
            'name': 'event_type',
            'type': 'enum',
            'enum': 'ai_event_type',
            'required': true,
        },
        {'name': 'ai_output_chars', 'type': 'integer', 'min': 0},
        {'name': 'retained_ratio', 'type': 'number', 'min': 0, 'max': 1},
    ],
    incremental_on=['occurred_at'],
) }}
