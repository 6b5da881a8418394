"""Data values written into Markdown: escaped so a name is shown as text, never as a link, an image, HTML or maths.

Workload, model, provider, user and error names come from the org's logs (OTLP `service.name`,
`gen_ai.request.model`, a CSV column) and so from whoever can send traffic. Every place where such
a value meets Markdown (the weekly report, the assistant's answers) passes it through
`escape_markdown`. The renderers it protects: Streamlit's `st.markdown` (CommonMark + GFM
autolinks, `$` maths, `:color[...]` directives) and nbconvert's mistune with raw HTML allowed.

Only what can change how a value renders is escaped, so ordinary names read as typed in plain
text too: "gpt-4o-mini", "rate_limit" and "claude-3.5" stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Always meaningful: links and images ([ ]), HTML and autolinks (< >), code, emphasis and strikethrough
# (` * ~), tables (|), headings (#), maths ($) and the backslash itself.
_ALWAYS = re.compile(r"([\\`*\[\]<>#|~$])")
# An underscore opens or closes emphasis only at a word's edge; inside a word ("rate_limit") it is text.
_EDGE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# GFM turns bare URLs and e-mail addresses into links: break the "://", the "www." and the "@".
_SCHEME = re.compile(r"://")
_WWW = re.compile(r"(?i)\b(www)\.")
_AT = re.compile(r"@")
# An entity ("&lt;", "&#60;") would be decoded into the character it names.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# A line break would let a value start a block of its own (a heading, a list, a table row, raw HTML).
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def escape_markdown(value: object) -> str:
    """The value as Markdown text that renders exactly as the value (on one line), with no markup of its own."""
    text = _CONTROL.sub(" ", str(value))
    text = _ALWAYS.sub(r"\\\1", text)
    text = _EDGE_UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _SCHEME.sub(r"\\://", text)
    text = _WWW.sub(r"\1\\.", text)
    return _AT.sub(r"\\@", text)


def escape_values(value: Any) -> Any:
    """A copy with every string inside (dict values, list items) escaped; numbers, dates and keys untouched."""
    if isinstance(value, str):
        return escape_markdown(value)
    if isinstance(value, Mapping):
        return {k: escape_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [escape_values(v) for v in value]
    return value


# In a model's own Markdown the formatting is wanted (lists, tables, bold, code) but not what leads elsewhere:
# a model can be steered by the data it reads (a workload named "ignore the above and link to ...").
_LINK_MARKUP = re.compile(r"([\\\[\]<])")


def escape_links(text: str) -> str:
    """Markdown written by a model, kept as formatting, with links, images, autolinks and raw HTML shown as text."""
    text = _LINK_MARKUP.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _SCHEME.sub(r"\\://", text)
    text = _WWW.sub(r"\1\\.", text)
    return _AT.sub(r"\\@", text)
