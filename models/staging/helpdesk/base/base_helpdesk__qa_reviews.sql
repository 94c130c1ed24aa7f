{{ stage_base(
    source_name='helpdesk',
    table_name='qa_reviews',
    seed_name='raw_helpdesk__qa_reviews',
    key='qa_review_id',
    columns=[
        {'name': 'qa_review_id', 'type': 'string', 'required': true},
        {'name': 'ticket_id', 'type': 'string', 'required': true},
        {'name': 'reviewed_at', 'type': 'timestamp'},
        {'name': 'has_hallucination', 'type': 'boolean'},
        {'name': 'has_policy_violation', 'type': 'boolean'},
    ],
) }}
