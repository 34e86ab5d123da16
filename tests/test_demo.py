"""The demo workspace: deterministic, sized as promised, trends built in, never over real data."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis import demo, store
from analysis.errors import WaypointError
from analysis.ingest.posting_ids import stable_posting_id
from tests.conftest import snapshot

SMALL_COUNTS = {
    "imports": 5, "postings": 600, "contacts": 120, "contact_sources": 132, "contact_changes": 6,
    "interactions": 500, "profile": 8, "profile_skills": 28, "positions": 6, "endorsements": 16,
    "targets": 13, "goals": 6, "milestones": 17, "finances": 7, "income_streams": 3,
    "workspace_meta": 6,
}  # fmt: skip


def _generate(seed: int = 7) -> tuple[store.Connection, dict[str, int]]:
    con = store.connect(":memory:")
    return con, demo.generate_demo(con, size="small", seed=seed, today=demo.DEMO_TODAY)


def _tables(con) -> dict[str, pd.DataFrame]:
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").df() for t in demo.WRITTEN_TABLES}


@pytest.fixture(scope="module")
def small_demo():
    con, counts = _generate()
    yield con, counts
    con.close()


def test_small_demo_writes_exactly_these_counts(small_demo):
    con, counts = small_demo
    assert counts == SMALL_COUNTS
    assert {t: store.table_counts(con).get(t, n) for t, n in counts.items()} == SMALL_COUNTS


def test_same_seed_gives_identical_tables_and_another_seed_does_not(small_demo):
    first = _tables(small_demo[0])
    con, _ = _generate(seed=7)
    again = _tables(con)
    for table in demo.WRITTEN_TABLES:
        pd.testing.assert_frame_equal(first[table], again[table], obj=table)
    other_con, other_counts = _generate(seed=8)
    assert other_counts["postings"] == SMALL_COUNTS["postings"]
    other = _tables(other_con)
    for table in ("postings", "contacts", "interactions", "endorsements"):
        assert not first[table].equals(other[table]), table


def _monthly_slope(postings: pd.DataFrame, skill: str) -> float:
    """Change per year of the monthly share of postings naming the skill (least squares)."""
    named = postings.description.str.contains(rf"\b{re.escape(skill)}\b", case=False, regex=True)
    share = named.groupby(postings.month).mean()
    years = np.arange(len(share)) / 12
    return float(np.polyfit(years, share.to_numpy(), 1)[0])


def test_rising_and_declining_skills_are_recovered_from_the_text(small_demo):
    postings = small_demo[0].execute("SELECT date_posted, description FROM postings").df()
    postings["month"] = pd.to_datetime(postings.date_posted).dt.to_period("M")
    assert postings.month.nunique() == 36
    slopes = {s: _monthly_slope(postings, s) for s in demo.RISING_SKILLS + demo.DECLINING_SKILLS}
    assert {s: slopes[s] > 0.02 for s in demo.RISING_SKILLS} == dict.fromkeys(
        demo.RISING_SKILLS, True
    )
    assert {s: slopes[s] < -0.015 for s in demo.DECLINING_SKILLS} == dict.fromkeys(
        demo.DECLINING_SKILLS, True
    )
    stable = ("SQL", "Python", "Excel", "Communication", "Stakeholder management")
    assert {s: abs(_monthly_slope(postings, s)) < 0.015 for s in stable} == dict.fromkeys(
        stable, True
    )


def test_postings_look_like_real_ads(small_demo):
    con = small_demo[0]
    p = con.execute("SELECT * FROM postings").df()
    assert p.posting_id.is_unique and p.url.is_unique
    ids = [stable_posting_id(*r) for r in p[["source", "url", "title", "company", "description"]]
           .itertuples(index=False)]  # fmt: skip
    assert ids == p.posting_id.tolist()
    assert set(p.source) == {"linkedin", "indeed", "glassdoor"}
    assert p.company.nunique() >= 40
    lengths = p.description.str.len()
    assert lengths.between(1000, 3200).all() and lengths.between(1500, 3000).mean() > 0.95
    posted = pd.to_datetime(p.date_posted)
    assert posted.min() >= pd.Timestamp("2023-11-01") and posted.max() < pd.Timestamp("2026-11-01")
    assert set(p.salary_interval.dropna()) == {"yearly", "hourly"}
    paid = p.dropna(subset=["salary_min"])
    assert (paid.salary_min <= paid.salary_max).all() and (paid.salary_min > 20_000).all()
    assert 0.3 < len(paid) / len(p) < 0.8 and set(paid.salary_currency) == {"USD"}
    assert 0.15 < p.is_remote.mean() < 0.4


def test_refuses_a_workspace_that_has_data_and_changes_nothing(empty_workspace):
    con = empty_workspace
    con.execute(
        "INSERT INTO contacts (contact_id, full_name, source) VALUES (1, 'Ada Lovelace', 'manual')"
    )
    before = snapshot(con)
    with pytest.raises(WaypointError) as caught:
        demo.generate_demo(con, size="small")
    assert str(caught.value) == (
        "Workspace is not empty: The demo is written only into a new, empty workspace; this one "
        "already holds 1 contacts. Create a new workspace for the demo."
    )
    assert snapshot(con) == before


def test_unknown_size_is_refused(empty_workspace):
    with pytest.raises(WaypointError, match="Unknown demo size: 'huge': choose one of full, small"):
        demo.generate_demo(empty_workspace, size="huge")


def test_ensure_demo_workspace_creates_the_file_once(tmp_path):
    path = tmp_path / "demos" / "demo.duckdb"
    assert demo.ensure_demo_workspace(path, size="small") == path
    assert sorted(p.name for p in path.parent.iterdir()) == ["demo.duckdb"]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    con = store.connect(path, read_only=True)
    assert con.execute("SELECT count(*) FROM postings").fetchone()[0] == 600
    assert store.get_meta(con, "demo") == "true"
    con.close()
    assert demo.ensure_demo_workspace(path, size="small") == path
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == (
        digest, mtime,
    )  # fmt: skip


def test_a_demo_from_an_older_version_is_generated_again_and_nothing_else_is(tmp_path):
    path = tmp_path / "demo.duckdb"
    demo.ensure_demo_workspace(path, size="small")
    con = store.connect(path)
    store.set_meta(con, "demo_version", "1")  # written by older code
    con.execute("DELETE FROM postings")
    con.close()
    assert demo.ensure_demo_workspace(path, size="small") == path
    con = store.connect(path, read_only=True)
    assert store.get_meta(con, "demo_version") == demo.DEMO_VERSION
    assert con.execute("SELECT count(*) FROM postings").fetchone()[0] == 600
    con.close()
    # a workspace of the user's own at that path is never replaced
    own = tmp_path / "mine.duckdb"
    con = store.connect(own)
    store.set_meta(con, "name", "Mine")
    con.close()
    digest = hashlib.sha256(own.read_bytes()).hexdigest()
    assert demo.ensure_demo_workspace(own, size="small") == own
    assert hashlib.sha256(own.read_bytes()).hexdigest() == digest


def test_failed_generation_leaves_no_file(tmp_path, monkeypatch):
    path = tmp_path / "demo.duckdb"

    def broken(*args, **kwargs):
        raise RuntimeError("generator bug")

    monkeypatch.setattr(demo.writer, "build_contacts", broken)
    with pytest.raises(RuntimeError, match="generator bug"):
        demo.ensure_demo_workspace(path, size="small")
    assert list(tmp_path.iterdir()) == []


def test_persona_skills_age_and_metadata(small_demo):
    con = small_demo[0]
    last_used = dict(con.execute(
        "SELECT skill, year(last_used) FROM profile_skills WHERE last_used_source = 'profile'"
    ).fetchall())  # fmt: skip
    dated = {k: last_used[k] for k in ("SAS", "COBOL", "Visual Basic", "Apache Hadoop", "jQuery")}
    assert dated == {"SAS": 2016, "COBOL": 2004, "Visual Basic": 2010, "Apache Hadoop": 2017,
                     "jQuery": 2015}  # fmt: skip
    current = con.execute(
        "SELECT skill FROM profile_skills WHERE last_used = ? ORDER BY skill", [demo.DEMO_TODAY]
    ).fetchall()
    assert {"SQL", "Excel", "Tableau", "Stakeholder management", "Leadership"} <= {
        r[0] for r in current
    }
    growing = {
        r[0] for r in con.execute("SELECT skill FROM profile_skills WHERE wants_to_grow").fetchall()
    }
    assert {"Python", "Machine learning", "Generative AI"} <= growing
    born = date.fromisoformat(store_value(con, "profile", "birth_date"))
    age = demo.DEMO_TODAY.year - born.year - ((demo.DEMO_TODAY.month, demo.DEMO_TODAY.day)
                                               < (born.month, born.day))  # fmt: skip
    assert age == 56
    assert con.execute("SELECT * FROM workspace_meta ORDER BY key").fetchall() == [
        ("demo", "true"), ("demo_seed", "7"), ("demo_size", "small"),
        ("demo_version", demo.DEMO_VERSION), ("generated_for_date", "2026-11-01"),
        ("name", "Demo workspace"),
    ]  # fmt: skip
    assert dict(con.execute("SELECT key, value FROM finances").fetchall()) == demo.FINANCES


def store_value(con, table: str, key: str) -> str:
    return con.execute(f"SELECT value FROM {table} WHERE key = ?", [key]).fetchone()[0]


def test_network_has_targets_tiers_and_overdue_relationships(small_demo):
    con = small_demo[0]
    tiers = dict(con.execute("SELECT tier, count(*) FROM contacts GROUP BY tier").fetchall())
    assert {k: tiers[k] for k in ("inner", "important", "broad")} == {
        "inner": 6, "important": 15, "broad": 45,
    }  # fmt: skip
    at_targets = con.execute(
        "SELECT count(*) FROM contacts WHERE company IN (SELECT value FROM targets "
        "WHERE kind = 'company')"
    ).fetchone()[0]
    assert at_targets >= 12
    overdue_inner = con.execute(
        "SELECT count(*) FROM contacts c WHERE tier = 'inner' AND (SELECT max(occurred_at) "
        "FROM interactions i WHERE i.contact_id = c.contact_id) < ?",
        [pd.Timestamp(demo.DEMO_TODAY) - pd.Timedelta(days=30)],
    ).fetchone()[0]
    assert overdue_inner >= 1
    channels = {r[0] for r in con.execute("SELECT DISTINCT channel FROM interactions").fetchall()}
    assert channels == {"linkedin", "email", "call", "meeting", "event", "in_person"}
    spellings = {r[0] for r in con.execute(
        "SELECT DISTINCT company FROM contacts WHERE lower(company) LIKE 'acme%'").fetchall()}  # fmt: skip
    assert len(spellings) >= 2


def test_the_invented_terms_are_the_full_demos_emerging_terms():
    """The full demo spreads EMERGING_TERMS from nothing; those no taxonomy lists ("vector
    search" is a skill of ours) are what emerging_terms finds, and nothing else."""
    from analysis.demand_terms import emerging_terms
    from analysis.ingest.dispatch import refresh_skills
    from analysis.market_filter import MarketFilter

    con = store.connect(":memory:")
    try:
        demo.generate_demo(con, size="full", seed=7, today=demo.DEMO_TODAY)
        refresh_skills(con)  # as `demo` does: the skills are what terms must not repeat
        found = emerging_terms(con, MarketFilter())["term"].tolist()
    finally:
        con.close()
    assert found == [t for t in demo.EMERGING_TERMS if t != "vector search"]
