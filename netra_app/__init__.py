"""Streamlit-side helpers (auth gate, cached resources, navigation). Only pages and app.py import this."""
