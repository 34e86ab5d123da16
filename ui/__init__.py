"""Streamlit-side helpers: the one place for caching, workspace choice and formatting."""
