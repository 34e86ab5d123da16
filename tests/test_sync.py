"""Taxonomy sync and incremental extraction into the workspace."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import store
from analysis.skills import additions, sync
from analysis.store import get_meta

POSTINGS = [
    ("a", "Data Analyst", "2024-01-05", "Strong SQL and Python; dashboards in Tableau.", None),
    ("b", "Platform Engineer", "2024-02-07", "Run k8s clusters and Terraform on AWS.", None),
    ("c", "Nurse", "2024-02-09", "Patient care on a busy ward.", "Excel, Postgres"),
]


def add(con, rows) -> None:
    con.executemany(
        "INSERT INTO postings (posting_id, title, date_posted, description, skills_list, import_id) "
        "VALUES (?, ?, ?, ?, ?, 1)",
        [list(r) for r in rows],
    )


def skills_of(con) -> dict[str, list[str]]:
    rows = con.execute("SELECT posting_id, skill_id FROM posting_skills ORDER BY ALL").fetchall()
    out: dict[str, list[str]] = {}
    for posting_id, skill_id in rows:
        out.setdefault(posting_id, []).append(skill_id)
    return out


@pytest.fixture
def con():
    con = store.connect(":memory:")
    add(con, POSTINGS)
    yield con
    con.close()


def test_sync_taxonomy_writes_once(con):
    taxonomy = sync.active_taxonomy(con)
    assert sync.sync_taxonomy(con, taxonomy) is True
    assert sync.sync_taxonomy(con, taxonomy) is False
    assert get_meta(con, "taxonomy_version") == taxonomy.version
    assert con.execute("SELECT count(*) FROM skills").fetchone()[0] == len(taxonomy)
    assert con.execute("SELECT count(*) FROM skill_aliases").fetchone()[0] == len(taxonomy.aliases)
    assert con.execute("SELECT name FROM skills WHERE skill_id = 'python'").fetchone() == (
        "Python",
    )


def test_extraction_is_incremental(con):
    calls = []
    assert sync.extract_pending(con, progress=lambda done, total: calls.append((done, total))) == 3
    assert calls == [(0, 3), (3, 3)]
    found = skills_of(con)
    assert {"sql", "python", "tableau"} <= set(found["a"])
    assert {"kubernetes", "terraform"} <= set(found["b"])
    assert {"excel", "postgresql"} <= set(found["c"])  # from the skills list
    assert sync.extract_pending(con) == 0
    add(con, [("d", "Analyst", "2024-03-01", "Excel wizard.", None)])
    assert sync.extract_pending(con) == 1
    assert skills_of(con)["a"] == found["a"]
    version = sync.extraction_version(sync.active_taxonomy(con))
    assert con.execute("SELECT DISTINCT taxonomy_version FROM extracted_postings").fetchall() == [
        (version,)
    ]


def test_mentions_counted_and_skills_list_adds_one(con):
    text = "SQL every day: SQL reports, SQL tuning."
    add(con, [("e", "Database Analyst", None, text, "SQL")])
    sync.extract_pending(con)
    extractor = sync.extractor_for(sync.active_taxonomy(con))
    in_text = sum(m.skill_id == "sql" for m in extractor.mentions("Database Analyst\n" + text))
    assert in_text >= 1
    got = con.execute(
        "SELECT mentions FROM posting_skills WHERE posting_id = 'e' AND skill_id = 'sql'"
    )
    assert got.fetchone() == (in_text + 1,)  # one more for the skills list


def test_taxonomy_change_re_extracts_everything(con):
    sync.extract_pending(con)
    before = skills_of(con)
    skill_id = additions.add_custom_skill(con, "Busy ward", aliases=["busy wards"], extract=False)
    assert skill_id == "custom:busy-ward"
    assert sync.pending_count(con) == 3
    assert sync.extract_pending(con) == 3
    after = skills_of(con)
    assert after["c"] == sorted(before["c"] + ["custom:busy-ward"])
    assert after["a"] == before["a"]
    assert con.execute(
        "SELECT name, category, origin FROM skills WHERE skill_id = ?", [skill_id]
    ).fetchone() == ("Busy ward", "Custom", "custom")


def test_adding_a_skill_only_reads_postings_that_can_mention_it(con, monkeypatch):
    sync.extract_pending(con)
    processed = []
    real = sync.extract_pending
    monkeypatch.setattr(additions, "extract_pending", lambda c: processed.append(real(c)))
    assert (
        additions.add_custom_skill(con, "Busy ward", aliases=["busy wards"]) == "custom:busy-ward"
    )
    assert processed == [1]  # posting c: the only one with "busy" or "wards"
    assert sync.pending_count(con) == 0
    assert "custom:busy-ward" in skills_of(con)["c"]
    # A skill the taxonomy already knows adds nothing and re-extracts nothing.
    assert additions.add_custom_skill(con, "python") == "python"
    assert processed == [1]


def test_stale_rows_are_replaced(con):
    con.execute("INSERT INTO posting_skills VALUES ('a', 'cobol', 3)")
    sync.extract_pending(con)
    assert "cobol" not in skills_of(con)["a"]


def test_aggregates_are_refreshed(con):
    sync.extract_pending(con)
    assert sync.aggregates_fresh(con)
    months = con.execute(
        "SELECT month::VARCHAR, postings FROM month_counts ORDER BY month"
    ).fetchall()
    assert months == [("2024-01-01", 1), ("2024-02-01", 2)]
    assert con.execute(
        "SELECT postings FROM skill_month_counts WHERE skill_id = 'sql' AND month = '2024-01-01'"
    ).fetchone() == (1,)
    add(con, [("f", "X", "2024-04-01", "nothing to see", None)])
    assert not sync.aggregates_fresh(con)
    sync.extract_pending(con)
    assert sync.aggregates_fresh(con)


def test_process_pool_gives_the_same_rows(con, monkeypatch):
    rows = [
        (f"x{i}", "Engineer", "2024-01-01", f"Go, Rust and SQL, run {i}.", "AWS") for i in range(30)
    ]
    add(con, rows)
    sync.extract_pending(con, workers=1, batch_size=7)
    in_process = con.execute("SELECT * FROM posting_skills ORDER BY ALL").df()
    con.execute("DELETE FROM extracted_postings")
    monkeypatch.setattr(sync, "POOL_THRESHOLD", 10)
    assert sync.extract_pending(con, workers=2, batch_size=7) == 33
    pd.testing.assert_frame_equal(
        con.execute("SELECT * FROM posting_skills ORDER BY ALL").df(), in_process
    )


def test_extract_batch_is_pure():
    taxonomy = sync.builtin_taxonomy()
    batch = pd.DataFrame(
        {"posting_id": ["1", "2"], "title": ["Analyst", None],
         "description": ["Excel and SQL", None], "skills_list": [None, "Python, Excel"]}
    )  # fmt: skip
    got = sync.extract_batch(sync.extractor_for(taxonomy), batch)
    expected = pd.DataFrame(
        {"posting_id": ["1", "1", "2", "2"], "skill_id": ["excel", "sql", "excel", "python"],
         "mentions": [1, 1, 1, 1]}
    )  # fmt: skip
    expected["mentions"] = expected["mentions"].astype("int64")
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert got["mentions"].dtype == "int64"


def test_import_custom_and_onet(con, tmp_path):
    custom = tmp_path / "mine.csv"
    custom.write_text(
        "skill_id,name,category,aliases\nward-rounds,Ward rounds,Healthcare,ward round\n",
        encoding="utf-8",
    )
    assert additions.import_external_taxonomy(con, custom, "custom", extract=False).skills == 1
    assert "ward-rounds" in sync.active_taxonomy(con)
    onet = tmp_path / "Technology Skills.csv"
    onet.write_text(
        "O*NET-SOC Code,Title,Example,Commodity Code,Commodity Title,Hot Technology,In Demand\n"
        "15-1252.00,Software Developers,Python,43232403,Object oriented software,Y,Y\n"
        "15-1252.00,Software Developers,Quantum Widget Studio,43232404,Development software,N,N\n"
        "29-1141.00,Registered Nurses,Tableau,43232110,Business intelligence software,Y,N\n",
        encoding="utf-8",
    )
    assert additions.import_external_taxonomy(con, onet, "onet", extract=False).skills == 3
    signals = con.execute(
        "SELECT external_name, skill_id, hot_technology, in_demand FROM external_signals ORDER BY 1"
    ).fetchall()
    assert signals == [
        ("Python", "python", True, True),
        ("Quantum Widget Studio", "onet:quantum-widget-studio", False, False),
        ("Tableau", "tableau", True, False),
    ]
    with pytest.raises(Exception, match="Unknown taxonomy kind"):
        additions.import_external_taxonomy(con, onet, "csv")


def market_tables(con) -> dict[str, list]:
    tables = ("market_postings", "market_links", "month_counts", "skill_month_counts")
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}


def test_market_tables_update_incrementally(con, monkeypatch):
    sync.extract_pending(con)
    monkeypatch.setattr(sync, "refresh_aggregates", lambda c: pytest.fail("rebuilt"))
    add(con, [("g", "Analyst", "2024-02-20", "Python and Excel.", None)])
    assert sync.extract_pending(con) == 1
    assert additions.add_custom_skill(con, "Busy ward") == "custom:busy-ward"  # re-extracts c
    assert sync.aggregates_fresh(con)
    incremental = market_tables(con)
    assert len(incremental["market_postings"]) == 4
    monkeypatch.undo()
    sync.refresh_aggregates(con)
    assert market_tables(con) == incremental
