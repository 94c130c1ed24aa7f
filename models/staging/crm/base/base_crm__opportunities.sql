{{ stage_base(
    source_name='crm',
    table_name='crm_opportunities',
    seed_name='raw_crm__opportunities',
    key='opportunity_id',
    columns=[
        {'name': 'opportunity_id', 'type': 'string', 'required': true},
        {'name': 'account_id', 'type': 'string', 'required': true},
        {'name': 'created_at', 'type': 'timestamp', 'required': true},
        {'name': 'closed_at', 'type': 'timestamp'},
        {
            'name': 'opportunity_type',
            'type': 'enum',
            'enum': 'opportunity_type',
            'required': true,
        },
        {
            'name': 'stage',
            'type': 'enum',
            'enum': 'opportunity_stage',
            'required': true,
        },
        {'name': 'amount_usd', 'type': 'number', 'min': 0},
        {'name': 'source_ticket_id', 'type': 'string'},
        {'name': 'source_intervention_id', 'type': 'string'},
    ],
    checks=[
        ['closed_at < created_at', 'closed_at before created_at'],
    ],
) }}
