"""Overview: what this workspace holds and what Waypoint answers from it."""

import streamlit as st

from ui import data
from ui.feedback import fmt_count, user_errors

st.title("Overview")
st.caption(
    "Waypoint reads your own exports — job postings, contacts, your profile — and shows what "
    "the market asks for, which of your skills are fading, whether your network is ready, "
    "and how long your savings would last."
)

with user_errors():
    status = data.status()
    counts = status["counts"]
    if not any(counts[t] for t in ("postings", "contacts", "profile_skills")):
        st.info(
            "This workspace is empty. Go to **Import** and add job postings (CSV, Excel, JSON, "
            "python-jobspy exports), your LinkedIn data export ZIP, or contacts (vCard, Google, "
            "Outlook)."
        )
    cols = st.columns(4)
    cols[0].metric("Job postings", fmt_count(counts["postings"]))
    cols[1].metric("Contacts", fmt_count(counts["contacts"]))
    cols[2].metric("Interactions", fmt_count(counts["interactions"]))
    cols[3].metric("Your skills", fmt_count(counts["profile_skills"]))
    low, high = status["postings_date_range"]
    if low:
        st.caption(f"Postings dated {low} to {high}.")
    st.subheader("Imports")
    if status["imports"]:
        st.dataframe(
            [
                {
                    "File": i["file_name"],
                    "Kind": i["kind"],
                    "Added": i["rows_added"],
                    "Duplicates": i["rows_duplicate"],
                    "Rejected": i["rows_rejected"],
                    "When": i["started_at"][:16],
                }
                for i in reversed(status["imports"])
            ],
            hide_index=True,
            use_container_width=True,
        )
    else:
        st.caption("No imports yet.")
