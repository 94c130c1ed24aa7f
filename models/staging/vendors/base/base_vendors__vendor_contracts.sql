{{ stage_base(
    source_name='vendors',
    table_name='vendor_contracts',
    seed_name='raw_vendors__vendor_contracts',
    key='contract_id',
    columns=[
        {'name': 'contract_id', 'type': 'string', 'required': true},
        {'name': 'vendor', 'type': 'string'},
        {'name': 'tool_id', 'type': 'string', 'required': true},
        {'name': 'effective_from', 'type': 'date', 'required': true},
        {'name': 'effective_to', 'type': 'date'},
        {
            'name': 'price_per_resolution_usd',
            'type': 'number',
            'required': true,
            'min': 0,
        },
        {
            'name': 'min_resolution_rate',
            'type': 'number',
            'min': 0,
            'max': 1,
        },
        {'name': 'min_csat_pct', 'type': 'number', 'min': 0, 'max': 100},
        {'name': 'penalty_pct', 'type': 'number', 'min': 0, 'max': 100},
    ],
    checks=[
        ['effective_to < effective_from', 'effective_to before effective_from'],
    ],
) }}
