{#- The score scale depends on the survey type (csat 1-5, ces 1-7 where
    7 = very easy, nps 0-10), so its range is a table check rather than a
    column min / max. -#}
{{ stage_base(
    source_name='helpdesk',
    table_name='helpdesk_surveys',
    seed_name='raw_helpdesk__surveys',
    key='survey_id',
    columns=[
        {'name': 'survey_id', 'type': 'string', 'required': true},
        {'name': 'ticket_id', 'type': 'string', 'required': true},
        {'name': 'responded_at', 'type': 'timestamp', 'required': true},
        {
            'name': 'survey_type',
            'type': 'enum',
            'enum': 'survey_type',
            'required': true,
        },
        {'name': 'score', 'type': 'integer', 'required': true},
    ],
    checks=[
        [
            "(survey_type = 'csat' and (score < 1 or score > 5))"
            ~ " or (survey_type = 'ces' and (score < 1 or score > 7))"
            ~ " or (survey_type = 'nps' and (score < 0 or score > 10))",
            'score out of range for survey_type',
        ],
    ],
    incremental_on=['responded_at'],
) }}
