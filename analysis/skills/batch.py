"""Skill mentions counted per posting for a batch of postings, as imports store them.

`extract_counts` runs unchanged in a process pool or inside Spark's mapInPandas; `extract_frame`
is the same over a DataFrame's columns.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.skills.extractor import Extractor

COUNT_COLUMNS = ["posting_id", "skill_id", "count"]


def extract_counts(
    extractor: Extractor,
    texts: Iterable[str | None],
    ids: Iterable,
    employers: Iterable[str | None] | None = None,
) -> pd.DataFrame:
    """Mentions per (posting, skill), sorted by posting_id then skill_id; no row for zero.

    Columns: posting_id (str), skill_id (str), count (int64). A pure function of its inputs
    (the extractor's only mutable state is a cache of employer keys, which never changes a
    result), so it runs unchanged in a process pool or inside Spark's mapInPandas. Missing
    texts (None, NaN) have no mentions. An id given twice keeps its postings apart: their rows
    interleave by skill_id, in input order. `employers`, one per text (the posting's company,
    or None), leaves out each posting's own employer's name (`Extractor.mentions`).
    """
    # Counting and sorting run in numpy, over one integer key per mention, (posting_id rank,
    # skill rank, position in the batch): a Counter and a sort per posting in Python cost a
    # tenth of the extraction itself, Arrow's group_by on strings still 7%.
    ranks: list[int] = []
    owners: list[int] = []  # per mention: which posting of `posting_ids` it belongs to
    posting_ids: list[str] = []
    texts = list(texts)
    employers = [None] * len(texts) if employers is None else list(employers)
    for posting_id, text, employer in zip(ids, texts, employers, strict=True):
        if not isinstance(text, str) or not text:
            continue
        found = extractor._skill_ranks(text, employer if isinstance(employer, str) else None)
        if found:
            owners += [len(posting_ids)] * len(found)
            posting_ids.append(str(posting_id))
            ranks += found
    if not ranks:
        return pd.DataFrame(
            {
                "posting_id": pd.array([], dtype="str"),
                "skill_id": pd.array([], dtype="str"),
                "count": pd.array([], dtype="int64"),
            }
        )
    n_postings, n_skills = len(posting_ids), len(extractor._sorted_skill_ids)
    id_rank, _ = pd.factorize(np.array(posting_ids, dtype=object), sort=True)
    if (int(id_rank.max()) + 1) * n_skills * n_postings >= 2**63:  # keys must fit in int64
        raise ValueError("batch too large for extract_counts' integer keys")
    owner = np.array(owners, dtype=np.int64)
    key = (id_rank[owner].astype(np.int64) * n_skills + np.array(ranks, np.int64)) * n_postings
    keys, counts = np.unique(key + owner, return_counts=True)  # sorted: by id, skill, position
    position = keys % n_postings
    return pd.DataFrame(
        {
            "posting_id": pd.array(np.array(posting_ids, dtype=object)[position], dtype="str"),
            "skill_id": pd.array(
                np.array(extractor._sorted_skill_ids, dtype=object)[keys // n_postings % n_skills],
                dtype="str",
            ),
            "count": counts.astype("int64"),
        }
    )


def extract_frame(
    extractor: Extractor,
    df: pd.DataFrame,
    id_col: str = "posting_id",
    text_col: str = "description",
    employer_col: str | None = "company",
) -> pd.DataFrame:
    """`extract_counts` over columns of `df` (the employer's only where `df` has that column).
    Columns: posting_id, skill_id, count.

    Shaped for Spark: `df.mapInPandas(lambda frames: (extract_frame(ex, f) for f in frames),
    "posting_id string, skill_id string, count long")`.
    """
    employers = df[employer_col].tolist() if employer_col and employer_col in df else None
    return extract_counts(extractor, df[text_col].tolist(), df[id_col].tolist(), employers)
