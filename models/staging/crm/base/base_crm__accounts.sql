{{ stage_base(
    source_name='crm',
    table_name='crm_accounts',
    seed_name='raw_crm__accounts',
    key='account_id',
    columns=[
        {'name': 'account_id', 'type': 'string', 'required': true},
        {'name': 'account_name', 'type': 'string'},
        {'name': 'segment', 'type': 'enum', 'enum': 'segment', 'required': true},
        {'name': 'owner_csm_id', 'type': 'string'},
        {'name': 'industry', 'type': 'label'},
        {'name': 'created_at', 'type': 'timestamp', 'required': true},
        {'name': 'arr_usd', 'type': 'number', 'min': 0},
        {'name': 'churned_at', 'type': 'timestamp'},
    ],
    checks=[
        ['churned_at < created_at', 'churned_at before created_at'],
    ],
) }}
