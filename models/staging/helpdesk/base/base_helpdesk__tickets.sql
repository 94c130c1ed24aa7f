{#- Two exports of one ticket that disagree: keep the most advanced state
    (solved, latest solve); the other version is rejected. -#}
{{ stage_base(
    source_name='helpdesk',
    table_name='helpdesk_tickets',
    seed_name='raw_helpdesk__tickets',
    key='ticket_id',
    columns=[
        {'name': 'ticket_id', 'type': 'string', 'required': true},
        {'name': 'requester_id', 'type': 'string'},
        {
            'name': 'requester_email_hash',
            'source': 'requester_email',
            'type': 'pii_hash',
        },
        {'name': 'account_id', 'type': 'string'},
        {'name': 'channel', 'type': 'enum', 'enum': 'ticket_channel'},
        {'name': 'category', 'type': 'label'},
        {'name': 'priority', 'type': 'enum', 'enum': 'ticket_priority'},
        {'name': 'complexity', 'type': 'integer', 'min': 1, 'max': 5},
        {'name': 'created_at', 'type': 'timestamp', 'required': true},
        {'name': 'status', 'type': 'enum', 'enum': 'ticket_status'},
        {'name': 'solved_at', 'type': 'timestamp'},
    ],
    checks=[
        ['solved_at < created_at', 'solved_at before created_at'],
    ],
    prefer_order='solved_at desc nulls last',
    incremental_on=['created_at', 'solved_at'],
) }}
