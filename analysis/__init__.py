"""Waypoint's engine: storage, importers and analytics. Never imports Streamlit."""

__version__ = "0.1.0"
