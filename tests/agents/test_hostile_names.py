"""Names from the data in chat answers: matched only when meant, and always shown as text, never as markup."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import mistune
import pytest

from netra_core.agents.assistant import ask
from netra_core.db.engine import make_engine, make_session_factory
from netra_core.db.migrate import upgrade_app_db
from netra_core.db.users import save_user
from netra_core.markup import escape_links, escape_markdown
from netra_core.workloads.events import save_events
from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.store import WorkloadStore
from tests.agents.builders import NOW, AgentEnv, make_events

LINK = "[click me](http://evil.example/steal)"
TAG = "<img src=x onerror=alert(document.cookie)>"
BARE_URL = "see http://evil.example or www.evil.example"
WORKLOADS = {
    "workload-router": ("chat", ["gpt-4o-mini"]),
    "support-bot": ("chat", ["gpt-4o"]),
    "doc-summarizer": ("summarization", ["claude-3-5-haiku"]),
    LINK: ("chat", ["gpt-4o-mini"]),
    TAG: ("chat", ["![pixel](http://evil.example/p.png)"]),
    BARE_URL: ("rag", ["gpt-4o"]),
}
# A permissive GFM-like renderer: raw HTML kept, bare URLs linked. If a name survives as markup, it shows here.
RENDER = mistune.create_markdown(escape=False, plugins=["url", "strikethrough", "table"])


@pytest.fixture(scope="module")
def hij(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AgentEnv]:
    """Org `hij`: a workload called workload-router among others, and workloads named like links and HTML."""
    root: Path = tmp_path_factory.mktemp("hij")
    engine = make_engine(f"sqlite:///{root / 'app.db'}")
    upgrade_app_db(engine)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        save_user(session, username="hana", password="a-long-enough-password", org_slug="hij", role="analyst")
    store = WorkloadStore(f"chdb://{root / 'workloads'}", lock_timeout_s=20)
    with store.session() as client:
        upgrade_store(client)
        save_events(client, "hij", make_events("hij", 1200, seed=5, workloads=WORKLOADS))
    yield AgentEnv(factory, store)
    engine.dispose()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.live: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "img", "script", "svg", "iframe") or any(name.startswith("on") for name, _ in attrs):
            self.live.append(tag)


def _live_markup(markdown: str) -> list[str]:
    """Links, images, scripts and event handlers the rendered Markdown contains."""
    html = RENDER(markdown)
    assert isinstance(html, str)
    parser = _Tags()
    parser.feed(html)
    return parser.live


def test_spend_by_workload_is_every_workload_not_the_one_called_workload_router(hij: AgentEnv) -> None:
    result = ask(hij.session_factory, hij.store, hij.auth("hana"), "spend by workload", now=NOW)
    assert result.status == "succeeded", result.error
    plan = result.payload["plan"]
    assert plan["workloads"] == [] and plan["group_by"] == "workload"
    names = {row["workload"] for row in result.payload["tables"][0]["rows"]}
    assert {"workload-router", "support-bot", "doc-summarizer"} <= names
    assert "100.0 %" not in result.text


def test_the_workload_router_is_still_found_when_named(hij: AgentEnv) -> None:
    result = ask(hij.session_factory, hij.store, hij.auth("hana"), "how much did workload-router cost?", now=NOW)
    assert result.payload["plan"]["workloads"] == ["workload-router"]


@pytest.mark.parametrize(
    "question",
    [
        "spend by workload",
        "which models had errors?",
        "tokens by workload",
        "what could caching save us?",
        "why did spend jump last tuesday?",
    ],
)
def test_names_from_the_data_are_text_in_answers(hij: AgentEnv, question: str) -> None:
    result = ask(hij.session_factory, hij.store, hij.auth("hana"), question, now=NOW)
    assert result.status == "succeeded", result.error
    assert _live_markup(result.text) == []
    assert LINK not in result.text and TAG not in result.text


def test_escaped_names_render_as_the_name() -> None:
    for name in (LINK, TAG, BARE_URL, "a|b", "$5 and $6", "_x_ **y** ~~z~~", "&lt;b&gt;", "x\n# heading"):
        html = RENDER(escape_markdown(name))
        assert _live_markup(escape_markdown(name)) == []
        assert "<h1" not in html and "<em" not in html and "<strong" not in html and "<del" not in html
    assert escape_markdown("gpt-4o-mini rate_limit claude-3.5") == "gpt-4o-mini rate_limit claude-3.5"


def test_a_models_answer_keeps_its_formatting_but_no_link() -> None:
    text = escape_links(
        "**Spend** by workload:\n\n- [Reset your password](http://evil.example) ![p](http://e/p.png)\n"
        "- visit www.evil.example <b>now</b>"
    )
    html = RENDER(text)
    assert "<strong>Spend</strong>" in html and "<li>" in html
    assert _live_markup(text) == []
