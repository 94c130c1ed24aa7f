-- STUB: replace with the real column spec.
{{ stage_base(
    source_name='helpdesk',
    table_name='helpdesk_tickets',
    seed_name='raw_helpdesk__tickets',
    key='ticket_id',
    columns=[
        {'name': 'ticket_id', 'type': 'string', 'required': true},
        {'name': 'requester_id', 'type': 'string'},
        {'name': 'requester_email', 'type': 'string'},
        {'name': 'account_id', 'type': 'string'},
        {'name': 'channel', 'type': 'string'},
        {'name': 'category', 'type': 'string'},
        {'name': 'priority', 'type': 'string'},
        {'name': 'complexity', 'type': 'string'},
        {'name': 'created_at', 'type': 'string'},
        {'name': 'status', 'type': 'string'},
        {'name': 'solved_at', 'type': 'string'},
    ],
) }}
