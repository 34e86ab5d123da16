"""Waypoint dashboard: the frame. Navigation over the pages and the workspace picker."""

import streamlit as st

from ui import data, frame, stale_skills, workspace_picker

st.set_page_config(page_title="Waypoint", page_icon="🧭", layout="wide")
# Rows of headline numbers, and of charts, wrap where they would not fit side by side ("98…",
# clipped bar labels at 800 px with the sidebar open); Streamlit stacks columns only below
# 640 px.
st.html("""<style>
div[data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]),
div[data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"]) {
  flex-wrap: wrap; row-gap: 0.5rem; }
div[data-testid="stHorizontalBlock"]:has([data-testid="stMetric"])
  > div[data-testid="stColumn"] { min-width: 10.5rem; }
div[data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"])
  > div[data-testid="stColumn"] { min-width: 20rem; }
div[data-testid="stMetricValue"] { font-size: clamp(1.5rem, 2.2vw, 2.25rem); }
</style>""")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/explore:", default=True),
    st.Page("pages/import_data.py", title="Import", icon=":material/upload_file:"),
    st.Page("pages/market.py", title="Market", icon=":material/trending_up:"),
    st.Page("pages/my_skills.py", title="My skills", icon=":material/psychology:"),
    st.Page("pages/network.py", title="Network", icon=":material/groups:"),
    st.Page("pages/plan.py", title="Plan", icon=":material/flag:"),
    st.Page("pages/report.py", title="Report", icon=":material/description:"),
]

# The page list first: on a first start the demo takes half a minute to build, and the sidebar
# shows our navigation meanwhile, not Streamlit's list of files in pages/.
navigation = st.navigation(PAGES)
data.current_path()  # builds the demo when it is the workspace; its spinner in the main area

with st.sidebar:
    st.markdown("### Waypoint")
    workspace_picker.show()
    stale_skills.show()

frame.mark()  # pages check it: see ui/frame.py
navigation.run()
