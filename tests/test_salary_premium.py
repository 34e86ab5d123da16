"""Salary premium: a skill that adds a known amount is found to add it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import store
from analysis.demand import salary_premium
from analysis.demand_salary import PREMIUM_COLUMNS, Z90, ridge_with_bootstrap
from analysis.market_filter import MarketFilter
from analysis.skills.sync import refresh_aggregates

N = 240


def design() -> pd.DataFrame:
    i = np.arange(N)
    return pd.DataFrame(
        {
            "posting_id": [f"p{k:03d}" for k in i],
            "sql": i % 2 == 0,  # + 10,000
            "python": i % 5 == 0,  # + 4,000
            "excel": i % 3 == 0,  # no effect
            "rust": i % 25 == 0,  # no effect, and only 10 postings: below the minimum
            "salary": 80_000
            + 10_000 * (i % 2 == 0)
            + 4_000 * (i % 5 == 0)
            + ((i * 37) % 11 - 5) * 300.0,
        }
    )


@pytest.fixture(scope="module", params=["direct", "compact"])
def con(request):  # read-only tests share it
    con = store.connect(":memory:")
    d = design()
    only_min = d.index % 7 == 0  # some postings give one figure: it is the salary
    postings = pd.DataFrame(
        {
            "posting_id": d["posting_id"],
            "title": np.where(d.index < 120, "Analyst", "Engineer"),
            "salary_min": np.where(only_min, d["salary"], d["salary"] - 5_000),
            "salary_max": np.where(only_min, np.nan, d["salary"] + 5_000),
            "salary_currency": "USD",
            "import_id": 1,
        }
    )
    # Postings in another currency, and without salary, are left out.
    others = pd.DataFrame(
        {
            "posting_id": [f"jpy{k}" for k in range(5)] + [f"none{k}" for k in range(5)],
            "title": "Analyst",
            "salary_min": [900_000.0] * 5 + [np.nan] * 5,
            "salary_max": [990_000.0] * 5 + [np.nan] * 5,
            "salary_currency": ["JPY"] * 5 + [None] * 5,
            "import_id": 1,
        }
    )
    links = d.melt(
        id_vars="posting_id", value_vars=["sql", "python", "excel", "rust"], var_name="skill_id"
    )
    links = pd.concat(
        [
            links[links["value"]],
            pd.DataFrame({"posting_id": [f"jpy{k}" for k in range(5)], "skill_id": "excel"}),
        ]
    )
    con.register("_postings", pd.concat([postings, others]))
    con.register("_links", links[["posting_id", "skill_id"]])
    con.execute("INSERT INTO postings BY NAME SELECT * FROM _postings")
    con.execute("INSERT INTO posting_skills SELECT posting_id, skill_id, 1 FROM _links")
    con.execute("INSERT INTO skills VALUES ('sql', 'SQL', 'Data', 'builtin', NULL)")
    if request.param == "compact":  # the market tables built after extraction
        refresh_aggregates(con)
    yield con
    con.close()


def closed_form(x: np.ndarray, y: np.ndarray, alpha: float) -> np.ndarray:
    """Ridge with an unpenalised intercept, as augmented least squares."""
    n, p = x.shape
    a = np.vstack(
        [np.hstack([np.ones((n, 1)), x]), np.hstack([np.zeros((p, 1)), np.sqrt(alpha) * np.eye(p)])]
    )
    b = np.concatenate([y, np.zeros(p)])
    return np.linalg.lstsq(a, b, rcond=None)[0][1:]


def test_known_premium_is_recovered(con):
    got = salary_premium(con, MarketFilter(), min_postings=20)
    assert list(got.columns) == PREMIUM_COLUMNS
    assert got["skill_id"].tolist() == ["sql", "python", "excel"]  # rust: 10 postings, absent
    assert got["postings"].tolist() == [120, 48, 80]
    assert set(got["currency"]) == {"USD"}
    assert got.loc[0, ["name", "category"]].tolist() == ["SQL", "Data"]
    d = design()
    expected = closed_form(
        d[["excel", "python", "sql"]].to_numpy(float), d["salary"].to_numpy(), 1.0
    )
    premium = got.set_index("skill_id")["premium"]
    assert premium[["excel", "python", "sql"]].tolist() == pytest.approx(expected.tolist())
    # Ridge shrinks by about m / (m + alpha), m = sum of the centred indicator squared (60 here).
    assert premium["sql"] == pytest.approx(10_000 * 60 / 61, rel=0.005)
    assert premium["python"] == pytest.approx(4_000, rel=0.05)
    assert abs(premium["excel"]) < 150
    for row in got.itertuples():
        assert row.low < row.premium < row.high
    sql = got.set_index("skill_id").loc["sql"]
    assert sql["low"] < 10_000 < sql["high"]
    assert sql["high"] - sql["low"] < 1_000


def test_deterministic_for_a_seed(con):
    a = salary_premium(con, MarketFilter(), seed=3)
    pd.testing.assert_frame_equal(a, salary_premium(con, MarketFilter(), seed=3))
    b = salary_premium(con, MarketFilter(), seed=4)
    assert a["premium"].tolist() == b["premium"].tolist()
    assert a["low"].tolist() != b["low"].tolist()


def test_minimum_and_filter(con):
    assert salary_premium(con, MarketFilter(), min_postings=121).empty
    with_rust = salary_premium(con, MarketFilter(), min_postings=10).set_index("skill_id")
    assert sorted(with_rust.index) == ["excel", "python", "rust", "sql"]
    assert with_rust.loc["rust", "postings"] == 10
    analysts = salary_premium(con, MarketFilter(roles=["analyst"]), min_postings=20)
    assert analysts["postings"].tolist() == [60, 24, 40]
    assert salary_premium(con, MarketFilter(roles=["astronaut"])).empty


def test_bootstrap_matches_the_sandwich_variance():
    rng = np.random.default_rng(1)
    x = (rng.random((3000, 3)) < [0.5, 0.3, 0.2]).astype(float)
    y = 50_000 + x @ [8_000, 0, 3_000] + rng.normal(0, 5_000, 3000) * (1 + x[:, 0])
    beta, boot = ridge_with_bootstrap(x, y, alpha=1.0, n_boot=2000, seed=0)
    assert beta == pytest.approx(closed_form(x, y, 1.0))
    xc = x - x.mean(axis=0)
    a_inv = np.linalg.inv(xc.T @ xc + np.eye(3))
    e = y - y.mean() - xc @ beta
    sandwich = a_inv @ (xc.T * e**2) @ xc @ a_inv
    assert boot.std(axis=0) == pytest.approx(np.sqrt(np.diag(sandwich)), rel=0.05)


def test_premium_chart(con):
    from analysis.charts_market import salary_premium_chart

    fig = salary_premium_chart(salary_premium(con, MarketFilter()))
    assert list(fig.data[0].y) == ["excel", "python", "SQL"]
    assert fig.layout.xaxis.title.text == "Annual premium (USD)"


def test_many_salaried_postings_use_the_exact_sandwich_interval(con):
    """Above max_boot_postings the interval is premium ± z·(sandwich standard error), the
    limit the bootstrap converges to; the premium itself does not change."""
    booted = salary_premium(con, MarketFilter(), n_boot=2000)
    exact = salary_premium(con, MarketFilter(), max_boot_postings=N - 1)
    pd.testing.assert_frame_equal(exact.drop(columns=["low", "high"]),
                                  booted.drop(columns=["low", "high"]))  # fmt: skip
    d = design()
    x = d[["excel", "python", "sql"]].to_numpy(float)
    beta = closed_form(x, d["salary"].to_numpy(), 1.0)
    xc = x - x.mean(axis=0)
    a_inv = np.linalg.inv(xc.T @ xc + np.eye(3))
    e = d["salary"].to_numpy() - d["salary"].mean() - xc @ beta
    se = np.sqrt(np.diag(a_inv @ (xc.T * e**2) @ xc @ a_inv))
    got = exact.set_index("skill_id").loc[["excel", "python", "sql"]]
    assert got["low"].tolist() == pytest.approx((beta - Z90 * se).tolist())
    assert got["high"].tolist() == pytest.approx((beta + Z90 * se).tolist())
    width = (booted["high"] - booted["low"]) / (exact["high"] - exact["low"])
    assert width.tolist() == pytest.approx([1.0] * 3, abs=0.1)


def test_far_out_salaries_are_left_out():
    # 60 postings at 100,000, SQL adds 10,000 to half of them; then one SQL posting paying
    # "10,000,000" (a funding round read as pay) and one at 4,000 a year.
    con = store.connect(":memory:")
    i = np.arange(60)
    salary = 100_000 + 10_000 * (i % 2 == 0) + ((i * 37) % 11 - 5) * 300.0
    rows = [[f"p{k:02d}", float(s)] for k, s in zip(i, salary, strict=True)]
    rows += [["huge", 10_000_000.0], ["tiny", 4_000.0]]
    con.executemany(
        "INSERT INTO postings (posting_id, title, salary_min, salary_currency, import_id) "
        "VALUES (?, 'Analyst', ?, 'USD', 1)",
        rows,
    )
    sql = [f"p{k:02d}" for k in i if k % 2 == 0] + ["huge", "tiny"]
    con.executemany("INSERT INTO posting_skills VALUES (?, 'sql', 1)", [[p] for p in sql])

    got = salary_premium(con, MarketFilter(), min_postings=20).set_index("skill_id")

    expected = closed_form((i % 2 == 0).astype(float)[:, None], salary, 1.0)[0]
    assert got.loc["sql", "postings"] == 30  # the two far-out ones are not counted
    assert got.loc["sql", "premium"] == pytest.approx(expected)
    assert expected == pytest.approx(10_000 * 15 / 16, rel=0.02)  # shrunk by m / (m + 1)
    con.close()
