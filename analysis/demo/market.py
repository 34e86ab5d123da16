"""Demo job postings: 36 months of ads whose skill mentions follow the built-in trends."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import numpy as np

from analysis.demo.constants import DemoSize
from analysis.demo.draws import Draws, allocate, months_back, slugify
from analysis.demo.market_data import (
    BASE_SALARY,
    CITIES,
    CITY_FACTOR,
    COMPANIES,
    EMERGING_SHARES,
    FAMILIES,
    FAMILY_WEIGHTS,
    INDUSTRY_MIX,
    SENIORITIES,
    SENIORITY_BOOST,
    SENIORITY_PAY,
    SENIORITY_WEIGHTS,
    SKILL_SHARES,
    SKILL_TRENDS,
    SKILLS,
    TARGET_COMPANIES,
    TITLES,
)
from analysis.demo.posting_text import describe_posting
from analysis.ingest.posting_ids import stable_posting_id


def _month_starts(today: date) -> list[date]:
    return [months_back(today, k) for k in range(36, 0, -1)]


def _skill_matrix(rng, family, seniority, month, months: int) -> np.ndarray:
    """Boolean postings x SKILLS; per month the count of each skill follows its trend line."""
    n = len(family)
    x = month / (months - 1)
    start = np.array([SKILL_TRENDS.get(s, (1.0, 1.0))[0] for s in SKILLS])
    end = np.array([SKILL_TRENDS.get(s, (1.0, 1.0))[1] for s in SKILLS])
    prob = SKILL_SHARES[:, family].T * (start + (end - start) * x[:, None])
    for s, boost in SENIORITY_BOOST.items():
        prob[:, SKILLS.index(s)] += np.array(boost)[seniority]
    prob = np.clip(prob, 0.0, 0.97)
    has = np.zeros((n, len(SKILLS)), dtype=bool)
    carry = np.zeros(len(SKILLS))
    for m in range(months):
        rows = np.flatnonzero(month == m)
        block = prob[rows]
        expected = block.sum(axis=0) + carry
        counts = np.floor(expected + 0.5).astype(int)
        carry = expected - counts
        for s in range(len(SKILLS)):
            weights = block[:, s]
            k = min(counts[s], int((weights > 0).sum()))
            if k > 0:
                chosen = rng.choice(len(rows), size=k, replace=False, p=weights / weights.sum())
                has[rows[chosen], s] = True
    return has


def _stratified_families(rng, month: np.ndarray, months: int) -> np.ndarray:
    """Each month gets the family mix FAMILY_WEIGHTS (randomised rounding), so that a month's
    skill shares move with time and not with which families happened to post."""
    share = FAMILY_WEIGHTS / FAMILY_WEIGHTS.sum()
    family = np.empty(len(month), dtype=int)
    for m in range(months):
        rows = np.flatnonzero(month == m)
        raw = len(rows) * share
        counts = np.floor(raw).astype(int)
        extra = len(rows) - counts.sum()
        if extra:
            remainder = raw - counts
            counts[
                rng.choice(len(share), size=extra, replace=False, p=remainder / remainder.sum())
            ] += 1
        family[rows] = rng.permutation(np.repeat(np.arange(len(share)), counts))
    return family


def build_postings(seed: int, size: DemoSize, today: date, import_id: int) -> dict[str, list]:
    rng = np.random.default_rng([seed, 1])
    starts = _month_starts(today)
    months = len(starts)
    x = np.arange(months) / (months - 1)
    season = np.array([1.12, 1.08, 1.05, 1.0, 1.0, 0.97, 0.93, 0.97, 1.04, 1.02, 0.92, 0.8])
    weights = (1 + 0.35 * x) * season[[s.month - 1 for s in starts]]
    month = np.repeat(np.arange(months), allocate(size.postings, weights))
    n = size.postings
    family = _stratified_families(rng, month, months)
    seniority = rng.choice(len(SENIORITIES), size=n, p=SENIORITY_WEIGHTS / SENIORITY_WEIGHTS.sum())
    company_weight = rng.uniform(0.5, 2.0, len(COMPANIES))
    company_weight[: len(TARGET_COMPANIES)] = 1.6
    mix = np.array([INDUSTRY_MIX[c[1]] for c in COMPANIES]) * company_weight[:, None]
    company = np.empty(n, dtype=int)
    for f in range(len(FAMILIES)):
        rows = np.flatnonzero(family == f)
        company[rows] = rng.choice(len(COMPANIES), size=len(rows), p=mix[:, f] / mix[:, f].sum())
    has = _skill_matrix(rng, family, seniority, month, months)
    city_names = [c for c, _, _ in CITIES]
    city_weights = [w for _, _, w in CITIES]
    remote_share = (0.22, 0.25, 0.35, 0.35, 0.28, 0.2, 0.15, 0.05)
    rows: dict[str, list] = {k: [] for k in _POSTING_COLUMNS}
    next_id = {"linkedin": 3_781_000_000, "indeed": 0, "glassdoor": 1_008_700_000_000}
    for i in range(n):
        d = Draws(seed, 2, i)
        fam, sen = int(family[i]), int(seniority[i])
        name, industry, hq, founded = COMPANIES[company[i]]
        start = starts[month[i]]
        last_day = min(calendar.monthrange(start.year, start.month)[1], (today - start).days)
        posted = start + timedelta(days=d.int(0, last_day - 1))
        remote = d.chance(remote_share[fam])
        city = hq if d.chance(0.7) else d.weighted(city_names, city_weights)
        title = d.pick(TITLES[FAMILIES[fam]][sen])
        if remote and d.chance(0.15):
            title += d.pick((" - Remote", " (Remote)"))
        job_type = d.weighted(("fulltime", "contract", "parttime"), (0.86, 0.11, 0.03))
        if job_type == "contract" and d.chance(0.5):
            title += " (Contract)"
        source = d.weighted(("linkedin", "indeed", "glassdoor"), (0.5, 0.35, 0.15))
        skills = [SKILLS[s] for s in np.flatnonzero(has[i])]
        ranked = sorted(skills, key=lambda s: -SKILL_SHARES[SKILLS.index(s), fam] - 0.2 * d.u())
        n_required = max(1, int(np.ceil(len(ranked) * d.weighted((0.55, 0.7, 0.85), (1, 2, 1)))))
        emerging = [
            t for t, share in EMERGING_SHARES.items() if d.chance(share[fam] * float(x[month[i]]))
        ]
        salary = _salary(d, fam, sen, city, remote, skills, source, job_type, float(x[month[i]]))
        salary_min, salary_max, interval, pay_text = salary
        p = {
            "company": name, "industry": industry, "hq": hq, "founded": founded, "family": fam,
            "seniority": sen, "title": title, "remote": remote, "city": city,
            "required": ranked[:n_required], "nice": ranked[n_required:], "emerging": emerging,
            "pay_text": pay_text,
        }  # fmt: skip
        description = describe_posting(d, p)
        if source == "linkedin":
            next_id["linkedin"] += d.int(1, 150_000)
            external = str(next_id["linkedin"])
            url = f"https://www.linkedin.com/jobs/view/{external}/"
        elif source == "indeed":
            next_id["indeed"] += d.int(1, 2**40)
            external = f"{(next_id['indeed'] * 2654435761) % 2**64:016x}"
            url = f"https://www.indeed.com/viewjob?jk={external}"
        else:
            next_id["glassdoor"] += d.int(1, 400_000)
            external = str(next_id["glassdoor"])
            url = f"https://www.glassdoor.com/job-listing/{slugify(title)}-{slugify(name)}-JV.htm?jl={external}"
        if remote:
            location = d.weighted(("Remote", "United States", city), (0.5, 0.3, 0.2))
        else:
            location = city
        values = (
            stable_posting_id(source, url, title, name, description), source, external, url,
            title, name, location, remote, posted, job_type, salary_min, salary_max,
            "USD" if salary_min is not None else None, interval, description, None, import_id,
        )  # fmt: skip
        for key, value in zip(_POSTING_COLUMNS, values, strict=True):
            rows[key].append(value)
    return rows


def _salary(d: Draws, fam, sen, city, remote, skills, source, job_type, x):
    """(min, max, interval, sentence for the ad) in annual USD, or Nones when not disclosed."""
    disclose = {"linkedin": 0.35, "indeed": 0.55, "glassdoor": 0.5}[source] + 0.15 * x
    if not d.chance(disclose):
        return None, None, None, None
    mid = BASE_SALARY[fam] * SENIORITY_PAY[sen] * (1.0 if remote else CITY_FACTOR[city])
    mid *= 1.0 + 0.03 * 3 * x  # three years of wage growth across the window
    if any(
        s in skills
        for s in ("Large language models", "Generative AI", "Retrieval-augmented generation")
    ):
        mid *= 1.07
    if any(s in skills for s in ("Kubernetes", "Terraform", "Databricks", "Snowflake", "dbt")):
        mid *= 1.04
    if any(s in skills for s in ("COBOL", "Perl", "Visual Basic")):
        mid *= 0.97
    mid *= float(np.exp(0.07 * (d.u() + d.u() + d.u() - 1.5) * 2))
    low, high = mid * (0.85 + 0.07 * d.u()), mid * (1.08 + 0.1 * d.u())
    if d.chance(0.7 if job_type == "contract" else 0.08):
        rate_low, rate_high = round(low / 2080 * 2) / 2, round(high / 2080 * 2) / 2
        text = f"Pay: ${rate_low:,.2f} - ${rate_high:,.2f} per hour"
        return rate_low * 2080, rate_high * 2080, "hourly", text if d.chance(0.7) else None
    low, high = round(low, -3), round(high, -3)
    text = d.pick(("Salary range: ${a:,.0f} - ${b:,.0f} per year",
                   "The base pay for this role is ${a:,.0f} to ${b:,.0f} a year"))  # fmt: skip
    return low, high, "yearly", text.format(a=low, b=high) if d.chance(0.7) else None


_POSTING_COLUMNS = (
    "posting_id", "source", "external_id", "url", "title", "company", "location", "is_remote",
    "date_posted", "job_type", "salary_min", "salary_max", "salary_currency", "salary_interval",
    "description", "skills_list", "import_id",
)  # fmt: skip
