{{ stage_base(
    source_name='helpdesk',
    table_name='escalation_reviews',
    seed_name='raw_helpdesk__escalation_reviews',
    key='review_id',
    columns=[
        {'name': 'review_id', 'type': 'string', 'required': true},
        {'name': 'ticket_id', 'type': 'string', 'required': true},
        {'name': 'reviewer_id', 'type': 'string'},
        {'name': 'reviewed_at', 'type': 'timestamp'},
        {'name': 'was_necessary', 'type': 'boolean'},
        {'name': 'had_sufficient_context', 'type': 'boolean'},
        {'name': 'routed_correctly', 'type': 'boolean'},
    ],
) }}
