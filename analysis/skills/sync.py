"""The bridge between the taxonomy / extractor and the workspace.

- `active_taxonomy` is the built-in taxonomy merged with the user's additions (custom skills,
  ESCO, O*NET), which live in `user_skills` / `user_skill_aliases`;
- `sync_taxonomy` writes that merged taxonomy to `skills` / `skill_aliases`;
- `extract_pending` finds skills in every posting the current extractor has not seen yet
  (`extracted_postings` records the extractor version per posting, so a taxonomy or rules change
  makes every posting pending again), in a process pool for large backlogs, then brings the
  market tables (analysis.market_tables) up to date;
- analysis.skills.additions adds the user's own skills and external taxonomies to it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.market_tables import (
    META_AGGREGATES,
    aggregates_fresh,
    data_signature,
    only_appended,
    refresh_aggregates,
    update_aggregates,
)
from analysis.pool import map_in_order
from analysis.skills.asked import ASKED, WEIGHTS_PATH, load_asked_model
from analysis.skills.batch import extract_counts
from analysis.skills.external import PUBLISHED, matchable, written_acronym
from analysis.skills.extractor import Extractor, extractor_version
from analysis.skills.normalise import match_key
from analysis.skills.rules import RULES_PATH, ContextRule, load_context_rules
from analysis.skills.scope import counts_asked
from analysis.skills.skill_list import map_skill_list
from analysis.skills.taxonomy import (
    BUILTIN_FOLDER,
    Skill,
    Taxonomy,
    load_builtin_taxonomy,
    merge,
)
from analysis.store import Connection, get_meta, set_meta, transaction

Progress = Callable[[int, int | None], None]

POOL_THRESHOLD = 20_000  # pending postings from which extraction uses a process pool
BATCH_POSTINGS = 5_000  # postings per extraction batch (and per write transaction)
MENTION_COLUMNS = ["posting_id", "skill_id", "mentions"]
META_TAXONOMY = "taxonomy_version"

# --------------------------------------------------------------------------- taxonomy

_cache_lock = threading.Lock()
_builtin_cache: dict[tuple, Taxonomy] = {}
_extractor_cache: dict[tuple, Extractor] = {}
_rules_cache: dict[tuple, dict[str, ContextRule]] = {}


def _files_stamp(paths: Iterable[Path]) -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(paths))


def builtin_taxonomy() -> Taxonomy:
    """`load_builtin_taxonomy()`, re-read only when a file in data/taxonomy/ changes."""
    key = _files_stamp(BUILTIN_FOLDER.glob("*.csv"))
    with _cache_lock:
        if key not in _builtin_cache:
            _builtin_cache.clear()
            _builtin_cache[key] = load_builtin_taxonomy()
        return _builtin_cache[key]


def _rules_stamp() -> tuple:
    return _files_stamp([p for p in (RULES_PATH, WEIGHTS_PATH) if p.exists()])


def _context_rules(taxonomy: Taxonomy, asked: bool = False) -> dict[str, ContextRule]:
    """The rules file's rules (re-read only when it changes) and `imported_case_rules`; with
    `asked`, the asked-of-the-candidate model too (skill scope "asked": analysis.skills.asked)."""
    key = _rules_stamp()
    with _cache_lock:
        if key not in _rules_cache:
            _rules_cache.clear()
            _rules_cache[key] = {**load_context_rules(), ASKED: load_asked_model()}
        rules = dict(_rules_cache[key])
    model = rules.pop(ASKED)
    return {**imported_case_rules(taxonomy, rules), **rules, **({ASKED: model} if asked else {})}


def extractor_for(taxonomy: Taxonomy, asked: bool = False) -> Extractor:
    """A compiled `Extractor` for `taxonomy` (cached by taxonomy version, rules files and
    scope), with the context rules file and `imported_case_rules`; with `asked`, it counts only
    what postings ask of the candidate."""
    key = (taxonomy.version, _rules_stamp(), asked)
    with _cache_lock:
        cached = _extractor_cache.get(key)
    if cached is not None:
        return cached
    extractor = Extractor(taxonomy, _context_rules(taxonomy, asked))
    with _cache_lock:
        if len(_extractor_cache) >= 4:
            _extractor_cache.pop(next(iter(_extractor_cache)))
        return _extractor_cache.setdefault(key, extractor)


def imported_case_rules(
    taxonomy: Taxonomy, rules: dict[str, ContextRule]
) -> dict[str, ContextRule]:
    """A rule to match as written for each imported acronym that reads as a word ("CALL",
    "DICOM": external.written_acronym), unless the rules file has one for its match key (then
    the built-in's rule decides: ESCO's "R" is our R)."""
    imported = {s.skill_id for s in taxonomy if s.origin != "builtin"}
    forms: dict[str, set[str]] = {}
    for form, skill_id, _ in taxonomy.surface_forms():
        if skill_id in imported and written_acronym(form) and match_key(form) not in rules:
            forms.setdefault(match_key(form), set()).add(form)
    return {key: ContextRule(require_case=frozenset(written)) for key, written in forms.items()}


def user_taxonomy(con: Connection) -> Taxonomy:
    """The user's additions (origin esco / onet / custom) as stored in the workspace."""
    skills = [
        Skill(skill_id, name, category, origin, external_id)
        for skill_id, name, category, origin, external_id in con.execute(
            "SELECT skill_id, name, category, origin, external_id FROM user_skills ORDER BY skill_id"
        ).fetchall()
    ]
    aliases = con.execute(
        "SELECT alias, skill_id FROM user_skill_aliases ORDER BY skill_id, alias"
    ).fetchall()
    return Taxonomy(skills, aliases)


def active_taxonomy(con: Connection) -> Taxonomy:
    """The built-in taxonomy merged with the user's custom / ESCO / O*NET skills.

    ESCO and O*NET skills are stored as their files give them and made matchable here
    (`external.matchable`), so a workspace imported before a form was found unsafe, or before
    the ordinary words list grew, counts it no more once its postings are read again."""
    extra = user_taxonomy(con)
    base = builtin_taxonomy()
    return merge(base, matchable(extra, base, PUBLISHED)) if len(extra) else base


def sync_taxonomy(con: Connection, taxonomy: Taxonomy) -> bool:
    """Write `taxonomy` to skills / skill_aliases unless that version is already there.

    Stores the version in workspace_meta `taxonomy_version`; returns True when it changed.
    O*NET signals are re-pointed at the new skill ids.
    """
    if get_meta(con, META_TAXONOMY) == taxonomy.version:
        return False
    skills = taxonomy.skills_frame()
    aliases = taxonomy.aliases_frame()[["skill_id", "alias"]]
    with transaction(con):
        con.execute("DELETE FROM skill_aliases")
        con.execute("DELETE FROM skills")
        insert_frame(con, "skills", skills)
        insert_frame(con, "skill_aliases", aliases)
        _resolve_signals(con, taxonomy)
        set_meta(con, META_TAXONOMY, taxonomy.version)
    return True


def insert_frame(con: Connection, table: str, frame: pd.DataFrame) -> None:
    """INSERT the frame's columns (by name) into one of our tables (names are constants)."""
    if frame.empty:
        return
    view = f"_wp_insert_{table}"
    con.register(view, frame)
    try:
        columns = ", ".join(frame.columns)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {view}")
    finally:
        con.unregister(view)


def _resolve_signals(con: Connection, taxonomy: Taxonomy) -> None:
    """Point every stored O*NET signal at the skill its name stands for in `taxonomy`."""
    names = con.execute("SELECT DISTINCT external_name FROM external_signals").fetchall()
    if not names:
        return
    mapping = pd.DataFrame(
        [(name, taxonomy.lookup(name) or "") for (name,) in names],
        columns=["external_name", "skill_id"],
    )
    con.register("_wp_signal_ids", mapping)
    try:
        con.execute(
            "UPDATE external_signals SET skill_id = m.skill_id FROM _wp_signal_ids m "
            "WHERE external_signals.external_name = m.external_name"
        )
    finally:
        con.unregister("_wp_signal_ids")


# --------------------------------------------------------------------------- extraction


def posting_text(title: object, description: object) -> str | None:
    """The text skills are found in: the title, a newline, then the description.

    `skill_evidence` uses the same text, so evidence offsets point into it.
    """
    parts = [t for t in (title, description) if isinstance(t, str) and t]
    return "\n".join(parts) if parts else None


def extract_batch(extractor: Extractor, batch: pd.DataFrame) -> pd.DataFrame:
    """Skill mentions for a batch of postings; pure, so it runs in a worker process.

    `batch` has columns posting_id, title, description, skills_list and, optionally, company
    (the employer, whose own name is not counted). A skill named in the posting's skills list
    counts as one more mention. Returns columns posting_id, skill_id, mentions (int64), one row
    per (posting, skill), sorted.
    """
    ids = batch["posting_id"].astype(str).tolist()
    texts = [posting_text(t, d) for t, d in zip(batch["title"], batch["description"], strict=True)]
    employers = batch["company"].tolist() if "company" in batch else None
    counts = extract_counts(extractor, texts, ids, employers).rename(columns={"count": "mentions"})
    listed = [
        (posting_id, skill_id, 1)
        for posting_id, text in zip(ids, batch["skills_list"], strict=True)
        if isinstance(text, str) and text.strip()
        for skill_id in map_skill_list(extractor.taxonomy, text, extractor)
    ]
    if listed:
        extra = pd.DataFrame(listed, columns=MENTION_COLUMNS)
        counts = pd.concat([counts, extra], ignore_index=True)
        counts = counts.groupby(["posting_id", "skill_id"], as_index=False, sort=True)[
            "mentions"
        ].sum()
    counts["mentions"] = counts["mentions"].astype("int64")
    return counts[MENTION_COLUMNS].reset_index(drop=True)


_worker_extractor: Extractor | None = None


def _init_worker(extractor: Extractor) -> None:
    global _worker_extractor
    _worker_extractor = extractor


def _extract_in_worker(batch: pd.DataFrame) -> pd.DataFrame:
    assert _worker_extractor is not None, "worker not initialised"
    return extract_batch(_worker_extractor, batch)


def extraction_version(taxonomy: Taxonomy, asked: bool = False) -> str:
    """The version stored per posting in extracted_postings: taxonomy, context rules and skill
    scope. Computed without compiling an extractor, so checking a workspace is quick."""
    return extractor_version(taxonomy, _context_rules(taxonomy, asked))


def pending_count(con: Connection, taxonomy: Taxonomy | None = None) -> int:
    """Postings the current extractor has not processed (0 at once for a workspace without
    postings: no taxonomy is loaded then)."""
    if not con.execute("SELECT count(*) FROM (SELECT 1 FROM postings LIMIT 1)").fetchone()[0]:
        return 0
    version = extraction_version(taxonomy or active_taxonomy(con), counts_asked(con))
    return int(
        con.execute(
            "SELECT count(*) FROM postings p WHERE NOT EXISTS (SELECT 1 FROM extracted_postings e "
            "WHERE e.posting_id = p.posting_id AND e.taxonomy_version = ?)",
            [version],
        ).fetchone()[0]
    )


def _chunks(rids: np.ndarray, size: int) -> Iterator[slice]:
    """Runs of sorted pending rowids, at most `size` long and spanning at most 4 × size
    rowids, so each batch reads one narrow rowid range of the postings table."""
    start, n = 0, len(rids)
    while start < n:
        stop = min(start + size, n)
        stop = start + max(1, int(np.searchsorted(rids[start:stop], rids[start] + 4 * size)))
        yield slice(start, stop)
        start = stop


def _read_batch(con: Connection, rids: np.ndarray, ids: np.ndarray) -> pd.DataFrame:
    """The postings `ids`, found by their rowid range (rowids only narrow the scan: the ids
    decide, so a posting is never read twice)."""
    frame = con.execute(
        "SELECT posting_id, title, company, description, skills_list FROM postings "
        "WHERE rowid BETWEEN ? AND ?",
        [int(rids[0]), int(rids[-1])],
    ).df()
    return frame[frame["posting_id"].isin(ids)].reset_index(drop=True)


def _write_batch(con: Connection, ids: list[str], counts: pd.DataFrame, version: str) -> None:
    """posting_skills rows and extracted_postings marks for one batch, in one transaction."""
    marks = pd.DataFrame({"posting_id": pd.Series(ids, dtype="str")})
    with transaction(con):
        insert_frame(con, "posting_skills", counts[MENTION_COLUMNS])
        con.register("_wp_marks", marks)
        try:
            con.execute(
                "INSERT INTO extracted_postings SELECT posting_id, ? FROM _wp_marks "
                "ON CONFLICT (posting_id) DO UPDATE SET taxonomy_version = excluded.taxonomy_version",
                [version],
            )
        finally:
            con.unregister("_wp_marks")


def extract_pending(
    con: Connection,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_POSTINGS,
) -> int:
    """Find skills in every pending posting; returns how many postings were processed.

    Pending: no extracted_postings row for the current extractor version (taxonomy + context
    rules), so a taxonomy change re-extracts every posting and a second run processes none.
    The skill rows of pending postings are cleared first (one transaction), then each batch
    writes its posting_skills rows and marks in one transaction: an interrupted run resumes
    where it stopped. Backlogs of POOL_THRESHOLD postings or more are spread over `workers`
    processes (default: every core); smaller ones run in-process. Afterwards the market tables
    are brought up to date: incrementally when they were current before and at most half the
    postings changed, else rebuilt. `progress(done, total)` is called after each batch.
    """
    taxonomy = active_taxonomy(con)
    sync_taxonomy(con, taxonomy)
    extractor = extractor_for(taxonomy, counts_asked(con))
    version = extractor.version
    incremental = only_appended(get_meta(con, META_AGGREGATES), data_signature(con))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _wp_pending AS SELECT p.rowid AS rid, p.posting_id "
        "FROM postings p WHERE NOT EXISTS (SELECT 1 FROM extracted_postings e "
        "WHERE e.posting_id = p.posting_id AND e.taxonomy_version = ?)",
        [version],
    )
    try:
        pending = con.execute("SELECT rid, posting_id FROM _wp_pending ORDER BY rid").fetchnumpy()
        rids, ids = np.asarray(pending["rid"]), np.asarray(pending["posting_id"], dtype=object)
        total = len(rids)
        if total:
            with transaction(con):
                con.execute(
                    "DELETE FROM posting_skills WHERE posting_id IN (SELECT posting_id FROM _wp_pending)"
                )
        if progress:
            progress(0, total)
        workers = workers or os.cpu_count() or 1
        done = 0
        batches = (_read_batch(con, rids[part], ids[part]) for part in _chunks(rids, batch_size))
        if total >= POOL_THRESHOLD and workers > 1:
            results = _pooled(batches, extractor, workers)
        else:
            results = ((batch, extract_batch(extractor, batch)) for batch in batches)
        for batch, counts in results:
            _write_batch(con, batch["posting_id"].tolist(), counts, version)
            done += len(batch)
            if progress:
                progress(done, total)
        n_postings = con.execute("SELECT count(*) FROM postings").fetchone()[0]
        if incremental and 0 < total <= n_postings // 2:
            update_aggregates(con, "_wp_pending")
        elif total or not aggregates_fresh(con):
            refresh_aggregates(con)
    finally:
        con.execute("DROP TABLE IF EXISTS temp._wp_pending")
    return done


def _pooled(
    batches: Iterator[pd.DataFrame], extractor: Extractor, workers: int
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """(batch, counts) in batch order, computed by a process pool with a bounded queue."""
    yield from map_in_order(
        _extract_in_worker, batches, workers, initializer=_init_worker, initargs=(extractor,)
    )
