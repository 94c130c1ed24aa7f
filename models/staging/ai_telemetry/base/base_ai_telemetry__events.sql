-- STUB: replace with the real column spec.
{{ stage_base(
    source_name='ai_telemetry',
    table_name='ai_events',
    seed_name='raw_ai_telemetry__events',
    key='event_id',
    columns=[
        {'name': 'event_id', 'type': 'string', 'required': true},
        {'name': 'occurred_at', 'type': 'string'},
        {'name': 'tool_id', 'type': 'string'},
        {'name': 'user_id', 'type': 'string'},
        {'name': 'ticket_id', 'type': 'string'},
        {'name': 'intervention_id', 'type': 'string'},
        {'name': 'event_type', 'type': 'string'},
        {'name': 'ai_output_chars', 'type': 'string'},
        {'name': 'retained_ratio', 'type': 'string'},
    ],
) }}
