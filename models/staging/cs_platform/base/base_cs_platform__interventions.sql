{{ stage_base(
    source_name='cs_platform',
    table_name='cs_interventions',
    seed_name='raw_cs_platform__interventions',
    key='intervention_id',
    columns=[
        {'name': 'intervention_id', 'type': 'string', 'required': true},
        {'name': 'account_id', 'type': 'string', 'required': true},
        {'name': 'csm_id', 'type': 'string'},
        {
            'name': 'intervention_type',
            'type': 'enum',
            'enum': 'intervention_type',
            'required': true,
        },
        {'name': 'opened_at', 'type': 'timestamp', 'required': true},
        {'name': 'closed_at', 'type': 'timestamp'},
        {'name': 'outcome', 'type': 'enum', 'enum': 'intervention_outcome'},
    ],
    checks=[
        ['closed_at < opened_at', 'closed_at before opened_at'],
    ],
    incremental_on=['opened_at', 'closed_at'],
) }}
