-- STUB: replace with the real column spec.
{{ stage_base(
    source_name='crm',
    table_name='crm_users',
    seed_name='raw_crm__users',
    key='user_id',
    columns=[
        {'name': 'user_id', 'type': 'string', 'required': true},
        {'name': 'full_name', 'type': 'string'},
        {'name': 'email', 'type': 'string'},
        {'name': 'phone', 'type': 'string'},
        {'name': 'role', 'type': 'string'},
        {'name': 'team', 'type': 'string'},
        {'name': 'segment_focus', 'type': 'string'},
        {'name': 'hired_at', 'type': 'string'},
        {'name': 'terminated_at', 'type': 'string'},
    ],
) }}
