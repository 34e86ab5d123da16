"""Market studies: the local engine finds the known skills, the Spark job (local[2]) writes
exactly the same Parquet, and a workspace reads a study in place.

The Spark tests need pyspark and a Java runtime. In CI (CI=true) their absence is a failure;
elsewhere the Spark tests are skipped with the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analysis import store
from analysis.demand import MarketFilter, skill_demand
from analysis.errors import WaypointError
from analysis.ingest.dispatch import import_file, refresh_skills
from analysis.ingest.posting_ids import stable_posting_id
from analysis.scale import attach, study
from analysis.scale import cli as study_cli
from analysis.scale.local_engine import run_local_study

IN_CI = os.environ.get("CI", "").lower() == "true"

# Skill names the built-in taxonomy knows without context rules, and their ids.
SKILLS = [("Python", "python"), ("SQL", "sql"), ("Kubernetes", "kubernetes"),
          ("Tableau", "tableau"), ("Docker", "docker"), ("Java", "java"),
          ("Terraform", "terraform"), ("Snowflake", "snowflake"), ("C++", "cpp"),
          ("Node.js", "nodejs"), ("PostgreSQL", "postgresql"), ("Jenkins", "jenkins")]  # fmt: skip
TITLES = ["Data Engineer", "Staff Nurse", "Financial Analyst", "Platform Engineer"]
FILLER = "We are hiring in the city. You will join the group on site."
N = 320
SOURCE = "market"  # the input folder's name: part of every posting id


def _market() -> tuple[list[dict], pd.DataFrame]:
    """Input rows (with one exact duplicate, one duplicate whose filler differs, and one row
    without text) and the mentions they must produce: the first skill named twice, the
    second once more when it is also in the posting's skills list."""
    rng = random.Random(11)
    rows, expected = [], []
    for i in range(N):
        (a, a_id), (b, b_id), (c, c_id) = rng.sample(SKILLS, 3)
        listed = [b] if i % 7 == 0 else None
        url = f"https://jobs.example/{i}"
        rows.append({
            "job_url": url,
            "title": TITLES[i % len(TITLES)],
            "company": rng.choice(["Acme", "Initech", None]),
            "location": rng.choice(["Remote", "Berlin", "Austin, TX"]),
            "date_posted": date(2024, 1 + i % 9, 1 + i % 28) if i % 11 else None,
            "description": f"{FILLER} {a} and {b} every day; {c} is a plus. More {a}.",
            "skills": listed,
        })  # fmt: skip
        posting_id = stable_posting_id(SOURCE, url, None, None, None)
        counts = Counter({a_id: 2, b_id: 1 + bool(listed), c_id: 1})
        expected += [(posting_id, skill, n) for skill, n in counts.items()]
    rows.append(dict(rows[3]))
    rows.append({**rows[5], "description": "Another wording. " + rows[5]["description"]})
    rows.append({**rows[8], "job_url": None, "title": None, "description": None})
    frame = pd.DataFrame(expected, columns=study.MENTION_COLUMNS)
    return rows, frame.sort_values(["posting_id", "skill_id"], ignore_index=True)


@pytest.fixture(scope="module")
def market(tmp_path_factory) -> Path:
    """The input: a folder of two Parquet files (date typed DATE, skills a list column)."""
    folder = tmp_path_factory.mktemp("input") / SOURCE
    folder.mkdir()
    rows, _ = _market()
    for part in (0, 1):
        pd.DataFrame(rows[part::2]).to_parquet(folder / f"part-{part}.parquet")
    return folder


@pytest.fixture(scope="module")
def local_study(market, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local") / "study"
    run_local_study(market, out, workers=2)
    return out


def _read(study_dir: Path, part: str) -> pd.DataFrame:
    keys = {"postings": ["posting_id"], "mentions": ["posting_id", "skill_id"],
            "monthly": ["month", "skill_id"]}[part]  # fmt: skip
    frame = pd.read_parquet(study_dir / part)
    return frame.sort_values(keys, ignore_index=True, na_position="last")


# --------------------------------------------------------------------------- local engine


def test_local_study_finds_the_known_skills(local_study):
    _, expected = _market()
    pd.testing.assert_frame_equal(_read(local_study, "mentions"), expected)


def test_local_study_monthly_aggregates(local_study):
    postings = _read(local_study, "postings")
    months = pd.to_datetime(postings["date_posted"]).dt.to_period("M").dt.start_time.dt.date
    month_of = dict(zip(postings["posting_id"], months, strict=True))
    _, mentions = _market()
    mentions["month"] = mentions["posting_id"].map(month_of)
    totals = Counter(months.where(months.notna(), None))
    per_skill = Counter(
        zip(
            mentions["month"].where(mentions["month"].notna(), None),
            mentions["skill_id"],
            strict=True,
        )
    )
    expected = pd.DataFrame(
        [(m, s, n, totals[m], n / totals[m]) for (m, s), n in per_skill.items()],
        columns=study.MONTHLY_COLUMNS,
    )
    expected = expected.astype({"postings": "int64", "total_postings": "int64", "skill_id": "str"})
    expected = expected.sort_values(["month", "skill_id"], ignore_index=True, na_position="last")
    pd.testing.assert_frame_equal(_read(local_study, "monthly"), expected)


def test_local_study_manifest(local_study, market):
    manifest = json.loads((local_study / study.MANIFEST).read_text())
    keys = ("engine", "input", "input_format", "source", "rows", "rejected", "duplicates",
            "postings", "skills", "months")  # fmt: skip
    figures = {k: manifest[k] for k in keys}
    assert figures == {
        "engine": "local", "input": str(market), "input_format": "parquet", "source": SOURCE,
        "rows": N + 3, "rejected": 1, "duplicates": 2, "postings": N, "skills": len(SKILLS),
        "months": 9,
    }  # fmt: skip
    assert manifest["taxonomy_version"] == study.default_extractor().taxonomy.version
    assert sorted(p.name for p in local_study.iterdir()) == [
        "mentions", "monthly", "postings", "skills", "study.json"
    ]  # fmt: skip


def test_local_study_matches_the_workspace_extraction(market, local_study, empty_workspace):
    """Importing the same files into a workspace gives the same mentions and aggregates."""
    con = empty_workspace
    for part in sorted(market.glob("*.parquet")):
        import_file(con, part, "postings", source=SOURCE)
    refresh_skills(con)
    workspace = con.execute(
        "SELECT posting_id, skill_id, mentions::BIGINT AS count FROM posting_skills "
        "ORDER BY posting_id, skill_id"
    ).df()
    pd.testing.assert_frame_equal(workspace, _read(local_study, "mentions"))
    monthly = con.execute(
        "SELECT s.month, s.skill_id, s.postings::BIGINT AS postings, "
        "m.postings::BIGINT AS total_postings, s.postings / m.postings AS share "
        "FROM skill_month_counts s JOIN month_counts m ON s.month IS NOT DISTINCT FROM m.month "
        "ORDER BY s.month NULLS LAST, s.skill_id"
    ).df()
    monthly["month"] = monthly["month"].dt.date.astype(object).where(monthly["month"].notna(), None)
    pd.testing.assert_frame_equal(monthly, _read(local_study, "monthly"))


@pytest.fixture(scope="module")
def two_date_orders(tmp_path_factory) -> Path:
    """A folder of two CSV files: europe.csv writes dates day first, which only its 13th row
    shows (13/02/2023); us.csv month first (02/13/2023 in its 2nd row)."""
    folder = tmp_path_factory.mktemp("orders") / "orders"
    folder.mkdir()
    for name, dates in [("europe", ["01/02/2023"] * 12 + ["13/02/2023"]),
                        ("us", ["01/02/2023", "02/13/2023"])]:  # fmt: skip
        pd.DataFrame({
            "job_url": [f"https://{name}.example/{i}" for i in range(len(dates))],
            "title": "Data Engineer", "description": "Python and SQL.", "date_posted": dates,
        }).to_csv(folder / f"{name}.csv", index=False)  # fmt: skip
    return folder


def test_a_study_reads_each_files_slashed_dates_in_that_files_order(two_date_orders, tmp_path):
    # Batches of 5 rows: europe.csv's telling date comes in its third batch, after two batches
    # that read both ways; as on import, the file's order holds for all its rows.
    manifest = run_local_study(two_date_orders, tmp_path / "study", workers=1, batch_rows=5)
    got = sorted(_read(tmp_path / "study", "postings")["date_posted"].tolist())
    europe = [date(2023, 2, 1)] * 12 + [date(2023, 2, 13)]
    us = [date(2023, 1, 2), date(2023, 2, 13)]
    assert got == sorted(europe + us)
    assert (manifest["rows"], manifest["rejected"], manifest["day_first_files"]) == (15, 0, 1)
    assert "  files with dates read day first (13/02/2023): 1" in study.summary(manifest, "x")


def test_study_without_a_text_column_is_refused(tmp_path):
    source = tmp_path / "numbers.parquet"
    pd.DataFrame({"id": [1, 2], "salary": [3, 4]}).to_parquet(source)
    with pytest.raises(WaypointError) as caught:
        run_local_study(source, tmp_path / "out", workers=1)
    assert caught.value.title == "No posting text in the input"
    assert caught.value.detail == (
        "no column is a title or a description (columns: id, salary); "
        "name one with --map description=COLUMN"
    )


def test_study_folder_is_not_overwritten_without_force(market, local_study):
    with pytest.raises(WaypointError) as caught:
        run_local_study(market, local_study, workers=1)
    assert (caught.value.title, caught.value.detail) == (
        "Study folder is not empty",
        f"{local_study}; pass --force to replace it",
    )


def test_market_study_command_runs_and_attaches(market, tmp_path, capsys):
    parser = argparse.ArgumentParser(prog="python -m analysis")
    parser.add_argument("--db")
    study_cli.register(parser.add_subparsers(dest="command", required=True))
    db, out = tmp_path / "ws.duckdb", tmp_path / "cli-study"
    args = parser.parse_args(["--db", str(db), "market-study", "--engine", "local", str(market),
                              "--out", str(out), "--workers", "1", "--attach"])  # fmt: skip
    assert args.handler(args) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith(f"Study written to {out} (local engine, ")
    assert printed[1:8] == [
        f"  rows read        {N + 3:>12,}",
        "  rejected                    1  (no title and no description, or an unreadable date)",
        "  duplicates                  2",
        f"  postings         {N:>12,}",
        f"  skill mentions   {len(_market()[1]):>12,}  ({len(SKILLS)} distinct skills, "
        f"taxonomy {study.default_extractor().taxonomy.version})",
        "  months                      9",
        f"Attached to {db}: {out.resolve()} ({N:,} postings; views study_postings, "
        "study_posting_skills, study_monthly, ...)",
    ]
    con = store.connect(db)
    try:
        assert attach.reattach_study(con).path == out.resolve()
        assert con.execute("SELECT count(*) FROM study_postings").fetchone() == (N,)
    finally:
        con.close()


# --------------------------------------------------------------------------- Spark


def _spark_problem() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install -r requirements-dev.txt)"
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (apt-get install default-jre-headless)"
    return None


@pytest.fixture(scope="module")
def spark():
    problem = _spark_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"the Spark market-study test must run in CI: {problem}", pytrace=False)
        pytest.skip(problem)
    from analysis.scale.spark_job import spark_session

    session = spark_session(
        "local[2]",
        conf={
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.shuffle.partitions": "2",
            "spark.default.parallelism": "2",
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            # A short job: the quick JIT tier and the serial GC start faster.
            "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        },
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def spark_study(spark, market, tmp_path_factory) -> Path:
    from analysis.scale.spark_job import run_spark_study

    out = tmp_path_factory.mktemp("spark") / "study"
    run_spark_study(spark, str(market), str(out))
    return out


@pytest.mark.slow
def test_spark_reads_each_files_dates_in_its_order_as_the_local_engine(spark, two_date_orders,
                                                                       tmp_path):  # fmt: skip
    from analysis.scale.spark_job import run_spark_study

    spark_manifest = run_spark_study(spark, str(two_date_orders), str(tmp_path / "spark"))
    run_local_study(two_date_orders, tmp_path / "local", workers=1, batch_rows=5)
    for part in ("postings", "monthly"):
        pd.testing.assert_frame_equal(
            _read(tmp_path / "spark", part), _read(tmp_path / "local", part)
        )
    assert spark_manifest["day_first_files"] == 1


@pytest.mark.slow
@pytest.mark.parametrize("part", ["mentions", "monthly", "postings"])
def test_spark_job_writes_what_the_local_engine_writes(spark_study, local_study, part):
    pd.testing.assert_frame_equal(_read(spark_study, part), _read(local_study, part))


@pytest.mark.slow
def test_spark_manifest_has_the_local_figures(spark_study, local_study):
    spark_manifest = json.loads((spark_study / study.MANIFEST).read_text())
    local_manifest = json.loads((local_study / study.MANIFEST).read_text())
    same = ("input", "input_format", "source", "columns", "rows", "rejected", "duplicates",
            "postings", "mentions", "skills", "months", "taxonomy_version",
            "extractor_version")  # fmt: skip
    assert {k: spark_manifest[k] for k in same} == {k: local_manifest[k] for k in same}
    assert (spark_manifest["engine"], spark_manifest["settings"]["master"]) == ("spark", "local[2]")
    assert not (spark_study / study.STAGING).exists()


@pytest.mark.slow
def test_attached_spark_study_is_queryable_from_the_workspace(spark_study, workspace_path):
    con = store.connect(workspace_path)
    try:
        attach.attach_study(con, spark_study)
    finally:
        con.close()
    con = store.connect(workspace_path)  # a new connection: the views come back from the record
    try:
        assert attach.reattach_study(con).path == spark_study.resolve()
        counts = con.execute(
            "SELECT skill_id, count(*)::BIGINT AS postings FROM study_posting_skills "
            "GROUP BY skill_id ORDER BY skill_id"
        ).df()
        monthly = (
            _read(spark_study, "monthly").groupby("skill_id", as_index=False)["postings"].sum()
        )
        pd.testing.assert_frame_equal(counts, monthly)
        assert con.execute("SELECT count(*) FROM postings").fetchone() == (0,)  # nothing copied
        source = attach.study_source()
        keys, params = source.filtered_keys(MarketFilter(locations=["remote"], roles=["nurse"]))
        postings = _read(spark_study, "postings")
        remote_nurses = postings[
            postings["location"].eq("Remote") & postings["title"].eq("Staff Nurse")
        ]
        assert con.execute(f"SELECT count(*) FROM ({keys})", params).fetchone() == (
            len(remote_nurses),
        )
        attach.detach_study(con)
        assert attach.attached_study_path(con) is None
    finally:
        con.close()


@pytest.mark.slow
def test_market_queries_run_on_the_study(spark_study):
    con = attach.study_connection(spark_study)
    try:
        demand = skill_demand(con, MarketFilter())
        remote = skill_demand(con, MarketFilter(locations=["remote"]))
    finally:
        con.close()
    mentions = _read(spark_study, "mentions")
    expected = mentions.groupby("skill_id")["posting_id"].nunique().sort_index()
    assert demand.set_index("skill_id")["postings"].sort_index().to_dict() == expected.to_dict()
    assert (demand["share"] == demand["postings"] / N).all()
    postings = _read(spark_study, "postings")
    remote_ids = set(postings.loc[postings["location"] == "Remote", "posting_id"])
    assert int(remote["postings"].sum()) == int(mentions["posting_id"].isin(remote_ids).sum())


def test_folders_with_glob_characters_in_their_names_are_read_as_named(
    market, local_study, tmp_path
):
    source = tmp_path / "exports [EU] *?"
    shutil.copytree(market, source)
    out = tmp_path / "studies [EU]" / "study"
    run_local_study(source, out, workers=1)
    # posting ids depend on the input's name; what was counted does not
    pd.testing.assert_frame_equal(_read(out, "monthly"), _read(local_study, "monthly"))
    assert len(_read(out, "postings")) == len(_read(local_study, "postings")) == 320

    def counted(folder):
        return _read(folder, "mentions")[["skill_id", "count"]].sort_values(
            ["skill_id", "count"], ignore_index=True
        )

    pd.testing.assert_frame_equal(counted(out), counted(local_study))
    single = tmp_path / "one [file].parquet"
    shutil.copyfile(market / "part-0.parquet", single)
    assert run_local_study(single, tmp_path / "one", workers=1)["postings"] == 161
