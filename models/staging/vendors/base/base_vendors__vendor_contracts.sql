-- STUB: replace with the real column spec.
{{ stage_base(
    source_name='vendors',
    table_name='vendor_contracts',
    seed_name='raw_vendors__vendor_contracts',
    key='contract_id',
    columns=[
        {'name': 'contract_id', 'type': 'string', 'required': true},
        {'name': 'vendor', 'type': 'string'},
        {'name': 'tool_id', 'type': 'string'},
        {'name': 'effective_from', 'type': 'string'},
        {'name': 'effective_to', 'type': 'string'},
        {'name': 'price_per_resolution_usd', 'type': 'string'},
        {'name': 'min_resolution_rate', 'type': 'string'},
        {'name': 'min_csat_pct', 'type': 'string'},
        {'name': 'penalty_pct', 'type': 'string'},
    ],
) }}
