-- STUB: replace with the real column spec.
{{ stage_base(
    source_name='helpdesk',
    table_name='helpdesk_messages',
    seed_name='raw_helpdesk__messages',
    key='message_id',
    columns=[
        {'name': 'message_id', 'type': 'string', 'required': true},
        {'name': 'ticket_id', 'type': 'string'},
        {'name': 'created_at', 'type': 'string'},
        {'name': 'author_role', 'type': 'string'},
        {'name': 'author_id', 'type': 'string'},
        {'name': 'event_type', 'type': 'string'},
        {'name': 'is_public', 'type': 'string'},
        {'name': 'sentiment_score', 'type': 'string'},
        {'name': 'topic', 'type': 'string'},
        {'name': 'body', 'type': 'string'},
    ],
) }}
