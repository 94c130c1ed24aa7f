-- Knowledge-base article effectiveness, one row per article (all time):
-- views, helpful votes and how often a view is followed by a ticket from the
-- same requester within var kb_contact_after_view_hours.
--
-- "Support Automation Success Metrics": "If certain articles have high
-- view counts but low satisfaction ratings, they're not delivering value
-- despite traffic." "Key Metrics That Matter" lists "Number of articles
-- (quantity over quality)" as a vanity metric. An
-- article is flagged high-view low-help when its views are at least the
-- average per article and its helpful rate is below var
-- kb_low_helpful_rate_max_pct, on at least var min_sample_size votes (a
-- rate on fewer is noise).
with articles as (

    select * from {{ ref('stg_kb__articles') }}

),

matched_views as (

    select * from {{ ref('int_kb_article_views_contacts_matched') }}

),

article_views as (

    select
        article_id,
        count(*) as total_views,
        count(voted_helpful) as voted_views,
        sum(case when voted_helpful then 1 else 0 end) as helpful_votes,
        count(is_followed_by_contact) as judged_views,
        sum(
            case when is_followed_by_contact then 1 else 0 end
        ) as views_followed_by_contact

    from matched_views
    group by 1

),

joined as (

    select
        articles.article_id,
        articles.title,
        articles.category,
        coalesce(article_views.total_views, 0) as total_views,
        coalesce(article_views.voted_views, 0) as voted_views,
        coalesce(article_views.helpful_votes, 0) as helpful_votes,
        coalesce(article_views.judged_views, 0) as judged_views,
        coalesce(
            article_views.views_followed_by_contact, 0
        ) as views_followed_by_contact

    from articles
    left join article_views
        on articles.article_id = article_views.article_id

),

rated as (

    select
        *,
        {{ catalog_rate('helpful_rate_pct', 'helpful_votes', 'voted_views') }},
        {{ catalog_rate(
            'contact_after_view_rate_pct',
            'views_followed_by_contact',
            'judged_views',
        ) }},
        avg(cast(total_views as double)) over () as avg_views_per_article

    from joined

),

final as (

    select
        article_id,
        title,
        category,
        cast(total_views as {{ dbt.type_bigint() }}) as total_views,
        cast(voted_views as {{ dbt.type_bigint() }}) as voted_views,
        cast(helpful_votes as {{ dbt.type_bigint() }}) as helpful_votes,
        helpful_rate_pct,
        {{ rate_interval_columns('helpful_rate_pct') }},
        cast(judged_views as {{ dbt.type_bigint() }}) as judged_views,
        cast(
            views_followed_by_contact as {{ dbt.type_bigint() }}
        ) as views_followed_by_contact,
        contact_after_view_rate_pct,
        {{ rate_interval_columns('contact_after_view_rate_pct') }},
        avg_views_per_article,
        coalesce(
            total_views > 0
            and total_views >= avg_views_per_article
            and helpful_rate_pct < {{ var('kb_low_helpful_rate_max_pct') }}
            and voted_views >= {{ var('min_sample_size') }},
            false
        ) as is_high_view_low_help

    from rated

)

select * from final
