{{ stage_base(
    source_name='crm',
    table_name='crm_users',
    seed_name='raw_crm__users',
    key='user_id',
    columns=[
        {'name': 'user_id', 'type': 'string', 'required': true},
        {'name': 'full_name', 'type': 'string'},
        {'name': 'email_hash', 'source': 'email', 'type': 'pii_hash'},
        {'name': 'phone_hash', 'source': 'phone', 'type': 'pii_hash'},
        {'name': 'role', 'type': 'enum', 'enum': 'user_role', 'required': true},
        {'name': 'team', 'type': 'label'},
        {'name': 'segment_focus', 'type': 'enum', 'enum': 'segment'},
        {'name': 'hired_at', 'type': 'timestamp', 'required': true},
        {'name': 'terminated_at', 'type': 'timestamp'},
    ],
    checks=[
        ['terminated_at < hired_at', 'terminated_at before hired_at'],
    ],
) }}
