"""Netra's web app: the frame only — login gate, role-aware navigation, then the chosen page."""

import streamlit as st

from netra_app.auth import require_login
from netra_app.navigation import build_pages
from netra_app.resources import app_sessions, app_settings
from netra_core.errors import NetraError

st.set_page_config(page_title="Netra", page_icon="📉", layout="wide")

try:
    settings = app_settings()
    user = require_login(settings, app_sessions(settings))
except NetraError as exc:
    st.error(str(exc))
    st.stop()

if user is None:
    # Register every page (hidden) so a deep link finds its page instead of "Page not found",
    # but run none of them: the sign-in form above stands in their place.
    st.navigation(build_pages(None), position="hidden")
    st.stop()

st.navigation(build_pages(user.role), position="sidebar").run()
