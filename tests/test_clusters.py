"""Role clusters: two obviously different job families separate, named by their terms."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import store
from analysis.demand import assign_clusters, role_clusters, skill_demand
from analysis.demand_clusters import CLUSTER_COLUMNS, clusters_current
from analysis.market_filter import MarketFilter
from analysis.skills.sync import refresh_aggregates

NURSE = [
    "Registered nurse for the cardiac ward: patient care, medication administration, charting.",
    "Nurse on night shifts: patient assessment, wound care and medication rounds.",
    "Community nurse visiting patients at home; wound care, patient education.",
]
DEV = [
    "Backend software engineer: Python microservices, REST APIs, code review, deployments.",
    "Software engineer building APIs in Python; unit tests, code review, cloud deployments.",
    "Full-stack software engineer: JavaScript frontend, Python APIs, continuous deployments.",
]


@pytest.fixture(params=["direct", "compact"])
def con(request):
    con = store.connect(":memory:")
    rows = []
    for i in range(36):  # 20 nurses, 16 developers, interleaved
        nurse = i % 9 < 5
        title = ("Registered Nurse" if i % 2 else "Staff Nurse") if nurse else "Software Engineer"
        text = (NURSE if nurse else DEV)[i % 3]
        rows.append([f"p{i:02d}", title, "London" if i < 18 else "Leeds", text])
    con.executemany(
        "INSERT INTO postings (posting_id, title, location, description, import_id) VALUES (?, ?, ?, ?, 1)",
        rows,
    )
    for posting_id, title, _, _ in rows:
        skills = ["patient-care", "medication"] if "Nurse" in title else ["python", "rest-apis"]
        for skill in skills:
            con.execute("INSERT INTO posting_skills VALUES (?, ?, 1)", [posting_id, skill])
    con.execute("INSERT INTO skills VALUES ('python', 'Python', 'Software', 'builtin', NULL)")
    if request.param == "compact":  # the market tables built after extraction
        refresh_aggregates(con)
    yield con
    con.close()


def members(con) -> dict[int, set[str]]:
    rows = con.execute("SELECT cluster_id, posting_id FROM posting_clusters").fetchall()
    out: dict[int, set[str]] = {}
    for cluster_id, posting_id in rows:
        out.setdefault(cluster_id, set()).add(posting_id)
    return out


def test_two_families_separate(con):
    got = role_clusters(con, MarketFilter(), k=2, seed=0)
    assert list(got.columns) == CLUSTER_COLUMNS
    assert got["cluster_id"].tolist() == [0, 1]  # numbered by size
    assert got["postings"].tolist() == [20, 16]
    assert got["share"].tolist() == [20 / 36, 16 / 36]
    assert "nurse" in got.loc[0, "name"].split(" / ")
    assert "software" in got.loc[1, "top_terms"].split(", ")
    assert got["top_skills"].tolist() == ["medication, patient-care", "Python, rest-apis"]
    nurses = {
        r[0]
        for r in con.execute("SELECT posting_id FROM postings WHERE title LIKE '%Nurse'").fetchall()
    }
    assert members(con) == {0: nurses, 1: {f"p{i:02d}" for i in range(36)} - nurses}


def test_deterministic_and_stored(con):
    first = role_clusters(con, MarketFilter(), k=2, seed=7)
    assignment = members(con)
    assert clusters_current(con, 2, 7)
    assert not clusters_current(con, 3, 7) and not clusters_current(con, 2, 8)
    con.execute("DELETE FROM posting_clusters")  # not re-fitted while current: proves it is read
    assert role_clusters(con, MarketFilter(), k=2, seed=7).empty
    assign_clusters(con, 2, 7)
    pd.testing.assert_frame_equal(role_clusters(con, MarketFilter(), k=2, seed=7), first)
    assert members(con) == assignment


def test_new_postings_trigger_a_refit(con):
    role_clusters(con, MarketFilter(), k=2)
    con.execute(
        "INSERT INTO postings (posting_id, title, description, import_id) VALUES ('new', 'Staff Nurse', ?, 2)",
        [NURSE[0]],
    )
    assert not clusters_current(con, 2, 0)
    got = role_clusters(con, MarketFilter(), k=2)
    assert got["postings"].tolist() == [21, 16]


def test_cluster_filter_and_filtered_summary(con):
    role_clusters(con, MarketFilter(), k=2)
    leeds = role_clusters(con, MarketFilter(locations=["leeds"]), k=2)
    assert leeds["postings"].sum() == 18
    developers = skill_demand(con, MarketFilter(cluster=1))
    assert developers.set_index("skill_id")["postings"].to_dict() == {"python": 16, "rest-apis": 16}
    only_nurses = role_clusters(con, MarketFilter(cluster=0), k=2)
    assert only_nurses["cluster_id"].tolist() == [0] and only_nurses["share"].tolist() == [1.0]


def test_more_clusters_than_postings_and_empty_workspace():
    con = store.connect(":memory:")
    assert role_clusters(con, MarketFilter(), k=3).empty
    con.execute(
        "INSERT INTO postings (posting_id, title, description, import_id) VALUES "
        "('a', 'Nurse', 'patient care', 1), ('b', 'Engineer', 'python code', 1)"
    )
    got = role_clusters(con, MarketFilter(), k=5)
    assert sorted(got["postings"].tolist()) == [1, 1]
    con.close()


def test_cluster_chart(con):
    from analysis.charts_market import cluster_sizes_bar

    fig = cluster_sizes_bar(role_clusters(con, MarketFilter(), k=2))
    assert list(fig.data[0].x) == [16, 20]
    same = pd.DataFrame({"cluster_id": [0, 1, 2], "name": ["nurse / icu", "data / sql", "nurse / icu"],
                         "postings": [3, 2, 1], "share": [0.5, 0.33, 0.17],
                         "top_skills": ["", "", ""]})  # fmt: skip
    assert list(cluster_sizes_bar(same).data[0].y) == [
        "Nurse / icu (2)",
        "Data / sql",
        "Nurse / icu",
    ]


def test_assignment_in_many_slices_equals_one_slice(con, monkeypatch):
    import analysis.demand_clusters as clusters

    assign_clusters(con, 2, 0)
    whole = members(con)
    monkeypatch.setattr(clusters, "ASSIGN_ROWS", 5)  # 36 postings: eight slices
    con.execute("DELETE FROM posting_clusters")
    assign_clusters(con, 2, 0)
    assert members(con) == whole
    assert sum(len(ids) for ids in whole.values()) == 36


# --------------------------------------------------------------------------- titles alone

# A board that lists only titles: the rank ("Senior", "Staff") is as loud as the family, and
# frontend is spelt three ways. Jobs must still group by what they are.
TITLES = {
    "data": ["Senior Data Engineer", "Staff Data Engineer", "Data Engineer"],
    "frontend": ["Senior Front-end Engineer", "Staff Frontend Engineer", "Front End Engineer"],
}


@pytest.fixture
def titles_only():
    con = store.connect(":memory:")
    rows = [
        [f"{family}{i:02d}", title]
        for family, titles in TITLES.items()
        for i in range(12)
        for title in [titles[i % 3]]
    ]
    con.executemany("INSERT INTO postings (posting_id, title, import_id) VALUES (?, ?, 1)", rows)
    yield con
    con.close()


def test_ranks_do_not_split_a_family_and_spellings_join(titles_only):
    got = role_clusters(titles_only, MarketFilter(), k=2, seed=0)
    groups = sorted(sorted({p[:-2] for p in ids}) for ids in members(titles_only).values())
    assert groups == [["data"], ["frontend"]]
    # Named by what sets each apart ("engineer", in every title, tells nothing).
    assert sorted(got["name"]) == ["data", "frontend"]
    assert not [t for t in ", ".join(got["top_terms"]).split(", ") if t in {"senior", "staff"}]


def test_naming_terms_are_those_weighed_above_the_average_posting():
    from analysis.demand_clusters import _distinctive_terms

    terms = np.array(["engineer", "data", "frontend", "css"])
    postings = np.array([[0.7, 0.7, 0.0, 0.0], [0.7, 0.0, 0.7, 0.0], [0.7, 0.0, 0.6, 0.05]])
    centres = np.array([[0.7, 0.7, 0.0, 0.0], [0.7, 0.0, 0.65, 0.025]])
    named = _distinctive_terms(centres, postings, terms)
    # Data: "data" is 0.47 above the average, "engineer" at it; "frontend" and "css" weigh
    # nothing there. Frontend: "frontend" first; "css" (0.025) is under a tenth of the heaviest
    # term's weight (0.7), too light to name the cluster.
    assert [list(n) for n in named] == [["data", "engineer"], ["frontend", "engineer"]]


def test_one_spelling_per_family():
    from analysis.title_words import one_spelling

    assert one_spelling("Senior Full Stack / Front-End / back end / Dev-Ops Engineer") == (
        "Senior fullstack / frontend / backend / devops Engineer"
    )
    # Only a family's own pairs join; other words stay as written.
    assert one_spelling("back stack, front office, stacked ends") == (
        "back stack, front office, stacked ends"
    )


def test_names_keep_the_phrases_titles_use():
    """Terms side by side in most of a cluster's titles are one phrase, in the titles' order;
    "FP&A", which the tokens cut to "fp", is written as the titles write it."""
    con = store.connect(":memory:")
    titles = {
        "chain": ["Supply Chain Planner", "Supply Chain Buyer", "Senior Supply Chain Planner"],
        "fpa": ["FP&A Analyst", "Senior FP&A Analyst", "FP&A Lead Analyst"],
    }
    rows = [[f"{f}{i:02d}", t[i % 3]] for f, t in titles.items() for i in range(12)]
    con.executemany("INSERT INTO postings (posting_id, title, import_id) VALUES (?, ?, 1)", rows)
    got = role_clusters(con, MarketFilter(), k=2, seed=0)
    assert sorted(got["name"]) == ["fp&a analyst", "supply chain / planner / buyer"]
    assert "fp" in got.set_index("name").at["fp&a analyst", "top_terms"].split(", ")
    con.close()


def test_copies_of_one_posting_make_one_cluster():
    # One employer's 60 copies: every word is in every posting, which the usual max_df prunes
    # to nothing; the words are kept and the copies make one family.
    con = store.connect(":memory:")
    con.executemany(
        "INSERT INTO postings (posting_id, title, description, import_id) VALUES (?, ?, ?, 1)",
        [[f"p{i:02d}", f"Data analyst {i}", f"Python and SQL {i}"] for i in range(60)],
    )
    got = role_clusters(con, MarketFilter(), k=8, seed=0)
    assert got[["cluster_id", "name", "postings"]].values.tolist() == [
        [0, "data analyst / python / sql", 60]
    ]
    con.close()


def test_postings_without_a_telling_word_make_one_cluster_named_by_their_title():
    con = store.connect(":memory:")
    con.executemany(
        "INSERT INTO postings (posting_id, title, import_id) VALUES (?, ?, 1)",
        [[f"p{i:02d}", "The one" if i % 3 else "It"] for i in range(30)],
    )
    got = role_clusters(con, MarketFilter(), k=4, seed=0)
    assert got[["cluster_id", "name", "postings"]].values.tolist() == [[0, "the one", 30]]
    assert clusters_current(con, 4, 0)  # fitted once: one cluster is what k=4 gives here
    con.close()
