{#- Which helpdesk family feeds the raw export contract (var helpdesk_source,
    docs/fivetran_sources.md). 'contract' reads seeds or files as before;
    'fivetran_zendesk' / 'fivetran_intercom' read the connector's tables in
    place through the adapter models under models/staging/fivetran_*/, each
    of which returns rows in the contract's shape (every column text), so
    stage_base parses, rejects, de-duplicates, masks and reconciles them
    exactly like an export file. -#}
{% macro helpdesk_source() -%}
    {%- set value = var('helpdesk_source', 'contract') -%}
    {%- if value not in ['contract', 'fivetran_zendesk', 'fivetran_intercom'] -%}
        {{ exceptions.raise_compiler_error(
            "var helpdesk_source must be 'contract', 'fivetran_zendesk' or"
            ~ " 'fivetran_intercom', got '" ~ value ~ "'"
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#- The contract tables a connector feeds. Everything else (AI telemetry, CS
    interventions, renewals, opportunities, costs, contracts, reviews, time
    entries, knowledge base) keeps coming from the contract path. -#}
{% macro fivetran_fed_tables() -%}
    {%- set tables = ['helpdesk_tickets', 'helpdesk_messages', 'helpdesk_surveys'] -%}
    {%- if var('fivetran_feeds_crm', true) -%}
        {%- set tables = tables + ['crm_accounts', 'crm_users'] -%}
    {%- endif -%}
    {{ return(tables) }}
{%- endmacro %}

{#- The adapter model that stands in for one contract table, or none. -#}
{% macro helpdesk_source_model(table_name) -%}
    {%- set source_family = helpdesk_source() -%}
    {%- if source_family != 'contract' and table_name in fivetran_fed_tables() -%}
        {{ return(source_family ~ '__' ~ table_name) }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{#- A var value as a SQL string literal (quotes doubled), so that a var
    never reaches SQL unquoted. -#}
{% macro fivetran_sql_string(value) -%}
    '{{ (value | string) | replace("'", "''") }}'
{%- endmacro %}

{#- `expression in ('a', 'b')` for a list var; false for an empty list. -#}
{% macro fivetran_in_list(expression, values) -%}
    {%- if values is string -%}
        {{ exceptions.raise_compiler_error(
            "expected a list, got the string '" ~ values ~ "'"
        ) }}
    {%- endif -%}
    {%- if values | length == 0 -%}
        false
    {%- else -%}
        {{ expression }} in (
            {%- for value in values -%}
                {{ fivetran_sql_string(value) }}{{ ', ' if not loop.last }}
            {%- endfor -%}
        )
    {%- endif -%}
{%- endmacro %}

{#- A case expression mapping text through a dict var; unlisted -> null. -#}
{% macro fivetran_map_values(expression, mapping) -%}
    case lower({{ expression }})
        {%- for key, value in mapping.items() | sort %}
        when {{ fivetran_sql_string(key | lower) }}
            then {{ fivetran_sql_string(value) }}
        {%- endfor %}
    end
{%- endmacro %}

{#- Text as the contract expects it: every column is read as text, so the
    adapters hand staging text and staging decides what a value means. -#}
{% macro fivetran_text(expression) -%}
    cast({{ expression }} as {{ dbt.type_string() }})
{%- endmacro %}

{#- Fail at compile time on a var outside its allowed values. -#}
{% macro fivetran_choice(var_name, allowed) -%}
    {%- set value = var(var_name) -%}
    {%- if value not in allowed -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ var_name ~ " must be one of " ~ (allowed | join(', '))
            ~ ", got '" ~ value ~ "'"
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#- The key of a ticket_field_history row (the table has no id): ticket,
    field, time and value. -#}
{% macro fivetran_zendesk_history_key(relation) -%}
    {{ dbt.concat([
        fivetran_text(relation ~ '.ticket_id'), "'|'",
        fivetran_text(relation ~ '.field_name'), "'|'",
        fivetran_text(relation ~ '.updated'), "'|'",
        "coalesce(" ~ fivetran_text(relation ~ '.value') ~ ", '')",
    ]) }}
{%- endmacro %}

{#- The key of one version of an Intercom history row: id and updated_at
    (the history tables keep a row per update). -#}
{% macro fivetran_intercom_version_key(relation) -%}
    {{ dbt.concat([
        fivetran_text(relation ~ '.id'), "'|'", fivetran_text(relation ~ '.updated_at'),
    ]) }}
{%- endmacro %}

{#- The key of a Zendesk ticket_chat_event row (the table has no id). -#}
{% macro fivetran_zendesk_chat_key(relation) -%}
    {{ dbt.concat([
        relation ~ '.chat_id', "'|'",
        fivetran_text(relation ~ '.chat_index'), "'|'",
        fivetran_text(relation ~ '.created_at'), "'|'",
        relation ~ '.actor_id',
    ]) }}
{%- endmacro %}

{#- fivetran_<connector>__row_accounting: per mapped connector table, raw
    rows = mapped (distinct connector rows behind the adapter's outputs) +
    excluded + not used (fivetran_<connector>__row_dispositions), each
    counted from its own relation. -#}
{% macro fivetran_row_accounting(connector, outputs, tables) -%}
with mapped_keys as (

    {%- for output in outputs %}
    select
        _connector_table as connector_table,
        _connector_key as connector_key
    from {{ ref('fivetran_' ~ connector ~ '__' ~ output) }}
    {%- if not loop.last %}
    union
    {%- endif %}
    {%- endfor %}

),

mapped as (

    select
        connector_table,
        count(*) as mapped_rows

    from mapped_keys
    group by 1

),

dispositions as (

    select
        connector_table,
        sum(case when disposition = 'excluded' then 1 else 0 end)
            as excluded_rows,
        sum(case when disposition = 'not_used' then 1 else 0 end)
            as not_used_rows

    from {{ ref('fivetran_' ~ connector ~ '__row_dispositions') }}
    group by 1

),

raw_counts as (

    {%- for table in tables %}
    select
        '{{ table }}' as connector_table,
        count(*) as raw_rows
    from {{ source('fivetran_' ~ connector, table) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select
        raw_counts.connector_table,
        raw_counts.raw_rows,
        coalesce(mapped.mapped_rows, 0) as mapped_rows,
        coalesce(dispositions.excluded_rows, 0) as excluded_rows,
        coalesce(dispositions.not_used_rows, 0) as not_used_rows,
        raw_counts.raw_rows
        - coalesce(mapped.mapped_rows, 0)
        - coalesce(dispositions.excluded_rows, 0)
        - coalesce(dispositions.not_used_rows, 0) as unexplained_rows

    from raw_counts
    left join mapped
        on raw_counts.connector_table = mapped.connector_table
    left join dispositions
        on raw_counts.connector_table = dispositions.connector_table

)

select * from final
{%- endmacro %}

{#- fivetran_<connector>__sync_cutoff: every table is complete up to its
    latest _fivetran_synced, so the data as a whole up to the earliest. -#}
{% macro fivetran_sync_cutoff(connector, tables) -%}
with latest_syncs as (

    {%- for table in tables %}
    select
        '{{ table }}' as connector_table,
        max(_fivetran_synced) as latest_synced_at
    from {{ source('fivetran_' ~ connector, table) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select
        min(latest_synced_at) as synced_as_of_at,
        max(latest_synced_at) as latest_synced_at,
        count(latest_synced_at) as synced_tables

    from latest_syncs

)

select * from final
{%- endmacro %}

{#- The last step of both connectors' helpdesk_messages: the contract's
    columns as text, from a relation of typed message rows (message_id,
    ticket_id, created_at, author_role, author_id, event_type, is_public,
    body, connector_table, connector_key). Neither connector has a
    sentiment score or a topic. -#}
{% macro fivetran_contract_messages(relation) -%}
    select
        message_id,
        ticket_id,
        {{ fivetran_text('created_at') }} as created_at,
        author_role,
        author_id,
        event_type,
        {{ fivetran_text('is_public') }} as is_public,
        cast(null as {{ dbt.type_string() }}) as sentiment_score,
        cast(null as {{ dbt.type_string() }}) as topic,
        body,
        connector_table as _connector_table,
        connector_key as _connector_key

    from {{ relation }}
{%- endmacro %}
