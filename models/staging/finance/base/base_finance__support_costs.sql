{{ stage_base(
    source_name='finance',
    table_name='support_costs',
    seed_name='raw_finance__support_costs',
    key='cost_line_id',
    columns=[
        {'name': 'cost_line_id', 'type': 'string', 'required': true},
        {'name': 'cost_month', 'type': 'date', 'required': true},
        {
            'name': 'cost_type',
            'type': 'enum',
            'enum': 'cost_type',
            'required': true,
        },
        {
            'name': 'channel',
            'type': 'enum',
            'enum': 'cost_channel',
            'required': true,
        },
        {'name': 'amount_usd', 'type': 'number', 'required': true, 'min': 0},
    ],
) }}
