-- STUB: replace with the real column spec.
{{ stage_base(
    source_name='ai_telemetry',
    table_name='ai_tools',
    seed_name='raw_ai_telemetry__tools',
    key='tool_id',
    columns=[
        {'name': 'tool_id', 'type': 'string', 'required': true},
        {'name': 'tool_name', 'type': 'string'},
        {'name': 'vendor', 'type': 'string'},
        {'name': 'is_approved', 'type': 'string'},
        {'name': 'approved_at', 'type': 'string'},
        {'name': 'retired_at', 'type': 'string'},
    ],
) }}
