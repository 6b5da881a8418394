"""The web server `netra up` runs: the Streamlit app (app.py) plus the route that sets the sign-in cookie HttpOnly.

`streamlit run netra_app/server.py` finds `app` and serves it with uvicorn (Streamlit's ASGI mode). The module-level
`app` is what that discovery requires; building it reads no settings and opens nothing.
"""

from pathlib import Path

import streamlit as st
from starlette.routing import Route

from netra_app.session_cookie import ROUTE, session_cookie_route

app = st.App(
    Path(__file__).resolve().parents[1] / "app.py", routes=[Route(ROUTE, session_cookie_route, methods=["GET"])]
)
