-- Knowledge-base views, each with whether the same requester opened a
-- ticket within var kb_contact_after_view_hours after it (viewed_at <
-- created_at <= viewed_at + window): the article did not answer the
-- question. "Support Automation Success Metrics": "If customers
-- frequently click through to articles but still escalate to human
-- support, those articles need improvement."
--
-- Same single window pass as int_tickets_repeat_contacts: per requester,
-- ticket creations ("contacts") and views ("probes") on one time line, a
-- contact sorted before a view at the same instant, each view taking the
-- earliest contact on the rows after it. A view whose window has not
-- elapsed by as_of is not judged (null).
with article_views as (

    select * from {{ ref('stg_kb__article_views') }}

),

tickets as (

    select * from {{ ref('stg_helpdesk__tickets') }}

),

data_cutoff as (

    select * from {{ ref('int_data_cutoff') }}

),

contact_events as (

    select
        requester_id,
        created_at as event_at,
        0 as event_order,
        cast(null as {{ dbt.type_string() }}) as view_id,
        created_at as contact_at

    from tickets
    where requester_id is not null

),

view_events as (

    select
        requester_id,
        viewed_at as event_at,
        1 as event_order,
        view_id,
        cast(null as {{ dbt.type_timestamp() }}) as contact_at

    from article_views
    where requester_id is not null

),

timeline as (

    select * from contact_events
    union all
    select * from view_events

),

next_contacts as (

    select
        view_id,
        event_order,
        min(contact_at) over (
            partition by requester_id
            order by event_at, event_order
            rows between current row and unbounded following
        ) as next_contact_at

    from timeline

),

matched as (

    select
        article_views.view_id,
        article_views.article_id,
        article_views.requester_id,
        article_views.viewed_at,
        article_views.voted_helpful,
        next_contacts.next_contact_at,
        {{ dbt.dateadd(
            'hour', var('kb_contact_after_view_hours'), 'article_views.viewed_at'
        ) }} as contact_window_ends_at,
        data_cutoff.as_of_at

    from article_views
    left join next_contacts
        on
            article_views.view_id = next_contacts.view_id
            and next_contacts.event_order = 1
    cross join data_cutoff

),

final as (

    select
        view_id,
        article_id,
        requester_id,
        viewed_at,
        voted_helpful,
        next_contact_at,
        contact_window_ends_at,
        case
            when requester_id is not null
                then contact_window_ends_at <= as_of_at
        end as is_contact_window_elapsed,
        case
            when requester_id is not null and contact_window_ends_at <= as_of_at
                then coalesce(next_contact_at <= contact_window_ends_at, false)
        end as is_followed_by_contact

    from matched

)

select * from final
