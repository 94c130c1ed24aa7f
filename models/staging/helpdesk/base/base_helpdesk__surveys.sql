-- STUB: replace with the real column spec.
{{ stage_base(
    source_name='helpdesk',
    table_name='helpdesk_surveys',
    seed_name='raw_helpdesk__surveys',
    key='survey_id',
    columns=[
        {'name': 'survey_id', 'type': 'string', 'required': true},
        {'name': 'ticket_id', 'type': 'string'},
        {'name': 'responded_at', 'type': 'string'},
        {'name': 'survey_type', 'type': 'string'},
        {'name': 'score', 'type': 'string'},
    ],
) }}
