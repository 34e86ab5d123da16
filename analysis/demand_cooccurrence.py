"""Which skills appear together: co-occurrence with one skill, adjacency to a set of skills.

For skills a and b in the N filtered postings, with n_a, n_b postings mentioning each and
n_ab mentioning both: P(b | a) = n_ab / n_a and lift = P(b | a) / P(b) = n_ab * N / (n_a * n_b)
(1 = independent, above 1 = they go together).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.demand_counts import filtered_links, posting_total, with_skill_info
from analysis.market_filter import MarketFilter
from analysis.store import Connection

# "Most specific" ranks only skills in at least this share of the chosen skill's postings: a
# skill met twice with it has a high lift and says nothing.
MIN_SHARE_FOR_LIFT = 0.05
COOCCURRENCE_COLUMNS = ["skill_id", "name", "category", "both", "postings", "p_given_skill", "lift"]
ADJACENCY_COLUMNS = [
    "skill_id", "name", "category", "postings", "both_any", "p_given_set",
    "max_lift", "mean_lift", "max_p", "top_with", "top_with_names",
]  # fmt: skip


def cooccurrence(
    con: Connection,
    f: MarketFilter,
    skill_id: str,
    n: int = 20,
    by: str = "both",
    min_share: float = MIN_SHARE_FOR_LIFT,
    min_both: int = 5,
) -> pd.DataFrame:
    """The `n` skills most often mentioned together with `skill_id` in the filtered postings,
    or with ``by="lift"`` the `n` most specific to it: those whose share of its postings is
    furthest above their share of all postings, among the skills in at least `min_share` of
    its postings and in `min_both` postings. Most often, "Communication" and "Excel" go with
    everything; most specific, SQL's companions are query optimization and ETL.

    Columns: skill_id, name, category, both (postings mentioning both), postings (mentioning
    the other skill), p_given_skill (P(other | skill)), lift. Sorted by both (or lift), then the
    other, then skill_id. Empty when no filtered posting mentions `skill_id`.
    """
    if by not in ("both", "lift"):
        raise ValueError(f"by must be 'both' or 'lift', not {by!r}")
    with filtered_links(con, f) as links:
        both = con.execute(
            "SELECT skill_id, count(*) FILTER (WHERE pid IN "
            f"(SELECT pid FROM {links} WHERE skill_id = ?))::BIGINT AS both, "
            f"count(*)::BIGINT AS postings FROM {links} GROUP BY skill_id",
            [skill_id],
        ).df()
    counts = both.set_index("skill_id")["postings"]
    n_skill = int(counts.get(skill_id, 0))
    both = both[(both["skill_id"] != skill_id) & (both["both"] > 0)]
    if both.empty or n_skill == 0:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in COOCCURRENCE_COLUMNS})
    total = posting_total(con, f)
    both = both.astype({"both": "int64", "postings": "int64"})
    both["p_given_skill"] = both["both"] / n_skill
    both["lift"] = both["both"] * total / (n_skill * both["postings"])
    if by == "lift":
        both = both[both["both"] >= max(min_both, math.ceil(min_share * n_skill))]
    order = ["both", "lift"] if by == "both" else ["lift", "both"]
    frame = both.sort_values(
        [*order, "skill_id"], ascending=[False, False, True], ignore_index=True
    ).head(n)
    return with_skill_info(con, frame)[COOCCURRENCE_COLUMNS]


def adjacency(
    con: Connection,
    f: MarketFilter,
    skill_ids,
    candidate_ids=None,
) -> pd.DataFrame:
    """How close each candidate skill is to a set of skills (e.g. the user's own).

    `candidate_ids` defaults to every skill in the filtered market outside the set.
    Columns: skill_id, name, category, postings (mentioning the candidate), both_any (postings
    mentioning the candidate and any set skill), p_given_set (both_any / postings mentioning
    any set skill), max_lift and mean_lift (over the set skills present in the market; 0 for
    a pair never seen together), max_p (the largest P(candidate | set skill)), top_with (the
    set skill with the highest lift, "" when none co-occurs), top_with_names (up to three set
    skills with lift above 1, by lift, ", "-joined: "co-occurs with your SQL, Tableau").
    Sorted by p_given_set, then max_lift, then skill_id.
    """
    the_set = sorted(set(skill_ids))
    total = posting_total(con, f)
    with filtered_links(con, f) as links:
        counts = con.execute(
            f"SELECT skill_id, count(*)::BIGINT AS postings FROM {links} GROUP BY skill_id"
        ).df()
        counts = counts.set_index("skill_id")["postings"]
        present = [s for s in the_set if counts.get(s, 0) > 0]
        if candidate_ids is None:
            candidates = sorted(set(counts.index) - set(the_set))
        else:
            candidates = sorted(set(candidate_ids))
        if not candidates:
            return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in ADJACENCY_COLUMNS})
        pairs = pd.DataFrame(columns=["skill_id", "s", "both"])
        any_set = pd.DataFrame(columns=["skill_id", "both_any"])
        n_any = 0
        if present:
            marks = ", ".join("?" for _ in present)
            in_set = f"(SELECT pid, skill_id AS s FROM {links} WHERE skill_id IN ({marks}))"
            pairs = con.execute(
                f"SELECT l.skill_id, s.s, count(*)::BIGINT AS both FROM {links} l "
                f"JOIN {in_set} s USING (pid) WHERE l.skill_id <> s.s GROUP BY 1, 2",
                present,
            ).df()
            any_set = con.execute(
                f"SELECT skill_id, count(*)::BIGINT AS both_any FROM {links} "
                f"WHERE pid IN (SELECT pid FROM {in_set}) GROUP BY 1",
                present,
            ).df()
            n_any = int(
                con.execute(f"SELECT count(DISTINCT pid) FROM {in_set}", present).fetchone()[0]
            )
    n_c = counts.reindex(candidates).fillna(0).to_numpy(dtype=float)
    n_s = counts.reindex(present).to_numpy(dtype=float)
    grid = np.zeros((len(candidates), len(present)))
    if len(pairs):
        c_pos = pd.Series(np.arange(len(candidates)), index=candidates)
        s_pos = pd.Series(np.arange(len(present)), index=present)
        pairs = pairs[pairs["skill_id"].isin(candidates)]
        grid[c_pos[pairs["skill_id"]].to_numpy(), s_pos[pairs["s"]].to_numpy()] = pairs["both"]
    with np.errstate(divide="ignore", invalid="ignore"):
        lift = np.where(n_c[:, None] > 0, grid * total / (n_c[:, None] * n_s[None, :]), 0.0)
        p_given = grid / n_s[None, :] if len(present) else grid
    names = with_skill_info(con, pd.DataFrame({"skill_id": present}))["name"].tolist()
    both_any = any_set.set_index("skill_id")["both_any"].reindex(candidates).fillna(0)
    frame = pd.DataFrame(
        {
            "skill_id": candidates,
            "postings": n_c.astype("int64"),
            "both_any": both_any.to_numpy().astype("int64"),
            "p_given_set": both_any.to_numpy() / n_any if n_any else np.zeros(len(candidates)),
            "max_lift": lift.max(axis=1) if len(present) else np.zeros(len(candidates)),
            "mean_lift": lift.mean(axis=1) if len(present) else np.zeros(len(candidates)),
            "max_p": p_given.max(axis=1) if len(present) else np.zeros(len(candidates)),
            "top_with": [_top_with(row, present) for row in lift],
            "top_with_names": [_top_names(row, names) for row in lift],
        }
    )
    frame = frame.sort_values(
        ["p_given_set", "max_lift", "skill_id"], ascending=[False, False, True], ignore_index=True
    )
    return with_skill_info(con, frame)[ADJACENCY_COLUMNS]


def _top_with(lifts: np.ndarray, present: list[str]) -> str:
    if not len(lifts) or lifts.max() <= 0:
        return ""
    return present[int(np.argmax(lifts))]  # argmax keeps the first (sorted id) on ties


def _top_names(lifts: np.ndarray, names: list[str]) -> str:
    order = sorted(
        (i for i in range(len(lifts)) if lifts[i] > 1), key=lambda i: (-lifts[i], names[i])
    )
    return ", ".join(names[i] for i in order[:3])


def _dtype(column: str) -> str:
    if column in ("both", "postings", "both_any"):
        return "int64"
    if column in ("skill_id", "name", "category", "top_with", "top_with_names"):
        return "str"
    return "float64"
