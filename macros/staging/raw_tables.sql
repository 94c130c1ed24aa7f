{#- The raw tables of the export contract (docs/raw_exports.md), each with
    the names it goes by. stg_rejects and stg_row_reconciliation read this
    list, so a new source table is added here once. -#}
{% macro raw_tables() -%}
    {%- set tables = [
        ['crm', 'crm_accounts', 'raw_crm__accounts', 'crm__accounts'],
        ['crm', 'crm_renewals', 'raw_crm__renewals', 'crm__renewals'],
        ['crm', 'crm_opportunities', 'raw_crm__opportunities', 'crm__opportunities'],
        ['crm', 'crm_users', 'raw_crm__users', 'crm__users'],
        ['cs_platform', 'cs_interventions', 'raw_cs_platform__interventions', 'cs_platform__interventions'],
        ['ai_telemetry', 'ai_tools', 'raw_ai_telemetry__tools', 'ai_telemetry__tools'],
        ['ai_telemetry', 'ai_events', 'raw_ai_telemetry__events', 'ai_telemetry__events'],
        ['helpdesk', 'helpdesk_tickets', 'raw_helpdesk__tickets', 'helpdesk__tickets'],
        ['helpdesk', 'helpdesk_messages', 'raw_helpdesk__messages', 'helpdesk__messages'],
        ['helpdesk', 'helpdesk_time_entries', 'raw_helpdesk__time_entries', 'helpdesk__time_entries'],
        ['helpdesk', 'helpdesk_surveys', 'raw_helpdesk__surveys', 'helpdesk__surveys'],
        ['helpdesk', 'escalation_reviews', 'raw_helpdesk__escalation_reviews', 'helpdesk__escalation_reviews'],
        ['helpdesk', 'qa_reviews', 'raw_helpdesk__qa_reviews', 'helpdesk__qa_reviews'],
        ['kb', 'kb_articles', 'raw_kb__articles', 'kb__articles'],
        ['kb', 'kb_article_views', 'raw_kb__article_views', 'kb__article_views'],
        ['finance', 'support_costs', 'raw_finance__support_costs', 'finance__support_costs'],
        ['vendors', 'vendor_contracts', 'raw_vendors__vendor_contracts', 'vendors__vendor_contracts'],
    ] -%}
    {%- set result = [] -%}
    {%- for row in tables -%}
        {%- do result.append({
            'source_name': row[0],
            'table_name': row[1],
            'seed_name': row[2],
            'base_model': 'base_' ~ row[3],
            'staging_model': 'stg_' ~ row[3],
        }) -%}
    {%- endfor -%}
    {{ return(result) }}
{%- endmacro %}

{#- One select per raw table, union all: the rows of every base_ model that
    staging rejected (read by stg_rejects). -#}
{% macro union_staging_rejects() -%}
    {%- for table in raw_tables() %}
    select
        '{{ table.table_name }}' as source_table,
        _source_key as source_key,
        _reject_reason as reject_reason,
        _raw_row as raw_row
    from {{ ref(table.base_model) }}
    where _reject_reason is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- One row per raw table: rows in, staged, duplicates, rejected, each
    counted from its own relation (read by stg_row_reconciliation). -#}
{% macro union_staging_row_counts() -%}
    {%- for table in raw_tables() %}
    select
        '{{ table.table_name }}' as source_table,
        (
            select count(*)
            from {{ raw_table(table.source_name, table.table_name, table.seed_name) }}
        ) as raw_rows,
        (select count(*) from {{ ref(table.staging_model) }}) as staged_rows,
        (
            select count(*) from {{ ref(table.base_model) }}
            where _is_duplicate
        ) as duplicate_rows,
        (
            select count(*) from {{ ref('stg_rejects') }}
            where source_table = '{{ table.table_name }}'
        ) as rejected_rows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
