{#- The activity timestamp each raw table's freshness is judged by (staged
    column), or none for a reference table (accounts, users, tools, articles,
    contracts change rarely; their age says nothing about a stale export).
    Support costs are monthly ledger lines: judged by their month. -#}
{% macro source_freshness_columns() -%}
    {{ return({
        'crm_accounts': none,
        'crm_renewals': 'renewal_date',
        'crm_opportunities': 'created_at',
        'crm_users': none,
        'cs_interventions': 'opened_at',
        'ai_tools': none,
        'ai_events': 'occurred_at',
        'helpdesk_tickets': 'created_at',
        'helpdesk_messages': 'created_at',
        'helpdesk_time_entries': 'started_at',
        'helpdesk_surveys': 'responded_at',
        'escalation_reviews': 'reviewed_at',
        'qa_reviews': 'reviewed_at',
        'kb_articles': none,
        'kb_article_views': 'viewed_at',
        'support_costs': 'cost_month',
        'vendor_contracts': none,
    }) }}
{%- endmacro %}

{#- Warn / error thresholds in days for one raw table: the defaults
    (vars freshness_warn_after_days, freshness_error_after_days) unless
    var freshness_overrides names the table, e.g.
    {support_costs: {warn_after_days: 45, error_after_days: 75}}. -#}
{% macro source_freshness_threshold(table_name, kind) -%}
    {%- set overrides = var('freshness_overrides', {}) or {} -%}
    {%- set value = (overrides.get(table_name) or {}).get(kind ~ '_after_days', var('freshness_' ~ kind ~ '_after_days')) -%}
    {%- if value is not number or value < 0 -%}
        {{ exceptions.raise_compiler_error(
            "var freshness_overrides / freshness_" ~ kind ~ "_after_days: '" ~ value
            ~ "' for table " ~ table_name ~ " is not a number of days >= 0") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#- One select per raw table, union all: the latest activity of its staged
    model and its thresholds (read by audit_source_freshness). -#}
{% macro union_source_freshness() -%}
    {%- set columns = source_freshness_columns() -%}
    {%- for table in raw_tables() %}
    {%- set column = columns[table.table_name] %}
    select
        '{{ table.table_name }}' as source_table,
        {{ "'" ~ column ~ "'" if column else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as freshness_column,
        {% if column -%}
        max(cast({{ column }} as {{ dbt.type_timestamp() }}))
        {%- else -%}
        cast(null as {{ dbt.type_timestamp() }})
        {%- endif %} as latest_activity_at,
        count(*) as staged_rows,
        {{ source_freshness_threshold(table.table_name, 'warn') }} as warn_after_days,
        {{ source_freshness_threshold(table.table_name, 'error') }} as error_after_days
    from {{ ref(table.staging_model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
