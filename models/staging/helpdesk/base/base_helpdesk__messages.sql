{{ stage_base(
    source_name='helpdesk',
    table_name='helpdesk_messages',
    seed_name='raw_helpdesk__messages',
    key='message_id',
    columns=[
        {'name': 'message_id', 'type': 'string', 'required': true},
        {'name': 'ticket_id', 'type': 'string', 'required': true},
        {'name': 'created_at', 'type': 'timestamp', 'required': true},
        {
            'name': 'author_role',
            'type': 'enum',
            'enum': 'author_role',
            'required': true,
        },
        {'name': 'author_id', 'type': 'string'},
        {
            'name': 'event_type',
            'type': 'enum',
            'enum': 'message_event_type',
            'required': true,
        },
        {'name': 'is_public', 'type': 'boolean'},
        {'name': 'sentiment_score', 'type': 'number', 'min': -1, 'max': 1},
        {'name': 'topic', 'type': 'label'},
        {'name': 'body', 'type': 'pii_text'},
    ],
    incremental_on=['created_at'],
) }}
