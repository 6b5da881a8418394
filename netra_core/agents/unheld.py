"""Subjects the events do not hold at all: a question about one is declined, and nothing is answered in its place.

The events are one row per LLM API call (time, org, workload, user, session, task type, region, provider, model,
tokens, cost, latency, status, error type, quality, a prompt hash). A question whose figure is *about* something
else -- invoices, SLA credits or refunds, contracts and discounts, teams or departments, fine-tuning jobs, what a
prompt or a response said, taxes on a bill, the deploy or release behind a call, the language of a conversation,
tools by name or the tool calls in a response, time spent in the org's own queue before the provider call, pages
and alerts of the on-call engineer, the org's own validation of a response (JSON schema), who owns a workload, what
users did with an answer (clicks, click-through, conversions), the org's own staff at work (shifts, rotas, the calls a
person handled) -- has no figure to give:
any number (the month's spend, say) would answer a different question. `compute_unheld` names each
such subject asked; the planner then declines the whole question.

A subject that is one of the org's own names (a workload called "platform-team") is not declined: it is a filter.
"""

from __future__ import annotations

import re

# The grouping or filtering words that make "team" a subject ("by team", "which department", "for the data team").
_GROUPING = r"(?:by|per|each|every|which|what|across|between|for|of|vs\.?|versus|and|to|among)"
_ORG_UNITS = r"(?:teams?|departments?|depts?|cost[- ]cent(?:er|re)s?|business[- ]units?|divisions?|squads?)"

_AGENT_UNITS = r"(?:agents?|tools?|agent[- ]runs?|tool[- ]calls?|traces?|spans?|chains?|workflows?)"
# Pages and alerts of the on-call engineer, and the tools that send them.
_PAGES = (
    r"\b(?:paged|paging|pages|pagerduty|pagers?|opsgenie|incident\.io|alerts?|alarms?)\b"
    r"(?!\s+(?:of|in)\s+(?:the\s+)?(?:app|dashboard|results|ui|docs?|report)\b)"
)
_COST_WORDS = r"(?:costs?|cost(?:ing)?|spen[dt]\w*|pay|paid|price[ds]?|expensive|dear(?:er|est)?|cheap\w*|\$)"

# A release, deploy or feature flag asked about as what made a call ("which release", "did the deploy cause", "calls
# with the feature flag on"): never in the events, even when the message states when the release went out.
_RELEASE_ASKED = (
    r"\b(?:which|what|each|per|by|every)\s+(?:\w+\s+)?(?:deploy\w*|releases?|release versions?|app versions?|"
    r"code versions?|versions? of (?:our|the) (?:app|code|service)|builds?|commits?|git (?:sha|hash|commits?)s?|"
    r"rollouts?|feature flags?)\b|"
    r"\b(?:deploy\w*|releases?|builds?|commits?|rollouts?|(?:app|code|release|software) versions?)\s+"
    r"(?:\w+\s+){0,2}?(?:introduc\w*|caus\w*|broke|break\w*|behind|responsible|led to)\b|"
    r"\b(?:calls?|requests?|errors?|traffic)\s+(?:\w+\s+){0,2}?(?:with|where|having|under|behind)\s+(?:the\s+|a\s+)?"
    r"(?:[\w-]+\s+)?feature[- ]flags?\b|"
    r"\b(?:git|commit)\s+(?:sha|hash)\b|\bbuild (?:numbers?|ids?)\b"
)

# (pattern on the lowered question, what the answer says the events do not hold)
UNHELD: tuple[tuple[re.Pattern[str], str], ...] = (
    # Agent and tool spans are kept as trace context (trace_spans), and the Workloads page rolls the model calls'
    # cost up to each agent, tool and trace; the assistant's query layer reads the events only, so a question
    # per agent run, tool or trace is declined with where the figure is, not answered with a total of calls.
    (
        re.compile(
            rf"\b{_COST_WORDS}\W+(?:\w+\W+){{0,3}}?(?:per|each|every|a|an|one)\s+(?:single\s+)?(?:agent|tool)\s+"
            rf"(?:runs?|calls?|invocations?|executions?|steps?)\b|"
            rf"\b(?:per|each|every|a|an|one)\s+(?:agent\s+runs?|tool\s+(?:calls?|runs?|invocations?)|traces?|spans?)\b|"
            rf"\b(?:traces?|spans?)\b.{{0,40}}\b{_COST_WORDS}|\b{_COST_WORDS}\W+(?:\w+\W+){{0,4}}?(?:traces?|spans?)\b|"
            rf"\b(?:the\s+)?[\w-]+\s+tool(?:'s)?\s+(?:\w+\s+){{0,2}}?{_COST_WORDS}|"
            rf"\b{_COST_WORDS}\W+(?:\w+\W+){{0,4}}?(?:on|for|of|by)\s+(?:the\s+|our\s+|its\s+)?(?:[\w-]+\s+)?"
            rf"(?:tool\s+calls?|tool\s+runs?|tools|agent\s+runs?)\b|"
            rf"\b(?:which|what)\s+(?:agents?|tools?)\b.{{0,40}}\b{_COST_WORDS}|"
            # the tools themselves, counted or grouped: "group by tool_name", "calls per tool", "which tools did the
            # support bot use most" (a tool's name is no field of the model calls)
            rf"\btool[_ ]?(?:names?|ids?|types?)\b|\bfunction[_ ]names?\b|"
            rf"\b(?:by|per|each|every|which|what)\s+(?:single\s+|individual\s+)?(?:tools?|functions?)\b(?![- ]?calls?\b)|"
            rf"\b(?:tools?|functions?)\s+(?:\w+\s+){{0,2}}?(?:used|called|invoked|ran|run)\s+(?:the\s+)?most\b|"
            rf"\b(?:called|invoked|used|ran)\s+(?:each|every|which|what)\s+tool\b|"
            rf"\b(?:tool|function)[- ]calls?\b.{{0,80}}\b(?:by|per|each|grouped by|broken down by)\s+(?:tool|function)s?\b"
        ),
        "figures per agent run, tool or trace (Netra keeps agent and tool spans: the Workloads page shows the cost, "
        "tokens and latency of the model calls beneath each agent, tool and trace under 'Cost per agent and tool'; "
        "this assistant's queries read the model calls alone, so it does not compute them yet)",
    ),
    # The tool calls a model's responses asked for, counted ("how many tool calls did gpt-4o make", "the function-call
    # rate of the sales agent"): the events are one row per model call, and the query layer has no figure of the tool
    # calls in a response, so the calls themselves (all of them) would answer a different question.
    (
        re.compile(
            # (grouped by the tool, "group by tool_name", it is the subject above)
            r"(?!.*\b(?:tool[_ ]?names?|(?:by|per|each)\s+tools?)\b)"
            r"(?:\b(?:how many|number of|count of|counts? the|#|share of|percent(?:age)? of|fraction of|proportion of)"
            r"\s+(?:(?:the|our|its|their|all)\s+)?(?:[\w-]+\s+){0,2}?(?:tool|function)[- ]?calls?\b|"
            r"\b(?:tool|function)[- ]?call(?:ing)?\s+(?:rates?|counts?|volumes?|frequency|share)\b|"
            r"\bcount\(\*\)\s+of\s+(?:tool|function)[- ]?calls?\b)"
        ),
        "the tool or function calls in the models' responses (the events are one row per model call; this "
        "assistant's queries count the calls themselves, not the tool calls a response asked for)",
    ),
    # (an invoice's amount is the bill, answerable as spend: "our openai invoice is up 40 %, why?")
    (
        re.compile(
            r"\binvoice\s*(?:numbers?|nos?\b|ids?\b|#|line items?|lines?\b|dates?\b|due\b|status|pdfs?|cop(?:y|ies)|"
            r"references?)|\b(?:which|what)\s+invoices?\b|\b(?:show|send|download|forward|find|pull|open|attach)\s+"
            r"(?:me\s+|us\s+)?(?:(?:the|our|a|last|this|month's|[\w-]+'s)\s+)*(?:[\w-]+\s+)?invoices?\b|"
            r"\binvoices?\b.{0,30}\b(?:paid|unpaid|outstanding|overdue)\b|\binvoiced\b|"
            r"\bbilling statements?\b|\bpurchase orders?\b|\bpo numbers?\b|\breceipts?\b"
        ),
        "invoices or billing statements (the events record what each API call cost, not how a provider billed it)",
    ),
    (
        re.compile(
            r"\b(?:sla|slo|service|outage|uptime|promo\w*|free|prepaid|remaining|unused)[- ]credits?\b|"
            r"\bcredits?\b.{0,40}\b(?:owed?|due|claim\w*|back|balance|left|remaining)\b|"
            r"\b(?:owed?|due)\b.{0,40}\bcredits?\b|\brefund\w*\b(?!\s+(?:tools?|agents?|bots?|workflows?)\b)|"
            r"\bchargebacks?\b|\breimburse\w*"
        ),
        "credits, refunds or what a provider owes (the events record what each call cost, not billing adjustments)",
    ),
    (
        re.compile(
            r"\bcontracts?\b|\bcontractual\b|\bcommitted (?:spend|use)\b|\bspend commitments?\b|"
            # (a tier whose level the user says is a number to measure against: "the tier starts at 15M tokens")
            r"\b(?:enterprise|negotiated|volume|committed[- ]use) (?:discounts?|rates?|pricing|"
            r"tiers?(?!\s+(?:starts?|begins?|kicks?\s+in|is|sits?)\s+(?:at\s+|from\s+)?\d))\b|"
            r"\b(?:our|the) (?:\w+ )?discount (?:with|from|at) \w+|"
            # an agreement's terms, or the discount one gave: "what discount did our enterprise agreement give us"
            r"\b(?:enterprise|volume|master|reseller|commercial|pricing|purchase|service|framework) agreements?\b|"
            r"\b(?:what|which|how much|how big an?|any)\s+discounts?\b(?!.{0,30}\b(?:batch\w*|cach\w*)\b)"
        ),
        "contracts, commitments or negotiated discounts (Netra prices calls at list or set prices, with no contract "
        "terms)",
    ),
    (
        re.compile(
            rf"\b{_GROUPING}\s+(?:the\s+|our\s+|each\s+|every\s+)?(?:[\w-]+\s+){{0,2}}?{_ORG_UNITS}\b|"
            rf"\b{_ORG_UNITS}\s+(?:breakdown|split|level|allocation)\b|\bchargeback\w*|\bshowback\w*|"
            rf"\b(?:which|what)\s+{_ORG_UNITS}\b|\b(?:the|a|that|this)\s+(?!\w+ly\b)(?:[\w-]+\s+){{1,2}}?{_ORG_UNITS}"
            rf"(?:'s)?\s+(?:spen[dt]\w*|costs?|bill|usage|used|uses|requests|tokens|traffic|error\w*|latency)\b"
        ),
        "teams, departments or cost centres (no column of the events holds a team; workloads, users and task types "
        "are there)",
    ),
    (
        re.compile(
            r"\bfine[- ]?tun\w*|\bfinetun\w*|\btraining (?:jobs?|runs?|costs?|spend|hours?)\b|"
            r"\b(?:model|custom[- ]model) training\b|\btrain(?:ed|ing)? (?:a |our |custom )?models?\b"
        ),
        "fine-tuning or training jobs (the events record inference API calls only)",
    ),
    (
        re.compile(
            r"\bprompts?\b(?:\s+[\w.-]+){0,6}?\s+(?:said|say|says|saying|contain\w*|read|mention\w*|"
            r"look(?:ed)? like|were about|was about|asked)\b|"
            r"\b(?:response|completion|output|answer|reply)s? (?:text|contents?|wording)\b|"
            r"\bwhat (?:did |do |does )?(?:the |our )?(?:models?|bots?|assistants?|llms?|agents?) "
            r"(?:say|said|answer\w*|repl\w*|respond\w*|writ\w*|wrote|output\w*)\b|"
            r"\b(?:read|show|see|list|print|dump|give)\s+(?:me\s+|us\s+)?(?:the\s+|their\s+|some\s+|a few\s+)?"
            r"(?:responses|completions|replies|outputs|answers)\b|"
            # personal data in what was sent or answered: "calls whose prompts held PII", "email addresses in prompts"
            r"\b(?:personal(?:ly)?\s+(?:data|information|info|identifiable)|pii|phi|email\s+addresses|phone\s+numbers|"
            r"credit\s+card\s+numbers?|social\s+security\s+numbers?|ssns?|passport\s+numbers?|home\s+addresses|"
            r"sensitive\s+data|secrets?\s+(?:in|leaked)|api\s+keys?\s+(?:in|leaked))\b|"
            # what a person typed or asked ("what did u7 actually type in the prompt", "what was said"), not what it
            # cost or how much they used ("what did u7 spend"; "ask for" is a request, not a prompt's words)
            r"\bwhat\s+(?:exactly\s+|actually\s+)?(?:did|does|do|has|have|had)\s+(?:[\w.-]+\s+){1,3}?(?:actually\s+|really\s+|exactly\s+|just\s+)?"
            r"(?:type|typed|write|wrote|written|ask(?:ed)?(?!\s+(?:for|me|us)\b)|say|said|enter(?:ed)?|paste[d]?|"
            r"repl(?:y|ied)|respond(?:ed)?)\b|"
            r"\bwhat\s+(?:was|were|got|is|gets)\s+(?:actually\s+|really\s+|exactly\s+)?(?:said|typed|written|asked|"
            r"entered|pasted)\b|"
            # the text itself: "show me the prompt", "the prompt's text", "the wording of the reply", "the model's reply"
            r"\b(?:show|see|read|list|print|dump|give|display|pull|fetch|view|open|quote|copy|paste)\s+(?:me\s+|us\s+)?"
            r"(?:the\s+|their\s+|some\s+|a few\s+|a\s+|that\s+|those\s+|this\s+|[\w.-]+'s\s+)?(?:actual\s+|raw\s+|"
            r"full\s+|original\s+|exact\s+|complete\s+)?prompts?\b(?!\s*(?:tokens?|sizes?|lengths?|counts?|hash\w*|"
            r"costs?|ids?)\b)|"
            r"\bprompts?(?:'s)?\s+(?:text|contents?|wording|body|bodies|itself|themselves)\b|"
            r"\b(?:text|contents?|wording|body)\s+of\s+(?:the\s+|a\s+|an\s+|each\s+|their\s+|its\s+|that\s+|"
            r"[\w.-]+'s\s+)?(?:[\w-]+\s+)?(?:prompts?|messages?|responses?|repl(?:y|ies)|answers?|outputs?|"
            r"completions?)\b|"
            r"\b(?:repl(?:y|ies)|responses?|completions?|outputs?|answers?)\s+(?:text|contents?|wording)\b|"
            r"\b(?:what\s+(?:was|were|is|are)|show|read|see|quote|copy|paste|print|display|give|send)\s+(?:me\s+|us\s+)?"
            r"(?:the\s+|a\s+)?(?:[\w.-]+\s+)?(?:models?|bots?|assistants?|llms?|[\w.-]+)'s\s+(?:actual\s+|exact\s+|full\s+)?"
            r"(?:repl(?:y|ies)|answers?|wording)\b"
            r"(?!.{0,40}\b(?:tokens?|quality|latenc\w*|times?|lengths?|sizes?|scor\w*|costs?|rates?|errors?|fail\w*|"
            r"slow\w*|fast\w*|took|take)\b)|"
            r"\bwhat\s+(?:\w+\s+){0,2}?(?:the\s+)?(?:models?|bots?|assistants?|llms?|agents?|gpt[\w.-]*|claude[\w.-]*)\s+"
            r"(?:actually\s+)?(?:replied|responded|answered|wrote|said)\b"
        ),
        "what prompts or responses say (Netra stores a hash of each prompt, never its text or the reply)",
    ),
    # What happened after a call: a bot handing a conversation to a person is no field of the events.
    (
        re.compile(
            r"\bhand[- ]?offs?\b|\bhand(?:ed|ing|s)?[- ]?(?:over|off)\b|\bhandovers?\b|"
            # An escalation of a ticket or a conversation, not of costs ("spend escalated last week").
            r"\b(?:tickets?|conversations?|chats?|cases?|sessions?|calls?|requests?|issues?)\b.{0,30}\bescalat\w*|"
            r"\bescalat\w*\b.{0,30}\b(?:humans?|persons?|people|agents?|staff|reps?|operators?|tier|l[123])\b|"
            r"\bescalations?\b(?!.{0,30}\b(?:spend|costs?|bill|latency|errors?|tokens?)\b)|"
            r"\b(?:transferr?\w*|routed|passed|sent|forwarded)\s+(?:\w+\s+){0,3}?to\s+(?:a\s+|an\s+)?(?:human|person|"
            r"live|real|support)\s*(?:agents?|staff|reps?|operators?|people|beings?)?\b|"
            r"\b(?:to|by)\s+(?:a\s+)?(?:humans?|live agents?|human agents?|real people|people)\b.{0,20}\btakeovers?\b|"
            r"\bhuman[- ]in[- ]the[- ]loop\b|\bhuman (?:takeovers?|review(?:s|ed)?|agents?)\b"
        ),
        "hand-offs or escalations to human agents (the events record each LLM API call: its workload, user, session, "
        "model, tokens, cost, latency, status, error type and quality score, not what happened after it)",
    ),
    # Retries: a call retried by a client or the gateway is one more event, but no field says it was a retry.
    (
        re.compile(r"\bretr(?:y|ies|ied|ying)\b|\bre-?tr(?:y|ies|ied)\b|\b(?:second|third|repeat(?:ed)?) attempts?\b"),
        "retries (the events record each API call with its status and error type, not whether a client or the "
        "gateway retried it or how many attempts a request took)",
    ),
    # What a moderation or safety filter flagged: no field of the events (a provider's content-filter refusal is an
    # error type, and is answered as one: "content_filter errors").
    (
        re.compile(
            r"\bmoderat(?:ion|ed)\b(?!.{0,20}\berrors?\b)|\bflagged\b|\b(?:safety|content)[- ]"
            r"(?:flags?|checks?|filters?|filtered)\b(?!.{0,20}\berrors?\b)|\bjailbreak\w*|\btoxic\w*"
        ),
        "content moderation or safety flags (the events record each call's status and error type, not what a "
        "moderation or safety filter flagged)",
    ),
    # Prompt templates and their versions, experiments and variants: the events hold a hash of each prompt only.
    (
        re.compile(
            r"\bprompt[- ](?:templates?|versions?|variants?|revisions?)\b|\b(?:templates?|prompt)\s+(?:version|"
            r"variant|revision)s?\b|\b(?:a/b|ab) tests?\b|\bexperiment(?:s|al)? (?:arms?|variants?|groups?)\b|"
            r"\bsystem[- ]prompts?\b"
        ),
        "prompt templates or their versions (the events hold a hash of each prompt, not which template or version "
        "made it; they do hold the workload, task type, model, tokens, cost, latency, errors and quality score)",
    ),
    # Images, audio and video made: the events count tokens of LLM calls, not pictures, seconds or minutes of media.
    (
        re.compile(
            # Media, not their tokens: audio and image tokens are held ("audio output tokens produced"), and a media
            # word inside a model's name ("gpt-4o-audio") is the model.
            r"(?<!-)\b(?:images?|pictures?|photos?|illustrations?|videos?|clips?|audio|voice[- ]?overs?|speech|songs?|"
            r"music)\b(?!\s+(?:\w+\s+)?tokens?\b)"
            r"(?=.{0,40}\b(?:generat\w*|creat\w*|render\w*|made|produc\w*|synthes\w*|transcri\w*|drawn|drew)\b)|"
            r"\b(?:generat\w*|creat\w*|render\w*|made|make|produc\w*|synthes\w*|draw\w*)\s+(?:\w+\s+){0,2}?"
            r"(?<!-)(?:images?|pictures?|photos?|illustrations?|videos?|clips?|audio|speech|songs?|music)\b"
            r"(?!\s+(?:\w+\s+)?tokens?\b)|"
            r"\b(?:dall[- .·]?e(?:[- ]?[23])?|midjourney|stable[- ]diffusion|imagen|sora|whisper|tts|"
            r"text[- ]to[- ](?:speech|image|video)|image[- ]generation|transcription (?:minutes?|hours?))\b"
        ),
        "images, audio or video made (the events record LLM calls by their tokens -- input, output, cached and "
        "reasoning -- with cost, latency and status, not pictures, clips or minutes of audio)",
    ),
    # Where the end users are: the events hold the serving region of a call, not the user's place.
    (
        re.compile(
            r"\b(?:countr(?:y|ies)|nationalit\w*|cit(?:y|ies)|geo(?:graph\w*|locat\w*|s)?|locations?|locales?|"
            r"ip[- ]?(?:address(?:es)?|s)?|time ?zones?|continents?|states? or provinces?)\b"
        ),
        "where end users are (country, city, location or IP: the events hold the serving region of each call, "
        "not where its user was)",
    ),
    # The client a call came from: the events hold the workload, user and session of a call, not its browser or device.
    (
        re.compile(
            r"\b(?:browsers?|devices?|user[- ]agents?|operating systems?|os versions?|iphones?|android|ios|"
            r"chrome|safari|firefox)\b|\b(?:mobile|desktop)\s+(?:or|vs\.?|versus|and)\s+(?:mobile|desktop|web)\b"
        ),
        "the browser, device or client a call came from (the events record each call's workload, user and session, "
        "not the client it ran on)",
    ),
    # The parameters a call was sent with: the events hold what it used (tokens), not what it asked for.
    (
        re.compile(
            r"\btemperatures?\b|\btop[_-][pk]\b|\bmax_(?:completion_)?tokens\b|"
            r"\bmax(?:imum)?[- ]tokens\s+(?:settings?|param\w*|limits?|values?|set)\b|"
            r"\bsampling (?:settings?|param\w*|config\w*)\b|\b(?:frequency|presence) penalt\w*|\bstop sequences?\b"
        ),
        "the sampling settings calls were sent with (temperature, top_p, max_tokens: the events record the tokens "
        "each call used, its cost, latency and status, not the parameters it was sent with)",
    ),
    # What a provider publishes about itself: its status page, its reported uptime or incidents.
    (
        re.compile(
            r"\bstatus[- ]?pages?\b|\b(?:reported|published|official|advertised|posted)\s+(?:uptime|availability)\b|"
            r"\b(?:uptime|availability|incidents?)\b.{0,40}\b(?:report\w*|publish\w*|posted|announc\w*)\b"
        ),
        "what a provider's status page reported (its uptime or incidents: the events record the org's own calls and "
        "their errors, not a provider's published figures)",
    ),
    # Other vendors' bills: vector databases, observability, data platforms and hosting are not LLM API calls.
    (
        re.compile(
            r"\b(?:pinecone|weaviate|qdrant|milvus|zilliz|chromadb|pgvector|elasticsearch|opensearch|redis cloud|"
            r"datadog|new relic|sentry|grafana cloud|splunk|snowflake|databricks|bigquery|langsmith|langfuse|helicone|"
            r"vercel|netlify|heroku|cloudflare|twilio|zendesk|intercom|stripe fees?)\b|"
            r"\b(?:vector (?:db|database|store|index)|hosting|infra(?:structure)?|storage|"
            r"bandwidth|egress|kubernetes|k8s|ec2|s3)\s+(?:bills?|costs?|spend|invoices?|fees?|charges?)\b"
        ),
        "other vendors' bills (vector databases, observability, data platforms, hosting: the events record LLM API "
        "calls only)",
    ),
    # A provider's limits and what is left of them: the events hold each call and its rate-limit errors, not the
    # limit itself.
    (
        re.compile(
            r"\bquotas?\b|\b(?:rate|usage|token|request|spend(?:ing)?|tpm|rpm|tpd|rpd)[- ]?limits?\b(?!\s*(?:errors?|"
            r"hits?|failures?|responses?|exceptions?|events?|rejections?|429s?))(?=.{0,40}\b(?:left|remain\w*|"
            r"headroom|available|room|close to|near|how much|what is|what's|set to|current|capacity|allow\w*)\b)|"
            r"\b(?:headroom|capacity)\b.{0,30}\b(?:rate|tpm|rpm|tokens?[- ]per[- ]minute|requests?[- ]per[- ]minute)\b|"
            r"\b(?:tokens?|requests?)[- ]per[- ]minute (?:limit|cap|allowance|allocation|tier)s?\b|"
            r"\bhow (?:close|near)\b.{0,40}\b(?:rate[- ]?limits?|limits?|quotas?|caps?)\b(?!\s*(?:errors?|hits?))|"
            r"\b(?:near|close to|approaching|nearing)\s+(?:our\s+|the\s+|its\s+|their\s+)?(?:[\w-]+\s+)?"
            r"(?:rate[- ]?limits?|limits?|caps?)\b"
        ),
        "a provider's quota or rate limit, or how much of it is left (the events record each call and its "
        "rate-limit errors, not the limits a provider set)",
    ),
    # Who was paged or alerted, and how often: the on-call rotation and its pages are the org's alerting tool's, not
    # the events' ("we're getting paged - error rate for the last 6 hours" asks the error rate: a page is its context).
    (
        re.compile(
            rf"\b(?:how many|how often|number of|count of|# of|times)\b[^.?!]{{0,60}}?{_PAGES}|"
            rf"{_PAGES}[^.?!]{{0,60}}?\b(?:how many|how often|how many times)\b|"
            r"\b(?:who|which\s+(?:\w+\s+)?(?:engineers?|person|sres?|people))\s+(?:was|were|got|gets|is)\s+"
            r"(?:\w+\s+)?paged\b|\bon-?call (?:load|burden|rotations?|schedules?|shifts?)\b"
        ),
        "pages or alerts (who was paged or alerted, and how often, is the alerting tool's record: the "
        "events record each call's status and error type, so the failed calls and error rate are answerable)",
    ),
    # What the org's own checks made of a response (JSON schema validation, parsing): the events hold each call's
    # status and the provider's error type, and a quality score, not the org's validation of what came back.
    (
        re.compile(
            r"\b(?:json|schema|output|response|format)\s+(?:schema\s+)?validat\w*|"
            r"\bvalidat\w*\s+(?:\w+\s+){0,2}?(?:json|schemas?|outputs?|responses?|formats?)\b|"
            r"\b(?:invalid|malformed|unparse?able|broken|bad)\s+json\b|\bjson\s+(?:pars\w*\s+)?(?:errors?|failures?)\b|"
            r"\bschema\s+(?:violations?|mismatch\w*|errors?|failures?|checks?)\b|"
            r"\bstructured[- ]outputs?\s+(?:failures?|errors?|violations?)\b|\bfail\w*\s+(?:\w+\s+){0,2}?(?:to\s+)?pars\w*"
        ),
        "whether a response passed the org's own checks (JSON schema validation or parsing: the events record each "
        "call's status, the provider's error type and a quality score, not what the org's validation made of a "
        "response)",
    ),
    # Taxes on a bill: the events hold each call's cost as priced, before any tax a provider's invoice adds.
    (
        re.compile(
            r"\b(?:vat|gst|hst|sales[- ]tax\w*|tax(?:es|ed|ation)?|withholding|tax[- ](?:inclusive|exclusive))\b|"
            r"\b(?:pre|post|after|before|ex|incl?|including|excluding)[- ]tax\b"
        ),
        "taxes on the bill (VAT, GST or sales tax: the events record what each call cost before tax, not the tax a "
        "provider's invoice adds)",
    ),
    # Our own releases: no event carries the version, commit or deploy of the code that made the call.
    (
        re.compile(
            rf"{_RELEASE_ASKED}|"
            r"\b(?:before|after|since)\s+(?:(?:the|our|last|latest|most recent|new|this morning's)\s+){1,3}"
            r"(?:deploy\w*|release|rollout|ship|push to prod)\b"
        ),
        "the deploy, release or code version behind a call (the events record each call's workload, model, status and "
        "error type with its time, not which version of the org's own code made it; compare the time windows before "
        "and after a deploy instead)",
    ),
    # The language a conversation or prompt was in: the events hold a hash of each prompt, not its text or language.
    (
        re.compile(
            r"(?<!large )(?<!small )\blanguages?\b(?![- ]models?\b)|\bmultilingual\b|\blocali[sz]\w*|"
            r"\b(?:in|into|were|was|written in|wrote in|speak\w*|spoke)\s+(?:spanish|french|german|english|portuguese|"
            r"italian|dutch|japanese|chinese|mandarin|cantonese|korean|arabic|hindi|russian|polish|turkish|swedish|"
            r"hebrew|vietnamese|thai|indonesian)\b|"
            r"\b(?:spanish|french|german|english|portuguese|italian|japanese|chinese|korean|arabic|hindi|russian)[- ]"
            r"(?:speaking|language)\b|\bnon[- ]english\b"
        ),
        "the language of a prompt or conversation (Netra stores a hash of each prompt, never its text, so it does not "
        "know what language it was in)",
    ),
    # Time before the provider call: the events' latency is the provider call's, from send to response.
    (
        re.compile(
            r"\bqueu(?:e|ed|es|ing|eing)\b(?!.{0,20}\b(?:felt|feels)\b)(?=.{0,60}\b(?:wait\w*|time|times|delay\w*|latency|"
            r"long|ms|seconds?|p\d\d|before)\b)|"
            r"\b(?:wait\w*|sat|spent|time)\s+(?:\w+\s+){0,2}?in\s+(?:our|the|a|its)\s+(?:own\s+)?(?:\w+\s+)?queues?\b|"
            r"\bbefore\s+(?:being\s+|it\s+was\s+|they\s+were\s+|it's\s+|getting\s+)?(?:sent|dispatched|forwarded|"
            r"submitted)\s+to\s+(?:the\s+)?(?:provider|vendor|api|model|llm)s?\b|"
            r"\b(?:client|gateway|proxy|network|our)[- ]side\s+(?:latency|overhead|time|delay)s?\b|"
            r"\b(?:network|gateway|proxy)\s+(?:latency|overhead|time|delay)s?\b"
        ),
        "time a request spent before or around the provider call (in the org's own queue, a gateway or the network: "
        "the events' latency is the provider call's, from send to response; its latency percentiles are answerable)",
    ),
    # Hallucinations, factuality or groundedness, and scores against a labelled or golden eval set: the events hold one
    # quality score per call, not labels, a ground truth or a check of an answer's facts ("quality score" is held).
    (
        re.compile(
            r"\bhallucinat\w*|\bconfabulat\w*|\bfactual(?:ity|ly)?\b|\bfact[- ]check\w*|\bgrounded(?:ness)?\b|"
            r"\bfaithfulness\b|\bground[- ]truth\b|\bmade[- ]up\s+(?:facts?|answers?|citations?|sources?)\b|"
            r"\b(?:golden|gold|labell?ed|annotated|held[- ]out|reference|offline)\s+(?:eval(?:uation)?s?\s+|test\s+|"
            r"benchmark\s+)?(?:sets?|data\s*sets?|suites?|answers?|labels?|examples?|questions?)\b|"
            r"\beval(?:uation)?s?\s+(?:sets?|data\s*sets?|suites?|harness\w*|benchmarks?)\b|"
            r"\bbenchmark\s+(?:scores?|results?|accuracy)\b|\b(?:mmlu|humaneval|hellaswag|gsm8k|truthfulqa)\b|"
            r"\b(?:thumbs[- ]?(?:up|down)|star\s+ratings?|user\s+ratings?)\b"
        ),
        "hallucination, factuality or groundedness rates, or results on a labelled or golden eval set (the events "
        "record one quality score per call, not labels, a ground truth or human ratings; the quality score is "
        "answerable by model, workload or task type)",
    ),
    # The company's own money: runway, cash, the bank balance, ARR. The events record what each LLM call cost; the LLM
    # spend, its burn or run rate, and how long a budget lasts at it are answerable ("runway" beside a budget is that).
    (
        re.compile(
            # (a zero-width match at the start: "runway" or "cash" beside a budget is how long that budget lasts)
            r"(?s)^(?=(?!.*\b(?:budget\w*|allowance|allocation)\b).*(?:\brunways?\b|"
            r"\bcash\b(?=.{0,30}\b(?:left|remaining|balance|bank|hand|reserves?|flow|position|raised|run out)\b)|"
            r"\bcash\s*(?:flow|balance|on hand|position|reserves?|in the bank)\b|"
            r"\bbank\s+(?:balance|account)s?\b|\b(?:arr|annual(?:ized)? recurring revenue)\b|\bebitda\b|"
            r"\b(?:run|running|ran)\s+out\s+of\s+(?:cash|money|funding|funds)\b|\bfunding\s+(?:rounds?|left|runs? out)\b|"
            r"\bmonths?\s+of\s+(?:cash|money|funding)\b|\bdefault[- ]alive\b))"
        ),
        "the company's finances (runway, cash, the bank balance, revenue or ARR: the events record what each LLM call "
        "cost, not the money the company has or earns; the LLM spend, its burn rate and how long a budget lasts at it "
        "are answerable)",
    ),
    # Who gave a quality score: the events hold one score per call, not the person or the rubric behind it.
    (
        re.compile(
            r"\b(?:human\s+|manual\s+)?(?:graders?|raters?|annotators?|label(?:l)?ers?|evaluators?|reviewers?)\b"
            r"(?=.{0,60}\b(?:scor\w*|grad\w*|rat\w*|quality|harsh\w*|strict\w*|lenient\w*|generous\w*|marks?|gives?)\b)|"
            r"\b(?:which|what|each|per|by|every)\s+(?:human\s+)?(?:graders?|raters?|annotators?|label(?:l)?ers?)\b|"
            r"\bhuman\s+(?:scor\w*|grad\w*|ratings?|labels?|evaluations?|judge?ments?)\b"
        ),
        "who gave a quality score (human graders, raters or annotators: the events hold one quality score per call, "
        "not who or what scored it; the scores themselves are answerable by workload, model or user)",
    ),
    # The org's own people at work: who was on shift or on duty, staffing and rotas, the hours they worked, the calls or
    # tickets a person handled. The events' users are the callers of the LLM app; an "agent" handling calls on a shift
    # is a person (the agent task type's requests are the model calls its workloads made). The person is matched by
    # a lookahead, so a name of the org's holding "agent" ("sales-agent") does not make the question a filter.
    (
        re.compile(
            r"\bon[- ](?:shift|duty)\b|\boff[- ]duty\b|\b(?:under|over|short)?[- ]?staff(?:ing|ed)\b|\b(?:rotas?|rosters?|"
            r"rostered)\b|\bshift\s+(?:rotas?|rosters?|schedules?|patterns?|handovers?|coverage|swaps?|leads?|"
            r"managers?|workers?|plans?)\b|\b(?:hours|shifts)\s+(?:were\s+|was\s+)?worked\b|\bworked\s+(?:hours|shifts)\b|"
            r"\bhow\s+many\b(?=\s+(?:[\w-]+\s+)?(?:agents?|reps?|representatives?|operators?|staff|workers?|employees|"
            r"nurses|people)\s+(?:were|are|was|is)\s+(?:working|logged\s+(?:in|on)|at\s+work|scheduled|available\s+to\s+"
            r"take)\b)|"
            r"\b(?:calls?|tickets?|chats?|conversations?|cases?|contacts?|enquiries|inquiries)\s+(?:did|does|do|has|have|"
            r"had|can|could|will|would)\s+(?:each|every|a|an|one|the\s+average|per)\b(?=\s+(?:human\s+|support\s+|"
            r"live\s+)?(?:agents?|reps?|representatives?|operators?|staff(?:\s+members?)?|employees?|persons?|people)\s+"
            r"(?:handle|take|answer|field|resolve|close|work)\w*)"
        ),
        "the org's staff at work (who was on shift or on duty, staffing, rotas, hours worked, the calls a person "
        "handled: the events record each LLM API call's workload, task type, user and model, not the people on "
        "duty; the calls per hour are answerable)",
    ),
    # Who owns a workload: the events name the workload and the user of each call, not the person or team behind it.
    (
        re.compile(
            r"\bowners?(?:ship)?\b|\bwho\s+(?:\w+\s+){0,4}?(?:owns|maintains|is\s+responsible\s+for|is\s+in\s+charge\s+of)\b|"
            r"\bmaintainers?\b|\b(?:point|person)\s+of\s+contact\b|\bcontact\s+person\b"
        ),
        "who owns or maintains a workload (the events name each call's workload and user, not the person or team "
        "responsible for it; the users who made its calls are answerable)",
    ),
    # What a user did with an answer: clicks, click-through, conversions are product analytics, not model calls.
    (
        re.compile(
            r"\bclick(?:s|ed|ing)?\b|\bclick[- ]?(?:through|thru)s?\b|\bctrs?\b|\bconversions?(?!\s+(?:to|into|from)\b)"
            r"(?=.{0,40}\b(?:rates?|%|percent\w*|how many|count|number)\b|$)|\bconversions?\s+rates?\b|\bbounce\s+rates?\b"
        ),
        "what users did with the answers (clicks, click-through or conversions: the events record each model call's "
        "cost, tokens, latency, status and quality score, not what a user did with a result; the quality score is "
        "answerable)",
    ),
    # How long a user looked at an answer: reading, dwell or engagement time is measured in the product, not in a
    # model call (the events' latency is the provider's, from send to response).
    (
        re.compile(
            r"\bdwell(?:ing)?[- ]times?\b|\btime[- ]on[- ](?:the\s+)?(?:page|site|screen|app|answers?|responses?)\b|"
            r"\b(?:reading|read|engagement|engaged|viewing|view|attention)[- ]times?\b|"
            r"\b(?:time|seconds|minutes|long)\s+(?:\w+\s+){0,3}?(?:spen[dt]|spending|spends|take|takes|took)\s+"
            r"(?:\w+\s+){0,2}?(?:reading|viewing|looking\s+at|on\s+(?:the\s+|an?\s+|each\s+)?(?:page|answer|response|"
            r"result|reply)s?)\b|"
            r"\bhow\s+long\s+(?:do|did|does)\s+(?:\w+\s+){0,3}?(?:read|view|look\s+at|stay\s+on|linger)\b|"
            r"\b(?:users?|people|customers?|readers?)\s+(?:\w+\s+){0,2}?(?:spen[dt]|spending|spends)\s+(?:\w+\s+){0,2}?"
            r"(?:reading|viewing|looking\s+at)\b"
        ),
        "how long users spent reading an answer (reading, dwell or engagement time is measured in the product: the "
        "events record each model call's latency, from send to response, not what happened after it; the latency "
        "percentiles are answerable)",
    ),
)


def compute_unheld(t: str, known: dict[str, list[str]] | None = None) -> list[str]:
    """What lowered question `t` asks about that the events do not hold (empty: the question is about the events).

    A match inside one of the org's own names (`known`, per dimension) is the name, not the subject."""
    names = [v.lower() for values in (known or {}).values() for v in values]
    out: list[str] = []
    for pattern, text in UNHELD:
        for m in pattern.finditer(t):
            stems = {s.group(0) for s in _SUBJECT.finditer(m.group(0))}
            if any(stem in name for name in names for stem in stems):
                continue  # "the platform-team workload": the org's own name, a filter
            out.append(text)
            break
    return out


# A grouping the events hold, asked beside the teams ("allocate the bill to the teams: how much did each workload run
# up"): the teams are said as not held, and the question is answered per that grouping, not declined.
_TEAMS_TEXT = next(text for _, text in UNHELD if text.startswith("teams,"))
_HELD_GROUPING = re.compile(
    r"\b(?:by|per|each|every|which|for each|for every|broken down by|split by|across)\s+(?:of\s+(?:the|our)\s+)?"
    r"(?:workloads?|users?|task[- ]?types?|models?|providers?|regions?|features?|apps?|applications?|services?)\b"
)


def compute_answered_beside(t: str, unheld: list[str]) -> list[str]:
    """The subjects of `unheld` (from compute_unheld on lowered question `t`) that are said as not held but do not
    decline the question: the teams, when it asks per workload, user, task type, model, provider or region too."""
    return [_TEAMS_TEXT] if _TEAMS_TEXT in unheld and _HELD_GROUPING.search(t) else []


_RELEASE_TEXT = next(text for _, text in UNHELD if text.startswith("the deploy, release"))
_TEMPLATE_TEXT = next(text for _, text in UNHELD if text.startswith("prompt templates"))
# A prompt template told as what a release shipped ("shipped a new prompt template for doc-summarizer"), not asked of.
_TEMPLATE_TOLD = re.compile(
    r"\b(?:ship\w*|introduc\w*|roll\w*\s+out|deploy\w*|launch\w*|brought\s+in|added|switch\w*\s+to|chang\w*|"
    r"updat\w*|new|replac\w*)\s+(?:\w+\s+){0,3}?(?:prompt[- ])?templates?\b"
)


def compute_told_at_moment(t: str, unheld: list[str]) -> list[str]:
    """The subjects of `unheld` that lowered question `t` only tells as what happened at a moment it states (the
    windows around that moment are what it asks): the release, deploy or rollout, unless which one made a call is
    asked, and a prompt template it shipped."""
    told = []
    if _RELEASE_TEXT in unheld and not re.search(_RELEASE_ASKED, t):
        told.append(_RELEASE_TEXT)
    if _TEMPLATE_TEXT in unheld and _TEMPLATE_TOLD.search(t):
        asked = re.search(r"\b(?:which|what|each|per|by|every)\s+(?:\w+\s+)?(?:prompt[- ])?templates?\b", t)
        if not asked:
            told.append(_TEMPLATE_TEXT)
    return told


# The subject words a name of the org's may hold ("platform-team", "invoice-parser"): then it is the name.
_SUBJECT = re.compile(
    r"invoic|receipt|credit|refund|contract|tool|agent|trace|span|chain|workflow|agreement|discount|retr|attempt|moderat|flag|safety|filter|jailbreak|toxic|"
    r"team|department|dept|cent(?:er|re)|division|squad|"
    r"hand|escalat|template|version|variant|human|tun|train|image|picture|photo|illustrat|video|clip|audio|voice|"
    r"speech|song|music|dall|midjourney|diffusion|imagen|sora|whisper|tts|transcri|countr|city|cities|locat|locale|continent|quota|headroom|capacity|pinecone|weaviate|qdrant|"
    r"milvus|zilliz|chromadb|pgvector|elastic|opensearch|redis|datadog|relic|sentry|grafana|splunk|snowflake|"
    r"databricks|bigquery|langsmith|langfuse|helicone|vercel|netlify|heroku|cloudflare|twilio|zendesk|intercom|"
    r"stripe|vector|hosting|infra|storage|bandwidth|egress|kubernetes|k8s|ec2|s3|browser|device|iphone|android|"
    r"chrome|safari|firefox|temperature|top_|max_|sampling|penalt|sequence|status|uptime|availab|incident|vat|tax|"
    r"deploy|release|build|commit|rollout|flag|version|language|lingual|locali|spanish|french|german|english|queue|"
    r"gateway|proxy|network|pag|alert|alarm|json|schema|validat|pars|grader|rater|annotat|label|evaluat|reviewer|"
    r"owner|owns|maintain|contact|click|ctr|conversion|bounce|dwell|reading|engage|halluc|factual|ground|golden|eval|"
    r"benchmark|rating|cash|bank|funding"
)


_CREDITS_TEXT = next(text for _, text in UNHELD if text.startswith("credits,"))
_CREDITS = next(pattern for pattern, text in UNHELD if text == _CREDITS_TEXT)


def compute_held_by_groups(t: str, unheld: list[str]) -> list[str]:
    """The subjects of `unheld` (from compute_unheld on lowered question `t`) that a message defining its own groups
    of workloads or models answers: the teams (each one is its members taken together) and a chargeback (what each
    team is charged, not a card's disputed payment), when nothing else asks of credits or refunds."""
    held = [_TEAMS_TEXT] if _TEAMS_TEXT in unheld else []
    if _CREDITS_TEXT in unheld and not _CREDITS.search(re.sub(r"\bchargebacks?\b", " ", t)):
        held.append(_CREDITS_TEXT)
    return held
