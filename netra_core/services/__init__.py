"""One function per use case, called by every front door (CLI, pages, the assistant's tools, notebooks).

Each front door keeps only its argument parsing and its rendering; the defaults and the steps live here.
"""
