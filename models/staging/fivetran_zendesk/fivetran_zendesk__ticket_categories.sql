{{ config(enabled=var('helpdesk_source') == 'fivetran_zendesk') }}
-- The category of each ticket, from where var zendesk_category_from says:
-- group (the ticket's group name), ticket_type (problem / incident /
-- question / task), brand (the brand name), tag_prefix (the first tag, in
-- alphabetical order, starting with zendesk_category_tag_prefix, prefix
-- removed) or custom_field (the latest non-empty value of ticket field
-- zendesk_category_field). A ticket without one keeps category null: it is
-- kept and listed in fivetran_zendesk__warnings, never dropped. Staging
-- turns the label into snake_case.
{%- set category_from = fivetran_choice(
    'zendesk_category_from',
    ['group', 'ticket_type', 'brand', 'tag_prefix', 'custom_field'],
) %}
{%- set prefix = var('zendesk_category_tag_prefix') or '' %}
{%- set field = var('zendesk_category_field') %}
with tickets as (

    select * from {{ source('fivetran_zendesk', 'ticket') }}

),

groups as (

    select * from {{ source('fivetran_zendesk', 'group') }}

),

brands as (

    select * from {{ source('fivetran_zendesk', 'brand') }}

),

tags as (

    select * from {{ source('fivetran_zendesk', 'ticket_tag') }}

),

history as (

    select * from {{ source('fivetran_zendesk', 'ticket_field_history') }}

),

tag_categories as (

    select
        {{ fivetran_text('tags.ticket_id') }} as ticket_id,
        min(
            substring(tags.tag, {{ prefix | length + 1 }})
        ) as category

    from tags
    where
        substring(tags.tag, 1, {{ prefix | length }})
        = {{ fivetran_sql_string(prefix) }}
        and length(tags.tag) > {{ prefix | length }}
    group by 1

),

field_values as (

    select
        {{ fivetran_text('history.ticket_id') }} as ticket_id,
        nullif(trim(history.value), '') as category,
        row_number() over (
            partition by history.ticket_id
            order by history.updated desc, history.value asc
        ) as value_rank

    from history
    where
        {{ fivetran_text('history.field_name') }}
        = {{ fivetran_sql_string(field or '') }}

),

field_categories as (

    select
        ticket_id,
        category

    from field_values
    where value_rank = 1

),

candidates as (

    -- Every candidate, so that switching the var is easy to check.
    select
        {{ fivetran_text('tickets.id') }} as ticket_id,
        groups.name as group_category,
        tickets.type as ticket_type_category,
        brands.name as brand_category,
        tag_categories.category as tag_prefix_category,
        field_categories.category as custom_field_category

    from tickets
    left join groups
        on tickets.group_id = groups.id
    left join brands
        on tickets.brand_id = brands.id
    left join tag_categories
        on {{ fivetran_text('tickets.id') }} = tag_categories.ticket_id
    left join field_categories
        on {{ fivetran_text('tickets.id') }} = field_categories.ticket_id

),

final as (

    select
        ticket_id,
        {{ category_from }}_category as category

    from candidates

)

select * from final
