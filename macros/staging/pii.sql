{#- PII never leaves staging in clear text (docs/raw_exports.md, "PII").
    stage_base applies these to every free-text column before it is parsed
    or normalised, and to every value of a rejected row's raw_row:

      mask_pii(x)       e-mail addresses -> '[email]', phone numbers ->
                        '[phone]' inside free text (names, account names,
                        KB titles, tool and vendor names, labels, bodies)
      mask_pii_id(x)    an id that holds an e-mail address or a phone number
                        becomes 'pii_' + 16 hex of its keyed hash (distinct
                        ids stay distinct and still join); other ids as is
      hash_pii(x)       contact fields (e-mail, phone): keyed hash of the
                        normalised value

    A phone number is: '+' or '00', a country code, an optional area code
    in brackets and 7-12 more digits (single blanks, dots, dashes or
    slashes between them: '+1 (212) 555-0187', '0044 20 7946 0958'); a
    national number with a trunk 0 ('07700 900123', '(020) 7946 0958');
    a North American number with separators ('(415) 555-0199',
    '415.555.0199'); a local 'NNN-NNNN' ('555-0199'). A digit run that is
    part of a word, decimal, date or dashed id ('t0000008', '2025-03-14',
    '12000.50', 'INV-555-0199') is left alone, and so are bare digit runs
    without a '+', '00' or trunk 0 (amounts, numeric ids). -#}

{#- The patterns, written once; the Spark versions double every backslash
    (Spark string literals read it as an escape). -#}
{% macro pii_email_pattern() -%}
    {{ return(
        "[\\p{L}\\p{N}._%+'!#&*=?^`{}~/-]+"
        ~ "@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}"
    ) }}
{%- endmacro %}

{#- Group 1 and the last group are the characters around the number, which
    the replacement puts back. -#}
{% macro pii_phone_pattern() -%}
    {%- set international = "(?:\\+|00)[1-9]\\d{0,2}(?: ?\\(\\d{1,4}\\) ?)?"
        ~ "(?:[ ./-]?\\d){7,12}" -%}
    {%- set national = "\\(?0\\d{2,4}\\)?[ -]?\\d{3,4}[ -]?\\d{3,4}" -%}
    {%- set north_american =
        "(?:\\([2-9]\\d{2}\\) ?|[2-9]\\d{2}[ .-])\\d{3}[ .-]\\d{4}" -%}
    {%- set local = "[2-9]\\d{2}-\\d{4}" -%}
    {{ return(
        "(^|[^\\p{L}\\p{N}_+./-])(?:"
        ~ [international, national, north_american, local] | join('|')
        ~ ")(\\D|$)"
    ) }}
{%- endmacro %}

{#- A pattern as a SQL string literal. scripts/dbt_pii_plugin.py holds the
    same patterns in Python's re (it redacts error messages): keep the two
    in step. Anything else that turns raw input into text a model keeps
    (a reader's reject of a malformed line, say) passes it through mask_pii
    first. -#}
{% macro pii_sql_pattern(pattern) -%}
    {%- if target.type == 'spark' -%}
        {{ return("'" ~ pattern | replace("\\", "\\\\") | replace("'", "\\'") ~ "'") }}
    {%- else -%}
        {{ return("'" ~ pattern | replace("'", "''") ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{#- The regular expressions run only on text that holds an '@' or at least
    7 digits (the fewest a phone number above has): most labels and names
    hold neither, and translate() costs a fraction of one regexp_replace. -#}
{% macro mask_pii(expression) -%}
    case
        when {{ expression }} like '%@%'
            or length({{ expression }})
            - length(translate({{ expression }}, '0123456789', '')) >= 7
            then {{ adapter.dispatch('mask_pii', 'ai_support_metrics')(expression) }}
        else {{ expression }}
    end
{%- endmacro %}

{#- The phone pattern runs twice: a match uses up the character after the
    number, which can be the character before the next one ('555-0199
    555-0100'); the second pass catches every number the first skipped. -#}
{% macro default__mask_pii(expression) -%}
    {%- set phone = pii_sql_pattern(pii_phone_pattern()) -%}
    regexp_replace(
        regexp_replace(
            regexp_replace(
                {{ expression }},
                {{ pii_sql_pattern(pii_email_pattern()) }},
                '[email]',
                'g'
            ),
            {{ phone }},
            '\1[phone]\2',
            'g'
        ),
        {{ phone }},
        '\1[phone]\2',
        'g'
    )
{%- endmacro %}

{% macro spark__mask_pii(expression) -%}
    {%- set phone = pii_sql_pattern(pii_phone_pattern()) -%}
    regexp_replace(
        regexp_replace(
            regexp_replace(
                {{ expression }},
                {{ pii_sql_pattern(pii_email_pattern()) }},
                '[email]'
            ),
            {{ phone }},
            '$1[phone]$2'
        ),
        {{ phone }},
        '$1[phone]$2'
    )
{%- endmacro %}

{% macro pii_plain_id(expression) -%}
    {{ return(adapter.dispatch('pii_plain_id', 'ai_support_metrics')(expression)) }}
{%- endmacro %}

{% macro default__pii_plain_id(expression) -%}
    regexp_full_match({{ expression }}, '[A-Za-z_]+[0-9]*|[1-9][0-9]*')
{%- endmacro %}

{% macro spark__pii_plain_id(expression) -%}
    {{ expression }} rlike '^([A-Za-z_]+[0-9]*|[1-9][0-9]*)$'
{%- endmacro %}

{#- True when the text holds an e-mail address or a phone number. -#}
{% macro contains_pii(expression) -%}
    {{ mask_pii(expression) }} <> {{ expression }}
{%- endmacro %}

{#- An id (a key or a reference to one): unchanged unless it holds PII.
    Letters followed by digits ('T0000008') or digits without a leading 0
    cannot match a pattern above: such ids, nearly all of them, skip the
    regular expressions. -#}
{% macro mask_pii_id(expression) -%}
    case
        when {{ pii_plain_id(expression) }} then {{ expression }}
        when {{ contains_pii(expression) }}
            then concat('pii_', left({{ keyed_hash(expression) }}, 16))
        else {{ expression }}
    end
{%- endmacro %}

{#- The key of every hash (docs/raw_exports.md, "PII"): environment variable
    AISM_PII_HASH_KEY. It never appears in compiled SQL, target/ or logs/:
    on DuckDB scripts/dbt_publish_plugin.py puts it into the session
    variable aism_pii_hash_key; on Spark the session reads the environment
    variable itself (${env:...}). Only the bundled sample (raw_source
    'seeds', helpdesk_source 'contract') may run without it, on the
    documented sample key. -#}
{% macro pii_sample_hash_key() -%}
    {{ return('ai-support-metrics-bundled-sample') }}
{%- endmacro %}

{#- Whether the key is set, as the profile says (profiles.yml renders it
    into the pii plugin's config on DuckDB, into a session parameter on
    Spark): read here with env_var, its value would be saved in
    target/partial_parse.msgpack. -#}
{% macro pii_hash_key_is_set() -%}
    {%- set flags = [] -%}
    {%- if target.type == 'duckdb' -%}
        {%- for plugin in target.get('plugins') or [] -%}
            {%- if plugin.get('module') == 'dbt_pii_plugin' -%}
                {%- do flags.append((plugin.get('config') or {}).get('key_is_set')) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- elif target.type == 'spark' -%}
        {%- do flags.append((target.get('server_side_parameters') or {}).get(
            'spark.aism.pii_hash_key_is_set'
        )) -%}
    {%- endif -%}
    {{ return(flags | map('string') | map('lower') | select('equalto', 'true') | list | length > 0) }}
{%- endmacro %}

{% macro pii_hash_key() -%}
    {%- set is_sample = var('raw_source') == 'seeds'
        and var('helpdesk_source') == 'contract' -%}
    {%- if pii_hash_key_is_set() -%}
        {%- if target.type == 'duckdb' -%}
            coalesce(
                getvariable('aism_pii_hash_key'),
                error('AISM_PII_HASH_KEY did not reach the DuckDB session')
            )
        {%- else -%}
            '${env:AISM_PII_HASH_KEY}'
        {%- endif -%}
    {%- elif is_sample -%}
        '{{ pii_sample_hash_key() }}'
    {%- elif target.type == 'spark' -%}
        {#- The Spark profile's session parameter does not reach the target
            context: the session reads the key and checks it at run time
            (an unset ${env:...} is left as written, an empty one is ''). -#}
        coalesce(
            nullif(nullif(trim('${env:AISM_PII_HASH_KEY}'), ''),
                concat('$', '{env:AISM_PII_HASH_KEY}')),
            raise_error('Environment variable AISM_PII_HASH_KEY is not set:'
                ' your own exports need a secret key for the hashes'
                ' (docs/raw_exports.md, "PII")')
        )
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "Environment variable AISM_PII_HASH_KEY is not set. Your own"
            ~ " exports (raw_source '" ~ var('raw_source') ~ "', helpdesk_source '"
            ~ var('helpdesk_source') ~ "') need a secret key for the hashes"
            ~ " of e-mail addresses, phone numbers and ids that hold them:"
            ~ " export AISM_PII_HASH_KEY='<a long random secret>' and keep it"
            ~ " the same from build to build (docs/raw_exports.md, \"PII\")."
            ~ " A profile of your own must load the plugin dbt_pii_plugin as"
            ~ " profiles.yml does (DuckDB)."
        ) }}
    {%- endif -%}
{%- endmacro %}

{#- sha256 of key '|' value, lower-case hex, equal on DuckDB and Spark. -#}
{% macro keyed_hash(expression) -%}
    {{ return(adapter.dispatch('keyed_hash', 'ai_support_metrics')(expression)) }}
{%- endmacro %}

{% macro default__keyed_hash(expression) -%}
    sha256(concat({{ pii_hash_key() }}, '|', {{ expression }}))
{%- endmacro %}

{% macro spark__keyed_hash(expression) -%}
    sha2(concat({{ pii_hash_key() }}, '|', {{ expression }}), 256)
{%- endmacro %}

{#- A contact value as one person's contact: an e-mail address lower case
    and trimmed; a phone number as its digits, '00' and '+' prefixes both
    dropped ('+44 20 7946 0958' = '0044 (20) 7946-0958'); anything else
    lower case and trimmed. -#}
{% macro normalise_contact(expression) -%}
    {{ return(adapter.dispatch('normalise_contact', 'ai_support_metrics')(expression)) }}
{%- endmacro %}

{% macro default__normalise_contact(expression) -%}
    case
        when {{ expression }} like '%@%' then lower(trim({{ expression }}))
        when regexp_matches({{ expression }}, '^[0-9 .()/+-]+$')
            then regexp_replace(
                regexp_replace(trim({{ expression }}), '^(\+|00)', ''),
                '[^0-9]',
                '',
                'g'
            )
        else lower(trim({{ expression }}))
    end
{%- endmacro %}

{% macro spark__normalise_contact(expression) -%}
    case
        when {{ expression }} like '%@%' then lower(trim({{ expression }}))
        when {{ expression }} rlike '^[0-9 .()/+-]+$'
            then regexp_replace(
                regexp_replace(trim({{ expression }}), '^(\\+|00)', ''),
                '[^0-9]',
                ''
            )
        else lower(trim({{ expression }}))
    end
{%- endmacro %}

{#- Contact fields: the keyed hash of the normalised value. -#}
{% macro hash_pii(expression) -%}
    case
        when {{ expression }} is not null
            then {{ keyed_hash(normalise_contact(expression)) }}
    end
{%- endmacro %}

{#- What stage_base does with one text value of a column: ids (a name
    ending in _id) through mask_pii_id, contact fields hashed, any other
    text through mask_pii (labels: before they are normalised). -#}
{% macro mask_pii_value(column, expression) -%}
    {%- if column.type == 'pii_hash' -%}
        {{ hash_pii(expression) }}
    {%- elif column.name.endswith('_id') -%}
        {{ mask_pii_id(expression) }}
    {%- else -%}
        {{ mask_pii(expression) }}
    {%- endif -%}
{%- endmacro %}
