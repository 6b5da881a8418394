"""Notebook reports: their data, rendering with papermill, and schedules."""
