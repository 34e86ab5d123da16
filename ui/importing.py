"""Import page widgets: preview and mapping, progress, results with downloadable rejections."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.errors import WaypointError
from analysis.ingest.common import ROW_CONTENT_LIMIT, ImportReport, rejected_rows_frame
from analysis.ingest.detect import guess_kind
from analysis.ingest.dispatch import REFRESH_STEPS, refresh_skills
from analysis.ingest.postings import FIELDS
from ui import data
from ui.feedback import md, user_errors

NOT_MAPPED = "— not mapped —"


def upload_panel(path: Path, name: str, kind: str | None, upload_id: str) -> None:
    """One uploaded file's panel: its kind, the postings column mapping, the Import button and
    the results, with any error shown inside it. ``upload_id`` (the upload's file_id) keys the
    widgets: two files of one name (two Connections.csv) each get their own."""
    problem = None
    if kind is None:
        try:
            with open(path, "rb") as fh:
                kind = guess_kind(name, fh.read(8192))
        except WaypointError as exc:  # a LinkedIn file Waypoint does not use
            problem = exc
    with st.expander(f"{md(name)} — {kind or 'not imported'}", expanded=True), user_errors():
        if problem:
            raise problem
        mapping = _postings_mapping(path, name, upload_id) if kind == "postings" else None
        if st.button(f"Import {md(name)}", key=f"import-{upload_id}"):
            _run_import(path, name, kind, mapping)


def _postings_mapping(path: Path, name: str, upload_id: str) -> dict[str, str] | None:
    from analysis.ingest.postings import preview_postings

    fmt, columns, detected, head = preview_postings(path, file_name=name)
    st.caption(f"Detected format: **{fmt}**. First rows:")
    st.dataframe(head, hide_index=True, width="stretch")
    if not columns:
        return None
    st.caption("Column mapping (fix it if a field was not recognised):")
    cols = st.columns(4)
    mapping = {}
    options = [NOT_MAPPED, *columns]
    for i, field in enumerate(FIELDS):
        current = detected.get(field)
        chosen = cols[i % 4].selectbox(
            field.replace("_", " "), options, index=options.index(current) if current else 0,
            key=f"map-{upload_id}-{field}",
        )  # fmt: skip
        if chosen != NOT_MAPPED:
            mapping[field] = chosen
    return mapping


def _run_import(path: Path, name: str, kind: str, mapping: dict | None) -> None:
    from analysis.ingest.dispatch import import_file

    bar = st.progress(0.0, text=f"Importing {name}…")

    def progress(done: int, total: int | None) -> None:
        fraction = min(done / total, 1.0) if total else 0.5
        bar.progress(fraction, text=f"Importing {name}: {done:,} rows")

    with data.writing() as con:
        outcome = import_file(con, path, kind, file_name=name, mapping=mapping, progress=progress)
        refresh_with_progress(con, bar)
    bar.progress(1.0, text="Done")
    for report in outcome.reports:
        show_report(report)
    if outcome.skipped:
        st.caption("Not used by Waypoint: " + md(", ".join(outcome.skipped)))


def refresh_with_progress(con, bar) -> None:
    """`refresh_skills` with each step's progress on `bar` (a `st.progress`)."""

    def progress(step: str, done: int, total: int | None) -> None:
        fraction = min(done / total, 1.0) if total else 0.0
        of = f" of {total:,}" if total else ""
        bar.progress(fraction, text=f"{REFRESH_STEPS[step]}: {done:,}{of}")

    refresh_skills(con, progress)


def show_report(report: ImportReport) -> None:
    st.success(md(report.summary()))
    for note in report.notes:
        st.caption(md(note))
    if report.rejections:
        frame = pd.DataFrame(
            [{"line": r.line, "column": r.column, "reason": r.reason} for r in report.rejections]
        )
        st.warning(f"{report.rows_rejected} rows rejected:")
        st.dataframe(frame.head(50), hide_index=True, width="stretch")
        if report.rows_rejected > ROW_CONTENT_LIMIT:
            st.caption(f"The download holds the content of the first {ROW_CONTENT_LIMIT:,} "
                       "rejected rows; the others have their line and reason only.")  # fmt: skip
        # Each row's own columns follow, for the user to fix them and import the file again.
        rows = rejected_rows_frame(report.rejections)
        st.download_button(
            "Download rejected rows (CSV)", rows.to_csv(index=False),
            file_name=f"{Path(report.file_name).stem}-rejected.csv", mime="text/csv",
            key=f"rej-{report.import_id}", on_click="ignore",  # a rerun would wipe these results
        )  # fmt: skip


def import_pasted(text: str, title: str | None, company: str | None) -> ImportReport:
    from analysis.ingest.postings import import_posting_text

    with data.writing() as con:
        report = import_posting_text(con, text, title=title, company=company)
        refresh_skills(con)
    return report
