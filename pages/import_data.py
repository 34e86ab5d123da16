"""Import: upload exports, check the column mapping, import with progress, see what happened."""

import tempfile
from pathlib import Path

import streamlit as st

from analysis.ingest.detect import KINDS
from ui import actions, columns, data, frame, importing
from ui.feedback import md, user_errors

MAX_MB = 200
KIND_LABELS = {
    None: "Detect automatically",
    "postings": "Job postings",
    "contacts": "Contacts",
    "profile": "Profile (skills, positions, preferences)",
    "interactions": "LinkedIn messages / invitations",
    "linkedin-archive": "Whole LinkedIn export (ZIP)",
}

TAXONOMY_KINDS = {"custom": "Custom CSV", "esco": "ESCO skills", "onet": "O*NET Technology Skills"}

frame.ensure()  # a deep link on a fresh server: rerun inside app.py
st.title("Import")
st.caption(
    "Add job postings (CSV, TSV, Excel, JSON, JSON Lines, Parquet, python-jobspy output), "
    "contacts (LinkedIn Connections.csv, Google or Outlook CSV, vCard), your profile, or a "
    "whole LinkedIn data export ZIP. Imports are all-or-nothing and re-importing a file adds "
    "nothing twice."
)
if data.current_choice() == data.DEMO:
    # A newcomer starts on the demo: their own exports belong in their own workspace, not
    # among an invented person's data.
    st.warning("You are on the **demo workspace**: what you import here is mixed with its "
               "invented data. Import your own exports into **My workspace** "
               f"(`{data.workspace_choices()[data.OWN]}`).")  # fmt: skip
    st.button("Switch to My workspace", on_click=data.choose, args=(data.OWN,), type="primary")
else:
    st.info(f"Importing into **{data.current_choice()}**.")

uploads = st.file_uploader("Files", accept_multiple_files=True)
kind = st.selectbox("What the files hold", [None, *KINDS], format_func=KIND_LABELS.get)

for upload in uploads or []:  # each file its own panel: one bad file hides no other
    if upload.size > MAX_MB * 1024 * 1024:
        st.error(f"{md(upload.name)} is {upload.size / 2**20:.0f} MB; the limit here is {MAX_MB} "
                 "MB. Import it with `python -m analysis import` instead.")  # fmt: skip
        continue
    # The importers read a path; the copy lives for this run only. Every rerun writes it
    # again, and an export of someone's contacts must not pile up in the temp folder.
    with tempfile.TemporaryDirectory(prefix="waypoint-upload-") as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        importing.upload_panel(path, upload.name, kind, upload.file_id)

st.subheader("Paste a job description")
with st.form("paste", clear_on_submit=True):
    text = st.text_area("Job description", height=160, placeholder="Paste the whole posting…")
    title = st.text_input("Title (optional; first line otherwise)")
    company = st.text_input("Company (optional)")
    if st.form_submit_button("Add posting"):
        if not text.strip():
            st.warning("Paste a job description first.")
        else:
            with user_errors():
                report = importing.import_pasted(text, title or None, company or None)
                st.success(md(report.summary()))

st.subheader("Your own skills taxonomy")
st.caption("Waypoint finds skills with its built-in taxonomy. Add a coach's list or an official "
           "one: an ESCO skills CSV, O*NET `Technology Skills.csv` (its Hot Technology and In "
           "Demand flags are kept), or a CSV with the columns skill_id, name, category, "
           "aliases. Every posting is then read again.")  # fmt: skip
with st.form("taxonomy", clear_on_submit=True):
    taxonomy_file = st.file_uploader("Taxonomy CSV", type=["csv"])
    taxonomy_kind = st.radio("Its kind", list(TAXONOMY_KINDS), format_func=TAXONOMY_KINDS.get,
                             horizontal=True)  # fmt: skip
    if st.form_submit_button("Import taxonomy") and taxonomy_file is not None:
        with user_errors(), tempfile.TemporaryDirectory(prefix="waypoint-upload-") as folder:
            path = Path(folder) / Path(taxonomy_file.name).name
            path.write_bytes(taxonomy_file.getvalue())
            with st.spinner("Importing the taxonomy and finding its skills in every posting..."):
                result = actions.import_taxonomy(path, taxonomy_kind)
            st.success(md(result.summary()))

st.subheader("Import history")
with user_errors():
    history = data.status()["imports"]
    if history:
        columns.table(columns.import_history(history), columns.IMPORT_HISTORY, width="stretch")
    else:
        st.caption("Nothing imported yet.")
