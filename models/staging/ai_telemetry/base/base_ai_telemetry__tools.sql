{{ stage_base(
    source_name='ai_telemetry',
    table_name='ai_tools',
    seed_name='raw_ai_telemetry__tools',
    key='tool_id',
    columns=[
        {'name': 'tool_id', 'type': 'string', 'required': true},
        {'name': 'tool_name', 'type': 'string'},
        {'name': 'vendor', 'type': 'string'},
        {'name': 'is_approved', 'type': 'boolean', 'required': true},
        {'name': 'approved_at', 'type': 'timestamp'},
        {'name': 'retired_at', 'type': 'timestamp'},
    ],
    checks=[
        ['retired_at < approved_at', 'retired_at before approved_at'],
    ],
) }}
