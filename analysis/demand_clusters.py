"""Role clusters: the families of jobs in the workspace, from posting text and skills.

`assign_clusters` fits k-means on a deterministic sample of every posting (TF-IDF of the title,
counted twice, and the first 1,000 characters of the description, next to the posting's skills
at half weight; rows L2-normalised, so this is spherical k-means), then assigns every posting
and stores the result in posting_clusters / role_cluster_labels. Ranks ("senior", "staff") are
left out of the text and a family's spellings in titles made one ("Full Stack", "full-stack"),
so jobs group by what they are. Clusters are numbered by size (0 = largest) and named by the
terms their centre weighs most above the average posting. Clusters describe the whole
workspace, so a `MarketFilter(cluster=...)` means the same family under any other filter;
`role_clusters` summarises them for a filter and re-fits only when the data, k, seed or method
changed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import numpy as np
import pandas as pd

from analysis.demand_counts import maths_single_thread, posting_total, source, temp_tables
from analysis.market_filter import MarketFilter
from analysis.market_tables import data_signature
from analysis.skills.sync import Progress
from analysis.store import Connection, get_meta, set_meta, transaction
from analysis.title_words import RANK_WORDS, one_spelling

CLUSTER_COLUMNS = ["cluster_id", "name", "top_terms", "postings", "share", "top_skills"]
TOKEN_PATTERN = r"(?u)\b[a-z][a-z0-9+#-]*[a-z0-9+#]\b"
META_CLUSTERS = "clusters_state"
DESCRIPTION_CHARS = 1_000
SKILL_WEIGHT = 0.5
ASSIGN_ROWS = 20_000
METHOD = 3  # raise when a change to the method changes the clusters it finds
NAME_FLOOR = 0.1  # a naming term weighs at least this part of its centre's heaviest term


def _features(con: Connection, condition: str, params: list) -> pd.DataFrame:
    """posting_id, title, description (first DESCRIPTION_CHARS), skills ("|"-joined ids) of
    the postings matching `condition` (over `postings p`), in posting_id order."""
    chosen = f"SELECT p.posting_id FROM postings p WHERE {condition}"
    return con.execute(
        "SELECT p.posting_id, coalesce(p.title, '') AS title, "
        f"left(coalesce(p.description, ''), {DESCRIPTION_CHARS}) AS description, "
        "coalesce(s.skills, '') AS skills FROM postings p LEFT JOIN ("
        "SELECT posting_id, string_agg(skill_id, '|' ORDER BY skill_id) AS skills "
        f"FROM posting_skills WHERE posting_id IN ({chosen}) GROUP BY posting_id) s "
        f"USING (posting_id) WHERE {condition} ORDER BY p.posting_id",
        params + params,
    ).df()


def _feature_slices(con: Connection, skills_table: str, rows: int) -> Iterator[pd.DataFrame]:
    """`_features` of every posting, about `rows` at a time (bounded memory). Each posting's
    skills are aggregated once into `skills_table`, which every slice joins (an ordered
    string_agg over the whole join ran out of memory at a million postings; re-aggregating all
    links for every slice made the pass quadratic)."""
    con.execute(
        f"CREATE TEMP TABLE {skills_table} AS SELECT posting_id, string_agg(skill_id, '|') "
        "AS skills FROM posting_skills GROUP BY posting_id"
    )
    last = con.execute("SELECT coalesce(max(rowid), -1) FROM postings").fetchone()[0]
    for low in range(0, last + 1, rows):
        chunk = con.execute(
            "SELECT p.posting_id, coalesce(p.title, '') AS title, "
            f"left(coalesce(p.description, ''), {DESCRIPTION_CHARS}) AS description, "
            f"coalesce(s.skills, '') AS skills FROM postings p LEFT JOIN {skills_table} s "
            "USING (posting_id) WHERE p.rowid BETWEEN ? AND ?",
            [low, low + rows - 1],
        ).df()
        if len(chunk):
            yield chunk


def _texts(frame: pd.DataFrame) -> list[str]:
    # Spellings are joined in the title, which names the family, only: over the descriptions
    # too it cost 30-80 s per million postings.
    titles = frame["title"].map(one_spelling)
    return (titles + "\n" + titles + "\n" + frame["description"]).tolist()


class _Featuriser:
    """TF-IDF of the text beside a binary skill vector, fitted on the sample."""

    def __init__(self, sample: pd.DataFrame):
        from sklearn.feature_extraction.text import (
            ENGLISH_STOP_WORDS,
            CountVectorizer,
            TfidfVectorizer,
        )

        n = len(sample)
        # Ranks ("senior", "staff") are no family: left out, jobs group by what they are.
        stop_words = sorted(ENGLISH_STOP_WORDS | RANK_WORDS)
        self.text = TfidfVectorizer(
            stop_words=stop_words, token_pattern=TOKEN_PATTERN, max_features=20_000,
            min_df=2 if n >= 50 else 1, max_df=0.9 if n >= 20 else 1.0, sublinear_tf=True,
            dtype=np.float64,
        )  # fmt: skip
        self.skills = CountVectorizer(
            tokenizer=lambda s: [t for t in s.split("|") if t], token_pattern=None,
            lowercase=False, binary=True, min_df=2 if n >= 50 else 1, dtype=np.float64,
        )  # fmt: skip
        texts = _texts(sample)
        try:
            self.text.fit(texts)
        except ValueError:  # every word in nearly every posting (one employer's copies): keep all
            self.text.set_params(min_df=1, max_df=1.0)
            try:
                self.text.fit(texts)
            except ValueError:  # no word at all (titles of stop words, numbers only)
                self.text = None
        try:
            self.skills.fit(sample["skills"])
        except ValueError:  # no skills at all
            self.skills = None
        self.terms = np.array([], dtype=object)
        if self.text is not None:
            self.terms = self.text.get_feature_names_out()

    def transform(self, frame: pd.DataFrame):
        import scipy.sparse as sp
        from sklearn.preprocessing import normalize

        parts = [sp.csr_matrix((len(frame), 1))]  # every posting alike when nothing tells
        if self.text is not None:
            parts = [self.text.transform(_texts(frame))]
        if self.skills is not None:
            parts.append(SKILL_WEIGHT * normalize(self.skills.transform(frame["skills"])))
        return normalize(sp.hstack(parts, format="csr"))


def assign_clusters(
    con: Connection,
    k: int = 8,
    seed: int = 0,
    *,
    sample: int = 20_000,
    progress: Progress | None = None,
) -> int:
    """Fit k role clusters on a sample of at most `sample` postings and assign every posting.

    Rewrites posting_clusters and role_cluster_labels in one transaction; returns the number
    of clusters (fewer than k when there are fewer postings). Deterministic for a seed.
    """
    from sklearn.cluster import KMeans  # imported here: sklearn is slow to import

    total = int(con.execute("SELECT count(*) FROM postings").fetchone()[0])
    fit_rows = _features(
        con,
        "p.posting_id IN (SELECT posting_id FROM postings ORDER BY md5(posting_id || ?) LIMIT ?)",
        [str(seed), int(sample)],
    )
    k = wanted = min(k, len(fit_rows))
    labels: list[pd.DataFrame] = []
    names: list[tuple[int, str, str]] = []
    if k > 0:
        featuriser = _Featuriser(fit_rows)
        fit_matrix = featuriser.transform(fit_rows)
        k = min(k, _distinct_rows(fit_matrix))  # no cluster of no posting
        with maths_single_thread():
            model = KMeans(n_clusters=k, n_init=4, random_state=seed).fit(fit_matrix)
        done = 0
        with maths_single_thread(), temp_tables(con, 1) as (skills_table,):
            for chunk in _feature_slices(con, skills_table, ASSIGN_ROWS):
                clusters = model.predict(featuriser.transform(chunk))
                labels.append(
                    pd.DataFrame({"posting_id": chunk["posting_id"], "cluster_id": clusters})
                )
                done += len(chunk)
                if progress:
                    progress(done, total)
        assigned = pd.concat(labels, ignore_index=True)
        top = _distinctive_terms(model.cluster_centers_, fit_matrix, featuriser.terms)
        named = _cluster_names(top, fit_rows["title"], model.labels_)
        sizes = np.bincount(assigned["cluster_id"], minlength=k)
        order = sorted(range(k), key=lambda c: (-sizes[c], named[c]))
        renumber = np.empty(k, dtype=np.int64)
        renumber[order] = np.arange(k)
        assigned["cluster_id"] = renumber[assigned["cluster_id"].to_numpy()].astype("int32")
        names = [(int(renumber[c]), named[c], ", ".join(top[c])) for c in range(k)]
    with transaction(con):
        con.execute("DELETE FROM posting_clusters")
        con.execute("DELETE FROM role_cluster_labels")
        if labels:
            con.register("_wp_clusters", assigned)
            try:
                con.execute(
                    "INSERT INTO posting_clusters SELECT posting_id, cluster_id FROM _wp_clusters"
                )
            finally:
                con.unregister("_wp_clusters")
            con.executemany(
                "INSERT INTO role_cluster_labels VALUES (?, ?, ?)", [list(r) for r in names]
            )
        set_meta(con, META_CLUSTERS, _state(con, k_requested=wanted, seed=seed))
    return k


def _distinct_rows(matrix) -> int:
    """How many different rows a sparse matrix holds."""
    matrix = matrix.tocsr()
    matrix.sort_indices()
    rows = {
        (matrix.indices[a:b].tobytes(), matrix.data[a:b].round(12).tobytes())
        for a, b in zip(matrix.indptr[:-1], matrix.indptr[1:], strict=True)
    }
    return len(rows)


def _distinctive_terms(centres: np.ndarray, matrix, terms: np.ndarray) -> list[np.ndarray]:
    """Each cluster's ten naming terms: those its centre weighs most above the average posting
    ("data", not the "engineer" every cluster of an engineering market has), among the terms
    it weighs at least NAME_FLOOR of its heaviest."""
    if not len(terms):
        return [terms for _ in centres]
    text = centres[:, : len(terms)]
    average = np.asarray(matrix[:, : len(terms)].mean(axis=0)).ravel()
    out = []
    for centre in text:
        score = np.where(centre >= NAME_FLOOR * centre.max(), centre - average, -np.inf)
        ranked = np.argsort(-score, kind="stable")[:10]
        out.append(terms[ranked[np.isfinite(score[ranked])]])
    return out


def _cluster_names(top: list[np.ndarray], titles: pd.Series, labels: np.ndarray) -> list[str]:
    """Each cluster's name: its first three naming terms (four words at most), " / "-joined.
    Two of them written side by side in the cluster's titles are one phrase, in the titles'
    order ("supply chain", not "chain / supply"), and a word the titles write with "&" is
    written so ("fp&a", which the tokens cut to "fp")."""
    lowered = [one_spelling(t).lower() for t in titles]
    words = [_TOKEN.findall(t) for t in lowered]
    out = []
    for c, terms in enumerate(top):
        mine = np.flatnonzero(labels == c)
        own_titles = [lowered[i] for i in mine]
        held = [set(words[i]) for i in mine]
        pairs = [set(zip(words[i], words[i][1:], strict=False)) for i in mine]
        parts: list[str] = []
        used: set[str] = set()
        for term in (t for t in terms if t not in used):
            if len(parts) == 3 or len(used) >= 4:  # short enough for a chart's axis
                break
            part = _phrase(term, [t for t in terms[:6] if t not in used], held, pairs)
            used.update(part)
            parts.append(" ".join(_as_written(w, own_titles) for w in part))
        if not parts:  # no word tells the cluster apart: its commonest title names it
            parts = [max(sorted(set(own_titles)), key=own_titles.count, default="") or "postings"]
        out.append(" / ".join(parts))
    return out


def _phrase(term: str, others: list[str], held: list[set], pairs: list[set]) -> list[str]:
    """[term], or [term, other] in the titles' order when the two stand side by side in most
    of the titles holding term: the phrase is what the cluster calls it ("Registered Nurse"
    in half of a cluster's nurse titles leaves it "nurse")."""
    with_term = sum(term in h for h in held)
    for other in others:
        if other == term:
            continue
        both = [k for k, h in enumerate(held) if term in h and other in h]
        ahead = sum((term, other) in pairs[k] for k in both)
        behind = sum((other, term) in pairs[k] for k in both)
        if both and max(ahead, behind) > PHRASE_SHARE * with_term:
            return [term, other] if ahead >= behind else [other, term]
    return [term]


PHRASE_SHARE = 0.5
_TOKEN = re.compile(TOKEN_PATTERN)


def _as_written(word: str, titles: list[str]) -> str:
    """`word`, or its "&" form where most titles holding it write one ("fp" -> "fp&a")."""
    joined = re.compile(rf"(?<![\w&]){re.escape(word)}&[a-z0-9]+\b")
    forms = [m.group() for t in titles for m in joined.finditer(t)]
    if not forms:
        return word
    alone = re.compile(rf"\b{re.escape(word)}\b")
    best = max(set(forms), key=lambda f: (forms.count(f), f))
    return best if 2 * forms.count(best) >= sum(1 for t in titles if alone.search(t)) else word


def _state(con: Connection, k_requested: int, seed: int) -> str:
    return json.dumps(
        {"k": k_requested, "seed": seed, "method": METHOD, "data": data_signature(con)}
    )


def clusters_current(con: Connection, k: int, seed: int) -> bool:
    """True when the stored clusters were fitted with this k, seed and method on the current
    data."""
    stored = get_meta(con, META_CLUSTERS)
    if stored is None:
        return False
    state = json.loads(stored)
    total = int(con.execute("SELECT count(*) FROM postings").fetchone()[0])
    return state == json.loads(_state(con, min(k, total), seed))


def role_clusters(con: Connection, f: MarketFilter, k: int = 8, seed: int = 0) -> pd.DataFrame:
    """The role clusters present in the filtered postings (fitting them first when needed).

    Columns: cluster_id, name (top three terms, " / "-joined), top_terms (ten, ", "-joined),
    postings (filtered postings in the cluster), share (of the filtered postings), top_skills
    (the five most mentioned skills of the cluster within the filter, ", "-joined).
    Sorted by cluster_id; clusters without filtered postings are absent.
    """
    if not clusters_current(con, k, seed):
        assign_clusters(con, k, seed)
    src = source(con)
    where, params = f.where("p")
    with temp_tables(con, 1) as (members,):
        con.execute(
            f"CREATE TEMP TABLE {members} AS SELECT p.{src.key} AS pid, pc.cluster_id "
            f"FROM {src.postings} p JOIN posting_clusters pc USING (posting_id) WHERE {where}",
            params,
        )
        sizes = con.execute(
            "SELECT l.cluster_id, l.name, l.top_terms, count(*)::BIGINT AS postings "
            f"FROM {members} m JOIN role_cluster_labels l USING (cluster_id) "
            "GROUP BY ALL ORDER BY l.cluster_id"
        ).df()
        if sizes.empty:
            return pd.DataFrame(
                {c: pd.Series(dtype="int64" if c in ("cluster_id", "postings") else
                              "float64" if c == "share" else "str") for c in CLUSTER_COLUMNS}
            )  # fmt: skip
        skills = con.execute(
            "WITH n AS (SELECT m.cluster_id, l.skill_id, count(*) AS postings "
            f"FROM {src.links} l JOIN {members} m ON m.pid = l.{src.key} GROUP BY 1, 2 "
            "QUALIFY row_number() OVER (PARTITION BY m.cluster_id "
            "ORDER BY count(*) DESC, l.skill_id) <= 5) "
            "SELECT n.cluster_id, string_agg(coalesce(s.name, n.skill_id), ', ' "
            "ORDER BY n.postings DESC, n.skill_id) AS top_skills "
            "FROM n LEFT JOIN skills s USING (skill_id) GROUP BY n.cluster_id"
        ).df()
    total = posting_total(con, f)
    out = sizes.merge(skills, on="cluster_id", how="left")
    out["top_skills"] = out["top_skills"].fillna("")
    out["cluster_id"] = out["cluster_id"].astype("int64")
    out["postings"] = out["postings"].astype("int64")
    out["share"] = out["postings"] / total
    return out[CLUSTER_COLUMNS]
