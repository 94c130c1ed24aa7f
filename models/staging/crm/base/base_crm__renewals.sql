{{ stage_base(
    source_name='crm',
    table_name='crm_renewals',
    seed_name='raw_crm__renewals',
    key='renewal_id',
    columns=[
        {'name': 'renewal_id', 'type': 'string', 'required': true},
        {'name': 'account_id', 'type': 'string', 'required': true},
        {'name': 'renewal_date', 'type': 'date', 'required': true},
        {'name': 'arr_before_usd', 'type': 'number', 'min': 0},
        {'name': 'arr_after_usd', 'type': 'number', 'min': 0},
        {
            'name': 'outcome',
            'type': 'enum',
            'enum': 'renewal_outcome',
            'required': true,
        },
    ],
) }}
