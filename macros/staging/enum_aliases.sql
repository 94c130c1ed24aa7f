{#- Every enum the raw export contract knows, with the spellings seen in real
    exports. Keys are enum_key() of the raw value (lower case, a-z0-9 only);
    each canonical value's own key is added automatically. Add a spelling of
    your own without editing SQL through var('extra_enum_aliases'). -#}
{% macro enum_aliases(enum_name) -%}
    {%- set canonical = {
        'segment': ['SMB', 'Mid-Market', 'Enterprise'],
        'renewal_outcome': ['renewed', 'expanded', 'contracted', 'churned'],
        'opportunity_type': ['upsell', 'cross_sell', 'retention_save'],
        'opportunity_stage': ['closed_won', 'closed_lost', 'open'],
        'user_role': ['csm', 'support_agent', 'manager'],
        'intervention_type': [
            'risk_mitigation', 'onboarding', 'adoption', 'renewal',
            'expansion', 'qbr'
        ],
        'intervention_outcome': ['saved', 'lost', 'completed', 'no_response'],
        'ai_event_type': [
            'opened', 'draft_generated', 'draft_sent', 'signal_surfaced',
            'recommendation_generated', 'recommendation_accepted',
            'autonomous_action'
        ],
        'ticket_channel': ['email', 'chat', 'web', 'phone'],
        'ticket_priority': ['low', 'normal', 'high', 'urgent'],
        'ticket_status': ['new', 'open', 'pending', 'solved', 'closed'],
        'author_role': ['customer', 'ai_agent', 'agent', 'system'],
        'message_event_type': [
            'message', 'handoff_to_human', 'reopened', 'out_of_scope',
            'internal_note'
        ],
        'survey_type': ['csat', 'ces', 'nps'],
        'cost_type': [
            'agent_labor', 'ai_platform_fee', 'ai_usage', 'training_data',
            'optimization', 'tooling'
        ],
        'cost_channel': ['human', 'ai', 'shared'],
    } -%}
    {%- set spellings = {
        'segment': {
            'smallbusiness': 'SMB', 'smallmediumbusiness': 'SMB',
            'mm': 'Mid-Market', 'mid': 'Mid-Market', 'midmkt': 'Mid-Market',
            'midsize': 'Mid-Market', 'ent': 'Enterprise',
            'enterprises': 'Enterprise', 'large': 'Enterprise',
        },
        'renewal_outcome': {
            'renewal': 'renewed', 'renew': 'renewed', 'flat': 'renewed',
            'expansion': 'expanded', 'upsell': 'expanded',
            'contraction': 'contracted', 'downsell': 'contracted',
            'churn': 'churned', 'lost': 'churned', 'cancelled': 'churned',
        },
        'opportunity_type': {
            'crosssale': 'cross_sell', 'xsell': 'cross_sell',
            'upsale': 'upsell', 'expansion': 'upsell',
            'save': 'retention_save', 'retention': 'retention_save',
        },
        'opportunity_stage': {
            'won': 'closed_won', 'closedwon': 'closed_won',
            'lost': 'closed_lost', 'closedlost': 'closed_lost',
            'inprogress': 'open', 'pipeline': 'open',
        },
        'user_role': {
            'customersuccessmanager': 'csm', 'cs': 'csm',
            'agent': 'support_agent', 'support': 'support_agent',
            'supportrep': 'support_agent', 'mgr': 'manager',
            'teamlead': 'manager',
        },
        'intervention_type': {
            'risk': 'risk_mitigation', 'atrisk': 'risk_mitigation',
            'churnrisk': 'risk_mitigation', 'save': 'risk_mitigation',
            'onboard': 'onboarding', 'renewalprep': 'renewal',
            'upsell': 'expansion', 'businessreview': 'qbr',
        },
        'intervention_outcome': {
            'save': 'saved', 'retained': 'saved', 'churned': 'lost',
            'done': 'completed', 'complete': 'completed',
            'noreply': 'no_response', 'unresponsive': 'no_response',
        },
        'ai_event_type': {
            'open': 'opened', 'draftcreated': 'draft_generated',
            'draft': 'draft_generated', 'sent': 'draft_sent',
            'signal': 'signal_surfaced', 'recommendation': 'recommendation_generated',
            'accepted': 'recommendation_accepted', 'autonomous': 'autonomous_action',
            'autoaction': 'autonomous_action',
        },
        'ticket_channel': {
            'mail': 'email', 'livechat': 'chat', 'messaging': 'chat',
            'webform': 'web', 'form': 'web', 'voice': 'phone', 'call': 'phone',
        },
        'ticket_priority': {
            'medium': 'normal', 'p1': 'urgent', 'p2': 'high', 'p3': 'normal',
            'p4': 'low', 'critical': 'urgent',
        },
        'ticket_status': {
            'resolved': 'solved', 'inprogress': 'open', 'onhold': 'pending',
            'waiting': 'pending',
        },
        'author_role': {
            'enduser': 'customer', 'requester': 'customer', 'user': 'customer',
            'ai': 'ai_agent', 'bot': 'ai_agent', 'aibot': 'ai_agent',
            'virtualagent': 'ai_agent', 'human': 'agent',
            'humanagent': 'agent', 'supportagent': 'agent',
        },
        'message_event_type': {
            'msg': 'message', 'reply': 'message', 'comment': 'message',
            'handoff': 'handoff_to_human', 'escalation': 'handoff_to_human',
            'escalatedtohuman': 'handoff_to_human', 'reopen': 'reopened',
            'outofscopequestion': 'out_of_scope', 'note': 'internal_note',
            'privatenote': 'internal_note',
        },
        'survey_type': {
            'satisfaction': 'csat', 'effort': 'ces',
            'customereffortscore': 'ces', 'netpromoterscore': 'nps',
        },
        'cost_type': {
            'labor': 'agent_labor', 'agentlabour': 'agent_labor',
            'platformfee': 'ai_platform_fee', 'aiplatform': 'ai_platform_fee',
            'usage': 'ai_usage', 'trainingdata': 'training_data',
            'optimisation': 'optimization', 'aioptimization': 'optimization',
            'tools': 'tooling',
        },
        'cost_channel': {
            'people': 'human', 'agent': 'human', 'automation': 'ai',
            'bot': 'ai', 'overhead': 'shared', 'common': 'shared',
        },
    } -%}
    {%- if enum_name not in canonical -%}
        {{ exceptions.raise_compiler_error("unknown enum '" ~ enum_name ~ "'") }}
    {%- endif -%}
    {%- set result = {} -%}
    {%- for value in canonical[enum_name] -%}
        {%- do result.update({value | lower | replace('-', '') | replace('_', ''): value}) -%}
    {%- endfor -%}
    {%- do result.update(spellings.get(enum_name, {})) -%}
    {%- do result.update(extra_enum_aliases(canonical).get(enum_name, {})) -%}
    {{ return(result) }}
{%- endmacro %}

{#- var('extra_enum_aliases'), validated: they are pasted into SQL as
    literals, so every enum name must be one of the contract's, every value
    one of that enum's canonical values (exact spelling), and every key is
    normalised the way a raw value is (enum_key: lower case, a-z0-9 only).
    Anything else is a compile error naming the var; a crafted value cannot
    reach SQL. -#}
{% macro extra_enum_aliases(canonical) -%}
    {%- set extra = var('extra_enum_aliases', {}) or {} -%}
    {%- if extra is not mapping -%}
        {{ exceptions.raise_compiler_error(
            "var extra_enum_aliases must be a mapping {enum_name: {alias:"
            ~ " canonical_value}}, got " ~ ('"' ~ extra ~ '"')
        ) }}
    {%- endif -%}
    {%- set result = {} -%}
    {%- for enum_name, aliases in extra.items() -%}
        {%- if enum_name not in canonical -%}
            {{ exceptions.raise_compiler_error(
                "var extra_enum_aliases: unknown enum " ~ ('"' ~ enum_name ~ '"')
                ~ " (one of " ~ (canonical.keys() | sort | join(', ')) ~ ")"
            ) }}
        {%- endif -%}
        {%- if aliases is not mapping -%}
            {{ exceptions.raise_compiler_error(
                "var extra_enum_aliases." ~ enum_name ~ " must be a mapping"
                ~ " {alias: canonical_value}, got " ~ ('"' ~ aliases ~ '"')
            ) }}
        {%- endif -%}
        {%- set normalised = {} -%}
        {%- for alias, value in aliases.items() -%}
            {%- set key = modules.re.sub('[^a-z0-9]', '', alias | string | lower) -%}
            {%- if value not in canonical[enum_name] -%}
                {{ exceptions.raise_compiler_error(
                    "var extra_enum_aliases." ~ enum_name ~ ": alias "
                    ~ ('"' ~ alias ~ '"') ~ " maps to " ~ ('"' ~ value ~ '"')
                    ~ ", which is not a canonical " ~ enum_name ~ " (one of "
                    ~ canonical[enum_name] | join(', ') ~ ")"
                ) }}
            {%- endif -%}
            {%- if key == '' -%}
                {{ exceptions.raise_compiler_error(
                    "var extra_enum_aliases." ~ enum_name ~ ": alias "
                    ~ ('"' ~ alias ~ '"') ~ " has no letter or digit, so no raw"
                    ~ " value can match it"
                ) }}
            {%- endif -%}
            {%- do normalised.update({key: value}) -%}
        {%- endfor -%}
        {%- do result.update({enum_name: normalised}) -%}
    {%- endfor -%}
    {{ return(result) }}
{%- endmacro %}

{#- Canonical values of one enum, for accepted_values tests and docs. -#}
{% macro enum_values(enum_name) -%}
    {{ return(enum_aliases(enum_name).values() | unique | list) }}
{%- endmacro %}
