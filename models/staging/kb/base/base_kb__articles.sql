{{ stage_base(
    source_name='kb',
    table_name='kb_articles',
    seed_name='raw_kb__articles',
    key='article_id',
    columns=[
        {'name': 'article_id', 'type': 'string', 'required': true},
        {'name': 'title', 'type': 'string'},
        {'name': 'category', 'type': 'label'},
        {'name': 'created_at', 'type': 'timestamp'},
    ],
) }}
