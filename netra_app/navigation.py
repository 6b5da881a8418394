"""Which pages exist and which roles may open them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from netra_core.roles import Role

PAGES_DIR = Path(__file__).resolve().parents[1] / "views"


@dataclass(frozen=True)
class PageSpec:
    """A page file, its title and the least role that may open it."""

    file: str
    title: str
    url_path: str
    min_role: Role = Role.VIEWER
    icon: str | None = None
    section: str = "Netra"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview.py", "Overview", "overview"),
    PageSpec("workloads.py", "Workloads", "workloads"),
    PageSpec("explore.py", "Explore", "explore"),
    PageSpec("requests.py", "Requests", "requests"),
    PageSpec("chat.py", "Chat", "chat"),
    PageSpec("optimize.py", "Optimize", "optimize", min_role=Role.ANALYST),
    PageSpec("budgets.py", "Budgets", "budgets", min_role=Role.ANALYST),
    PageSpec("data.py", "Data", "data", min_role=Role.ANALYST),
    PageSpec("catalog.py", "Catalog", "catalog"),
    PageSpec("reports.py", "Reports", "reports"),
    PageSpec("admin.py", "Admin", "admin", min_role=Role.ADMIN),
)


def is_allowed(role: str, spec: PageSpec) -> bool:
    """Whether a role may open the page."""
    return role in tuple(Role) and Role(role).includes(spec.min_role)


def may_open(role: str, file: str) -> bool:
    """Whether a role may open the page in `file` (e.g. "budgets.py"): a link to a page it may not open is not shown."""
    return is_allowed(role, next(spec for spec in PAGES if spec.file == file))


def _refusal(spec: PageSpec, role: str) -> Callable[[], None]:
    def page() -> None:
        st.error(f"Your role ({role}) cannot open {spec.title}; ask an admin of your org.")

    page.__name__ = f"refused_{spec.url_path}"
    return page


def build_pages(role: str | None) -> list[st.Page]:
    """Every page, registered so deep links resolve; the ones the role may not open are hidden.

    Streamlit serves its default page at "/" and answers "Page not found" for that page's own path, so no
    real page is the default: a hidden start page at "/" moves on to the first page, and "/overview" works.
    """
    pages = []
    for spec in PAGES:
        allowed = role is not None and is_allowed(role, spec)
        target = str(PAGES_DIR / spec.file) if allowed or role is None else _refusal(spec, role)
        pages.append(
            st.Page(
                target,
                title=spec.title,
                url_path=spec.url_path,
                icon=spec.icon,
                visibility="visible" if allowed else "hidden",
            )
        )
    first = pages[0]

    def start() -> None:
        # A shared link to the bare app (?range=30d&workload=...) keeps its filters on the way to the first page.
        st.switch_page(first, query_params={k: st.query_params.get_all(k) for k in st.query_params})

    return [st.Page(start, title=PAGES[0].title, url_path="start", default=True, visibility="hidden"), *pages]
