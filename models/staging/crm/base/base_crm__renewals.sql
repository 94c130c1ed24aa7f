-- STUB: replace with the real column spec.
{{ stage_base(
    source_name='crm',
    table_name='crm_renewals',
    seed_name='raw_crm__renewals',
    key='renewal_id',
    columns=[
        {'name': 'renewal_id', 'type': 'string', 'required': true},
        {'name': 'account_id', 'type': 'string'},
        {'name': 'renewal_date', 'type': 'string'},
        {'name': 'arr_before_usd', 'type': 'string'},
        {'name': 'arr_after_usd', 'type': 'string'},
        {'name': 'outcome', 'type': 'string'},
    ],
) }}
