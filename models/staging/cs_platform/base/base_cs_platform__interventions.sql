-- STUB: replace with the real column spec.
{{ stage_base(
    source_name='cs_platform',
    table_name='cs_interventions',
    seed_name='raw_cs_platform__interventions',
    key='intervention_id',
    columns=[
        {'name': 'intervention_id', 'type': 'string', 'required': true},
        {'name': 'account_id', 'type': 'string'},
        {'name': 'csm_id', 'type': 'string'},
        {'name': 'intervention_type', 'type': 'string'},
        {'name': 'opened_at', 'type': 'string'},
        {'name': 'closed_at', 'type': 'string'},
        {'name': 'outcome', 'type': 'string'},
    ],
) }}
