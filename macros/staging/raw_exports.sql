{#- Reading a user's own exports (var raw_source = 'files', DuckDB):
    the vars that reach the reader, validated; the pinned CSV dialect; the
    pre-flight check that compares each export with the contract before any
    model runs (on-run-start); the read expression staging selects from.
    docs/raw_exports.md: "CSV dialect", "Pre-flight check", "Empty and
    optional tables", "Vars that reach SQL". -#}

{#- The columns of each raw table, in contract order (docs/raw_exports.md). -#}
{% macro raw_contract_columns() -%}
    {{ return({
        'crm_accounts': [
            'account_id', 'account_name', 'segment', 'owner_csm_id',
            'industry', 'created_at', 'arr_usd', 'churned_at'],
        'crm_renewals': [
            'renewal_id', 'account_id', 'renewal_date', 'arr_before_usd',
            'arr_after_usd', 'outcome'],
        'crm_opportunities': [
            'opportunity_id', 'account_id', 'created_at', 'closed_at',
            'opportunity_type', 'stage', 'amount_usd', 'source_ticket_id',
            'source_intervention_id'],
        'crm_users': [
            'user_id', 'full_name', 'email', 'phone', 'role', 'team',
            'segment_focus', 'hired_at', 'terminated_at'],
        'cs_interventions': [
            'intervention_id', 'account_id', 'csm_id', 'intervention_type',
            'opened_at', 'closed_at', 'outcome'],
        'ai_tools': [
            'tool_id', 'tool_name', 'vendor', 'is_approved', 'approved_at',
            'retired_at'],
        'ai_events': [
            'event_id', 'occurred_at', 'tool_id', 'user_id', 'ticket_id',
            'intervention_id', 'event_type', 'ai_output_chars',
            'retained_ratio'],
        'helpdesk_tickets': [
            'ticket_id', 'requester_id', 'requester_email', 'account_id',
            'channel', 'category', 'priority', 'complexity', 'created_at',
            'status', 'solved_at'],
        'helpdesk_messages': [
            'message_id', 'ticket_id', 'created_at', 'author_role',
            'author_id', 'event_type', 'is_public', 'sentiment_score',
            'topic', 'body'],
        'helpdesk_time_entries': [
            'time_entry_id', 'ticket_id', 'agent_id', 'started_at',
            'seconds'],
        'helpdesk_surveys': [
            'survey_id', 'ticket_id', 'responded_at', 'survey_type', 'score'],
        'escalation_reviews': [
            'review_id', 'ticket_id', 'reviewer_id', 'reviewed_at',
            'was_necessary', 'had_sufficient_context', 'routed_correctly'],
        'qa_reviews': [
            'qa_review_id', 'ticket_id', 'reviewed_at', 'has_hallucination',
            'has_policy_violation'],
        'kb_articles': ['article_id', 'title', 'category', 'created_at'],
        'kb_article_views': [
            'view_id', 'article_id', 'requester_id', 'viewed_at',
            'voted_helpful'],
        'support_costs': [
            'cost_line_id', 'cost_month', 'cost_type', 'channel',
            'amount_usd'],
        'vendor_contracts': [
            'contract_id', 'vendor', 'tool_id', 'effective_from',
            'effective_to', 'price_per_resolution_usd', 'min_resolution_rate',
            'min_csat_pct', 'penalty_pct'],
    }) }}
{%- endmacro %}

{#- A text as a DuckDB string literal: quotes doubled, so a quote in a path
    or a delimiter var reads as itself and cannot end the literal. -#}
{% macro raw_sql_text(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{#- Every var the reader pastes into SQL, validated; a bad value is a
    compile error naming the var. -#}
{% macro raw_export_settings() -%}
    {%- do validate_sql_vars() -%}
    {%- set fmt = var('raw_export_format') -%}
    {%- if fmt not in ['csv', 'parquet'] -%}
        {{ exceptions.raise_compiler_error(
            "var raw_export_format must be exactly 'csv' or 'parquet'"
            ~ " (lower case), got '" ~ fmt ~ "'"
        ) }}
    {%- endif -%}
    {%- set dir = var('raw_export_dir') | string -%}
    {%- if dir | trim == '' -%}
        {{ exceptions.raise_compiler_error(
            "var raw_export_dir is empty: give the folder of the exports"
        ) }}
    {%- endif -%}
    {%- for bad in ['*', '?', '[', ']', '{', '}', '\n', '\r', '\x00'] -%}
        {%- if bad in dir -%}
            {{ exceptions.raise_compiler_error(
                "var raw_export_dir must not contain " ~ ('"' ~ bad ~ '"')
                ~ " (DuckDB reads * ? [ ] { } in a path as a glob):"
                ~ " rename the folder, got " ~ ('"' ~ dir ~ '"')
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- set dialect = {} -%}
    {%- for name in ['raw_csv_delimiter', 'raw_csv_quote', 'raw_csv_escape'] -%}
        {%- set value = var(name) | string -%}
        {%- if value | length != 1 or value in ['\n', '\r'] -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ name ~ " must be one character other than a line"
                ~ " break, got " ~ ('"' ~ value ~ '"')
            ) }}
        {%- endif -%}
        {%- do dialect.update({name: value}) -%}
    {%- endfor -%}
    {%- set max_line = var('raw_csv_max_line_size') -%}
    {%- if max_line is not number or max_line is boolean
        or max_line != max_line | int or max_line < 1024 -%}
        {{ exceptions.raise_compiler_error(
            "var raw_csv_max_line_size must be a whole number of bytes"
            ~ " (at least 1024), got " ~ ('"' ~ max_line ~ '"')
        ) }}
    {%- endif -%}
    {%- set optional = var('optional_raw_tables') -%}
    {%- if optional is string or optional is mapping
        or optional is not iterable -%}
        {{ exceptions.raise_compiler_error(
            "var optional_raw_tables must be a list of table names, got "
            ~ ('"' ~ optional ~ '"')
        ) }}
    {%- endif -%}
    {%- set known = raw_contract_columns() -%}
    {%- for name in optional -%}
        {%- if name not in known -%}
            {{ exceptions.raise_compiler_error(
                "var optional_raw_tables: '" ~ name ~ "' is not a raw table"
                ~ " of the contract (" ~ (known | sort | join(', ')) ~ ")"
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return({
        'dir': dir.rstrip('/') if dir.rstrip('/') else dir,
        'format': fmt,
        'delimiter': dialect.raw_csv_delimiter,
        'quote': dialect.raw_csv_quote,
        'escape': dialect.raw_csv_escape,
        'max_line_size': max_line | int,
        'optional': optional | list,
    }) }}
{%- endmacro %}

{#- read_csv options of the contract's dialect, nothing sniffed: every
    column as text, in the order of the file's header (found by the
    pre-flight check). A line that does not fit the dialect (an unescaped
    quote, too few or too many fields, longer than raw_csv_max_line_size) is
    skipped here and becomes one reject (raw_export_read). -#}
{% macro raw_csv_options(columns, settings) -%}
    delim = {{ raw_sql_text(settings.delimiter) }},
    quote = {{ raw_sql_text(settings.quote) }},
    escape = {{ raw_sql_text(settings.escape) }},
    header = true,
    auto_detect = false,
    strict_mode = true,
    null_padding = false,
    max_line_size = {{ settings.max_line_size }},
    encoding = 'utf-8',
    columns = {
        {%- for column in columns %}
        {{ raw_sql_text(column) }}: 'varchar'{{ ',' if not loop.last }}
        {%- endfor %}
    }
{%- endmacro %}

{% macro raw_export_path(table_name, settings) -%}
    {{ return(settings.dir ~ '/' ~ table_name ~ '.' ~ settings.format) }}
{%- endmacro %}

{#- The two tables the pre-flight check writes (schema staging). -#}
{% macro raw_preflight_relation(name) -%}
    {{ return(api.Relation.create(
        database=target.database, schema='staging', identifier=name
    )) }}
{%- endmacro %}

{#- True when this table's raw relation comes from raw_export_read (and so
    carries _reader_error): files mode on DuckDB, not fed by a connector. -#}
{% macro raw_reader_checked(table_name) -%}
    {{ return(
        var('raw_source') == 'files'
        and target.type == 'duckdb'
        and not helpdesk_source_model(table_name)
    ) }}
{%- endmacro %}

{#- The pre-flight check (on-run-start, files mode on DuckDB). Per export:
    the file exists (or is listed in var optional_raw_tables: then it is
    read as empty, with a warning), is not 0 bytes, has one kind of line
    ending, and its header holds every contract column once. Every problem
    of every file is collected, then the run fails with all of them, e.g.
    "helpdesk_tickets.csv: missing column priority". Files that pass are
    scanned with the pinned dialect; each malformed line is written to
    staging._raw_reader_rejects, which raw_export_read turns into a reject.
    A table without data rows is named in a warning. -#}
{% macro raw_export_preflight() -%}
    {%- if not execute or var('raw_source') != 'files'
        or target.type != 'duckdb' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set settings = raw_export_settings() -%}
    {%- set files_rel = raw_preflight_relation('_raw_export_files') -%}
    {%- set rejects_rel = raw_preflight_relation('_raw_reader_rejects') -%}
    {%- do adapter.create_schema(files_rel) -%}
    {%- do run_query(
        "create or replace table " ~ files_rel ~ " (source_table varchar,"
        ~ " file_name varchar, status varchar, file_columns varchar,"
        ~ " data_rows bigint)"
    ) -%}
    {%- do run_query(
        "create or replace table " ~ rejects_rel ~ " (source_table varchar,"
        ~ " line_number bigint, reason varchar)"
    ) -%}
    {%- set contract = raw_contract_columns() -%}
    {%- set errors = [] -%}
    {%- set empty_tables = [] -%}
    {%- for table in raw_tables() if raw_reader_checked(table.table_name) -%}
        {%- set name = table.table_name -%}
        {%- set file_name = name ~ '.' ~ settings.format -%}
        {%- set path = raw_export_path(name, settings) -%}
        {%- set optional = name in settings.optional -%}
        {%- set found = run_query(
            "select coalesce(max(size), -1) from read_blob("
            ~ raw_sql_text(path) ~ ")"
            if run_query("select count(*) from glob(" ~ raw_sql_text(path)
                ~ ")").columns[0].values()[0] > 0
            else "select -2"
        ).columns[0].values()[0] -%}
        {%- set status = namespace(value='ok', columns=[], problems=[]) -%}
        {%- if found == -2 -%}
            {%- set status.value = 'absent' -%}
            {%- if not optional -%}
                {%- do status.problems.append(
                    "file not found in " ~ settings.dir
                    ~ " (list the table in var optional_raw_tables if it may"
                    ~ " be absent)") -%}
            {%- endif -%}
        {%- elif found == 0 -%}
            {%- set status.value = 'absent' -%}
            {%- if not optional -%}
                {%- do status.problems.append(
                    "empty file (0 bytes): expected at least the header line"
                    ~ " (list the table in var optional_raw_tables if it may"
                    ~ " be empty)") -%}
            {%- endif -%}
        {%- elif settings.format == 'csv' -%}
            {%- set header = raw_csv_header(path, settings) -%}
            {%- set status.columns = header.columns -%}
            {%- if header.mixed_line -%}
                {%- do status.problems.append(
                    "mixed line endings: line " ~ header.mixed_line
                    ~ " ends in " ~ header.mixed_ending
                    ~ ", line 1 does not; save the file with one kind of"
                    ~ " line ending") -%}
            {%- endif -%}
            {%- if header.bad_utf8_line -%}
                {%- do status.problems.append(
                    "line " ~ header.bad_utf8_line ~ " is not valid UTF-8;"
                    ~ " save the file as UTF-8") -%}
            {%- endif -%}
            {%- if header.unclosed_line -%}
                {%- do status.problems.append(
                    "the quote opened on line " ~ header.unclosed_line
                    ~ " is never closed (every later line would be read as"
                    ~ " one value); close or double it") -%}
            {%- endif -%}
        {%- else -%}
            {%- set described = run_query(
                "select column_name from (describe select * from read_parquet("
                ~ raw_sql_text(path) ~ "))"
            ) -%}
            {%- set status.columns = described.columns[0].values() | list -%}
        {%- endif -%}
        {%- if status.value == 'ok' -%}
            {%- set seen = [] -%}
            {%- for column in status.columns -%}
                {%- if column | lower in seen -%}
                    {%- do status.problems.append(
                        "duplicated column " ~ column | lower) -%}
                {%- endif -%}
                {%- do seen.append(column | lower) -%}
            {%- endfor -%}
            {%- set missing = [] -%}
            {%- for column in contract[name] if column not in seen -%}
                {%- do missing.append(column) -%}
                {%- do status.problems.append("missing column " ~ column) -%}
            {%- endfor -%}
            {%- if missing and seen | length == 1
                and settings.format == 'csv' -%}
                {%- do status.problems.append(
                    "the header has one field only: is the delimiter "
                    ~ ('"' ~ settings.delimiter ~ '"')
                    ~ "? (var raw_csv_delimiter)") -%}
            {%- endif -%}
            {%- for column in seen if column not in contract[name] -%}
                {%- do exceptions.warn(
                    file_name ~ ": column " ~ column
                    ~ " is not in the contract (ignored)") -%}
            {%- endfor -%}
        {%- endif -%}
        {%- for problem in status.problems -%}
            {%- do errors.append(file_name ~ ": " ~ problem) -%}
        {%- endfor -%}
        {%- set rows = namespace(value=0) -%}
        {%- if status.value == 'ok' and not status.problems -%}
            {%- set rows.value = raw_export_scan(
                name, file_name, path, status.columns, settings, rejects_rel
            ) -%}
        {%- endif -%}
        {%- if status.value == 'absent' and optional and not status.problems -%}
            {%- do exceptions.warn(
                file_name ~ ": " ~ ("not found" if found == -2 else "0 bytes")
                ~ ", read as an empty table (var optional_raw_tables)") -%}
        {%- endif -%}
        {%- if rows.value == 0 and not status.problems -%}
            {%- do empty_tables.append(name) -%}
        {%- endif -%}
        {%- do run_query(
            "insert into " ~ files_rel ~ " values (" ~ raw_sql_text(name)
            ~ ", " ~ raw_sql_text(file_name) ~ ", "
            ~ raw_sql_text(status.value) ~ ", "
            ~ raw_sql_text(status.columns | map('lower') | join('\x1f'))
            ~ ", " ~ rows.value ~ ")"
        ) -%}
    {%- endfor -%}
    {%- if errors -%}
        {{ exceptions.raise_compiler_error(
            "Pre-flight check of the raw exports in " ~ settings.dir
            ~ " failed:\n  " ~ errors | join("\n  ")
        ) }}
    {%- endif -%}
    {%- if empty_tables -%}
        {%- do exceptions.warn(
            "Empty raw tables (no data rows): " ~ empty_tables | join(', ')
            ~ ". Metrics that need them are null, not 0"
            ~ " (docs/raw_exports.md, \"Empty and optional tables\")") -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}

{#- The header of one CSV export and its line endings, from the file text:
    columns (trimmed, quotes and a byte-order mark removed) and, when the
    rows end in both \n and \r\n, the first line whose ending differs from
    line 1's. A line break inside a quoted value (an even number of quotes
    so far) is not a row ending and is not judged. -#}
{% macro raw_csv_header(path, settings) -%}
    {%- set quote = raw_sql_text(settings.quote) -%}
    {%- set sql -%}
        with file as (

            -- A file that is not valid UTF-8 is still checked: its bytes as
            -- \xNN text with line breaks and quotes put back (the scan then
            -- finds the malformed lines).
            select
                string_split(
                    coalesce(
                        try(decode(content)),
                        replace(replace(replace(
                            cast(content as varchar),
                            '\x0A', chr(10)), '\x0D', chr(13)),
                            '\x' || upper(hex({{ quote }})), {{ quote }}
                        )
                    ),
                    chr(10)
                ) as lines,
                try(decode(content)) is not null as is_utf8
            from read_blob({{ raw_sql_text(path) }})

        ),

        numbered as (

            select
                unnest(file.lines) as line_text,
                generate_subscripts(file.lines, 1) as line_number,
                len(file.lines) as line_count,
                file.is_utf8

            from file

        ),

        quoted as (

            select
                line_number,
                line_text,
                suffix(line_text, chr(13)) as ends_in_crlf,
                line_number < line_count as has_ending,
                -- DuckDB's reader drops such a line without a trace unless
                -- it stores rejects, so it fails the check instead.
                not is_utf8
                and try(decode(cast(line_text as blob))) is null as is_bad_utf8,
                sum(
                    len(line_text) - len(replace(line_text, {{ quote }}, ''))
                ) over (order by line_number) % 2 = 0 as ends_a_row

            from numbered

        ),

        row_endings as (

            select
                line_number,
                ends_in_crlf,
                first(ends_in_crlf) over (order by line_number)
                    as first_in_crlf

            from quoted
            where has_ending and ends_a_row

        )

        select
            (
                select
                    array_to_string(list_transform(
                        string_split(
                            regexp_replace(
                                quoted.line_text, '^(\x{FEFF}|\\xEF\\xBB\\xBF)|\r$', '', 'g'
                            ),
                            {{ raw_sql_text(settings.delimiter) }}
                        ),
                        lambda x: trim(trim(x), {{ quote }})
                    ), chr(31))
                from quoted
                where quoted.line_number = 1
            ) as header_columns,
            (
                select min(row_endings.line_number)
                from row_endings
                where row_endings.ends_in_crlf != row_endings.first_in_crlf
            ) as mixed_line,
            (
                select
                    case when bool_or(row_endings.first_in_crlf)
                        then '\n' else '\r\n'
                    end
                from row_endings
            ) as mixed_ending,
            (
                select
                    case
                        when not last(quoted.ends_a_row order by quoted.line_number)
                            then coalesce((
                                select max(row_endings.line_number)
                                from row_endings
                            ), 0) + 1
                    end
                from quoted
            ) as unclosed_line,
            (
                select min(quoted.line_number)
                from quoted
                where quoted.is_bad_utf8
            ) as bad_utf8_line
    {%- endset -%}
    {%- set row = run_query(sql).rows[0] -%}
    {{ return({
        'columns': (row[0] or '').split('\x1f') if row[0] else [],
        'mixed_line': row[1],
        'mixed_ending': row[2],
        'unclosed_line': row[3],
        'bad_utf8_line': row[4],
    }) }}
{%- endmacro %}

{#- Scans one CSV export with the pinned dialect (the same options
    raw_export_read uses, so the same lines are skipped), stores each
    malformed line as one reject reason, returns the number of lines read
    (data rows, malformed ones included). -#}
{% macro raw_export_scan(
    table_name, file_name, path, columns, settings, rejects_rel
) -%}
    {%- if settings.format != 'csv' -%}
        {{ return(run_query(
            "select count(*) from read_parquet(" ~ raw_sql_text(path) ~ ")"
        ).columns[0].values()[0]) }}
    {%- endif -%}
    {%- do run_query(
        "drop table if exists _raw_scan_errors;"
        ~ " drop table if exists _raw_scan_files"
    ) -%}
    {%- set read_rows = run_query(
        "select count(*) from read_csv(" ~ raw_sql_text(path) ~ ", "
        ~ raw_csv_options(columns | map('lower') | list, settings)
        ~ ", ignore_errors = true, store_rejects = true,"
        ~ " rejects_table = '_raw_scan_errors',"
        ~ " rejects_scan = '_raw_scan_files')"
    ).columns[0].values()[0] -%}
    {%- set reasons = {
        'UNQUOTED VALUE': 'unescaped quote',
        'MISSING COLUMNS': 'too few fields',
        'TOO MANY COLUMNS': 'too many fields',
        'LINE SIZE OVER MAXIMUM': 'longer than var raw_csv_max_line_size',
        'INVALID ENCODING': 'not UTF-8',
        'INVALID STATE': 'not valid CSV',
    } -%}
    {%- set sql -%}
        insert into {{ rejects_rel }}
        select
            {{ raw_sql_text(table_name) }} as source_table,
            errors.line as line_number,
            'malformed line ' || errors.line || ' in '
            || {{ raw_sql_text(file_name) }} || ' ('
            || case
                when bool_or(errors.error_type = 'INVALID ENCODING')
                    then 'not UTF-8'
                else string_agg(
                distinct case errors.error_type
                    {%- for type, reason in reasons.items() %}
                    when {{ raw_sql_text(type) }}
                        then {{ raw_sql_text(reason) }}
                    {%- endfor %}
                    else lower(cast(errors.error_type as varchar))
                end,
                ', '
            ) end || ')' as reason

        from _raw_scan_errors as errors
        group by errors.line
    {%- endset -%}
    {%- do run_query(sql) -%}
    {%- set rejected = run_query(
        "select count(distinct line) from _raw_scan_errors"
    ).columns[0].values()[0] -%}
    {%- do run_query(
        "drop table if exists _raw_scan_errors;"
        ~ " drop table if exists _raw_scan_files"
    ) -%}
    {{ return(read_rows + rejected) }}
{%- endmacro %}

{#- The raw relation of one table in files mode on DuckDB (raw_table):
    the rows read with the pinned dialect plus one row per malformed line
    found by the pre-flight check, whose _reader_error names the file and
    the line; a table that is absent (or 0 bytes) and optional reads as
    empty. Columns in the file's header order, every one as text. -#}
{% macro raw_export_read(table_name) -%}
    {%- set settings = raw_export_settings() -%}
    {%- set contract = raw_contract_columns()[table_name] -%}
    {%- set files_rel = raw_preflight_relation('_raw_export_files') -%}
    {%- set rejects_rel = raw_preflight_relation('_raw_reader_rejects') -%}
    {#- Asked of the database, not dbt's relation cache: the pre-flight
        check creates the table outside it. -#}
    {%- set checked = run_query(
        "select count(*) from duckdb_tables() where database_name = "
        ~ raw_sql_text(files_rel.database) ~ " and schema_name = "
        ~ raw_sql_text(files_rel.schema) ~ " and table_name = "
        ~ raw_sql_text(files_rel.identifier)
    ).columns[0].values()[0] > 0 -%}
    {%- set info = namespace(status='ok', columns=contract) -%}
    {%- if checked -%}
        {%- set found = run_query(
            "select status, file_columns from " ~ files_rel
            ~ " where source_table = " ~ raw_sql_text(table_name)
        ).rows -%}
        {%- if found -%}
            {%- set info.status = found[0][0] -%}
            {%- set info.columns = found[0][1].split('\x1f') -%}
        {%- endif -%}
    {%- endif -%}
    {%- set path = raw_export_path(table_name, settings) -%}
    (
        {%- if info.status == 'absent' %}
        select
            {%- for column in contract %}
            cast(null as varchar) as {{ column }},
            {%- endfor %}
            cast(null as varchar) as _reader_error
        where false
        {%- elif settings.format == 'parquet' %}
        select
            *,
            cast(null as varchar) as _reader_error
        from read_parquet({{ raw_sql_text(path) }})
        {%- else %}
        select
            *,
            cast(null as varchar) as _reader_error
        from read_csv(
            {{ raw_sql_text(path) }},
            {{ raw_csv_options(info.columns, settings) | indent(12) }},
            ignore_errors = true
        )
        {%- if checked %}
        union all by name
        select rejects.reason as _reader_error
        from {{ rejects_rel }} as rejects
        where rejects.source_table = {{ raw_sql_text(table_name) }}
        {%- endif %}
        {%- endif %}
    )
{%- endmacro %}

{#- The other vars that are pasted into SQL: thresholds must be numbers,
    lists of cost types canonical values, the rollout date a date, and the
    connector settings (tags, prefixes, ids, patterns, channel maps) text
    without a quote or backslash, so none can end a literal. A bad value is a
    compile error naming the var (docs/raw_exports.md "Vars that reach SQL").
    Called by raw_export_settings, i.e. when any staging model is parsed. -#}
{% macro validate_sql_vars() -%}
    {%- set numbers = [
        'incremental_lookback_days', 'publish_grace_minutes',
        'material_ai_min_retained_ratio', 'adoption_min_weekly_interactions',
        'repeat_window_short_days', 'repeat_window_long_days',
        'vendor_resolution_window_hours', 'kb_contact_after_view_hours',
        'kb_low_helpful_rate_max_pct', 'workload_high_complexity_min',
        'csat_satisfied_min_score', 'concentration_top_csm_share',
        'scorecard_attainment_cap_pct', 'freshness_warn_after_days',
        'freshness_error_after_days',
    ] -%}
    {%- for name in numbers -%}
        {%- set value = var(name, 0) -%}
        {%- if value is not number or value is boolean -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ name ~ " must be a number, got " ~ ('"' ~ value ~ '"')
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- for value in var('tenure_band_edges_months', []) -%}
        {%- if value is not number or value is boolean -%}
            {{ exceptions.raise_compiler_error(
                "var tenure_band_edges_months must be a list of numbers, got "
                ~ ('"' ~ value ~ '"') ~ " in it"
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- for table, overrides in (var('freshness_overrides', {}) or {}).items() -%}
        {%- for key, value in overrides.items() -%}
            {%- if value is not number or value is boolean -%}
                {{ exceptions.raise_compiler_error(
                    "var freshness_overrides." ~ table ~ "." ~ key
                    ~ " must be a number, got " ~ ('"' ~ value ~ '"')
                ) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set cost_types = enum_values('cost_type') -%}
    {%- for value in var('ai_marginal_cost_types', []) -%}
        {%- if value not in cost_types -%}
            {{ exceptions.raise_compiler_error(
                "var ai_marginal_cost_types: " ~ ('"' ~ value ~ '"')
                ~ " is not a cost_type (one of " ~ cost_types | join(', ') ~ ")"
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- if var('shared_cost_allocation', 'resolutions')
        not in ['resolutions', 'none'] -%}
        {{ exceptions.raise_compiler_error(
            "var shared_cost_allocation must be 'resolutions' or 'none', got '"
            ~ var('shared_cost_allocation') ~ "'"
        ) }}
    {%- endif -%}
    {%- set rollout = var('ai_rollout_date', '2025-07-01') | string -%}
    {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', rollout) -%}
        {{ exceptions.raise_compiler_error(
            "var ai_rollout_date must be a date YYYY-MM-DD, got '"
            ~ rollout ~ "'"
        ) }}
    {%- endif -%}
    {%- set texts = [
        'fivetran_zendesk_database', 'fivetran_zendesk_schema',
        'fivetran_intercom_database', 'fivetran_intercom_schema',
        'zendesk_ai_agent_user_ids', 'zendesk_ai_agent_name_pattern',
        'zendesk_ai_agent_chat_sources', 'zendesk_category_tag_prefix',
        'zendesk_category_field', 'zendesk_hold_status', 'zendesk_channel_map',
        'zendesk_agent_logged_channels', 'zendesk_merged_tag',
        'zendesk_segment_tag_prefix', 'intercom_ai_author_types',
        'intercom_ai_admin_ids', 'intercom_ai_team_ids',
        'intercom_category_tag_prefix', 'intercom_outbound_delivered_as',
        'intercom_channel_map', 'intercom_priority_map',
    ] -%}
    {%- for name in texts -%}
        {%- set value = var(name, none) -%}
        {%- set parts = [] -%}
        {%- if value is mapping -%}
            {%- for key, item in value.items() -%}
                {%- do parts.extend([key, item]) -%}
            {%- endfor -%}
        {%- elif value is iterable and value is not string -%}
            {%- do parts.extend(value) -%}
        {%- else -%}
            {%- do parts.append(value) -%}
        {%- endif -%}
        {%- for part in parts if part is not none -%}
            {%- if "'" in part | string or "\\" in part | string -%}
                {{ exceptions.raise_compiler_error(
                    "var " ~ name ~ " must not contain a quote or a backslash,"
                    ~ " got " ~ ('"' ~ part ~ '"')
                ) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endmacro %}
