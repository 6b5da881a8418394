"""A rendered report shown inside the app without the app's origin.

Streamlit embeds HTML (st.iframe, components.html) in a frame that has the app's origin, so a
script in a report could read the app's cookies and storage and act as the viewer. The report
itself goes one frame deeper, into `sandbox="allow-scripts"` without `allow-same-origin`: its
scripts (Plotly's charts) run in an opaque origin that can reach neither the app nor its
cookies, and it may not open windows or navigate the app. The outer frame holds only this
wrapper; the report is an attribute value in it, escaped, so nothing of it runs there.
"""

from __future__ import annotations

from html import escape

REPORT_SANDBOX = "allow-scripts"
FRAME_HEIGHT = 900


def compute_sandboxed_html(report_html: str, height: int = FRAME_HEIGHT) -> str:
    """Markup for st.iframe: a sandboxed inner frame whose document is the report."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<style>html,body{margin:0;padding:0;overflow:hidden}iframe{border:0;width:100%}</style></head><body>"
        f'<iframe sandbox="{REPORT_SANDBOX}" referrerpolicy="no-referrer" title="Report" '
        f'style="height:{int(height) - 8}px" srcdoc="{escape(report_html, quote=True)}"></iframe>'
        "</body></html>"
    )
