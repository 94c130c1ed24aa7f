{#- Deletions in an incremental base model (docs/raw_exports.md, "Keys and
    deletions"). An incremental run re-stages only the keys with a raw row
    in its window, so a key deleted from the export (an erasure request)
    would stay in the table. After every incremental run the rows whose key
    no longer has any raw row are deleted: the erasure reaches staging and
    everything built on it in the same run.

    stage_base passes the hook below as a string, rendered when the model
    runs (is_incremental() and the raw relation are known only then). -#}
{% macro stage_base_erasure_hook(source_name, table_name, seed_name, key) -%}
    {{ return(
        "{{ stage_base_delete_erased_keys('" ~ source_name ~ "', '"
        ~ table_name ~ "', '" ~ seed_name ~ "', '" ~ key ~ "') }}"
    ) }}
{%- endmacro %}

{% macro stage_base_delete_erased_keys(source_name, table_name, seed_name, key) -%}
    {%- if is_incremental() and not flags.FULL_REFRESH %}
        delete from {{ this }} as staged
        where not exists (
            select 1
            from {{ raw_table(source_name, table_name, seed_name) }} as raw_rows
            where
                coalesce({{ parse_id('raw_rows.' ~ key) }}, '')
                = staged._incremental_key
        )
    {%- endif %}
{%- endmacro %}
