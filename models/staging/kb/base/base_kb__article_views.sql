{{ stage_base(
    source_name='kb',
    table_name='kb_article_views',
    seed_name='raw_kb__article_views',
    key='view_id',
    columns=[
        {'name': 'view_id', 'type': 'string', 'required': true},
        {'name': 'article_id', 'type': 'string', 'required': true},
        {'name': 'requester_id', 'type': 'string'},
        {'name': 'viewed_at', 'type': 'timestamp', 'required': true},
        {'name': 'voted_helpful', 'type': 'boolean'},
    ],
    incremental_on=['viewed_at'],
) }}
