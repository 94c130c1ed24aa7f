-- STUB: replace with the real column spec.
{{ stage_base(
    source_name='finance',
    table_name='support_costs',
    seed_name='raw_finance__support_costs',
    key='cost_line_id',
    columns=[
        {'name': 'cost_line_id', 'type': 'string', 'required': true},
        {'name': 'cost_month', 'type': 'string'},
        {'name': 'cost_type', 'type': 'string'},
        {'name': 'channel', 'type': 'string'},
        {'name': 'amount_usd', 'type': 'string'},
    ],
) }}
