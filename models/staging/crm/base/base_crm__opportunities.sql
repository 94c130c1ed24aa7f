-- STUB: replace with the real column spec.
{{ stage_base(
    source_name='crm',
    table_name='crm_opportunities',
    seed_name='raw_crm__opportunities',
    key='opportunity_id',
    columns=[
        {'name': 'opportunity_id', 'type': 'string', 'required': true},
        {'name': 'account_id', 'type': 'string'},
        {'name': 'created_at', 'type': 'string'},
        {'name': 'closed_at', 'type': 'string'},
        {'name': 'opportunity_type', 'type': 'string'},
        {'name': 'stage', 'type': 'string'},
        {'name': 'amount_usd', 'type': 'string'},
        {'name': 'source_ticket_id', 'type': 'string'},
        {'name': 'source_intervention_id', 'type': 'string'},
    ],
) }}
