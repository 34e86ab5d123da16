"""The report's data: every analysis its sections show, computed at most once per report."""

from __future__ import annotations

from datetime import date
from functools import cached_property

import pandas as pd

from analysis import atrophy, demand, network, store
from analysis import plan as plan_api
from analysis.market_filter import MarketFilter
from analysis.profile_edit import goals_table
from analysis.user_skills import market_skill_stats, target_market_filter


class ReportData:
    """Everything the sections show, each analysis computed once, names already redacted.

    The market section reads `market_con`: the workspace itself, or the attached market study's
    connection (`analysis.market_source`) when `study` (its AttachedStudy) is given; every
    other section reads the workspace.
    """

    def __init__(self, con: store.Connection, today: date, redactor, study=None,
                 study_con: store.Connection | None = None) -> None:  # fmt: skip
        self.con, self.today, self.redactor = con, today, redactor
        self.study = study
        self.market_con = study_con if study_con is not None else con

    def count(self, table_name: str) -> int:
        return self.counts[table_name]

    @cached_property
    def counts(self) -> dict[str, int]:
        return store.table_counts(self.con)

    @cached_property
    def market(self) -> MarketFilter:
        return target_market_filter(self.con)

    @cached_property
    def market_postings(self) -> int:
        return demand.posting_total(self.con, self.market)

    @cached_property
    def shown_market(self) -> MarketFilter:
        """The market section's filter: the target market, over the study when it reads one."""
        if self.study is None:
            return self.market
        return target_market_filter(self.con, self.market_con)

    @cached_property
    def shown_postings(self) -> int:
        if self.study is None:
            return self.market_postings
        return demand.posting_total(self.market_con, self.shown_market)

    @cached_property
    def source_postings(self) -> int:
        """Every posting the market section could read (the workspace's or the study's)."""
        if self.study is None:
            return self.count("postings")
        return demand.posting_total(self.market_con, MarketFilter())

    @cached_property
    def market_stats(self) -> pd.DataFrame:
        return market_skill_stats(self.market_con, self.shown_market, self.today)

    @cached_property
    def demand(self) -> pd.DataFrame:
        return demand.skill_demand(self.market_con, self.shown_market)

    @cached_property
    def trends(self) -> pd.DataFrame:
        return demand.skill_trends(self.market_con, self.shown_market)

    @cached_property
    def fit(self) -> atrophy.MarketFit:
        return atrophy.market_fit(self.con, self.market, today=self.today)

    @cached_property
    def risk(self) -> pd.DataFrame:
        return atrophy.atrophy_risk(self.con, self.market, today=self.today)

    @cached_property
    def gaps(self) -> pd.DataFrame:
        return atrophy.skill_gaps(self.con, self.market, n=10, today=self.today)

    @cached_property
    def learning(self) -> pd.DataFrame:
        return atrophy.learning_plan(self.con, self.market, today=self.today)

    @cached_property
    def ten(self) -> tuple[network.TenPeopleResult, pd.DataFrame]:
        result = network.ten_people_test(self.con, today=self.today)
        return result, self.redactor.frame(result.people, people=["contact"])

    @cached_property
    def outreach(self) -> pd.DataFrame:
        """weekly_outreach_plan plus note: the latest interaction note of each person."""
        frame = network.weekly_outreach_plan(self.con, today=self.today)
        notes = dict(self.con.execute(
            "SELECT contact_id, note FROM interactions WHERE note IS NOT NULL "
            "AND trim(note) <> '' AND list_contains(?, contact_id) QUALIFY row_number() OVER "
            "(PARTITION BY contact_id ORDER BY occurred_at DESC, interaction_id DESC) = 1",
            [[int(i) for i in frame["contact_id"]]]).fetchall())  # fmt: skip
        frame["note"] = frame["contact_id"].map(notes).astype(object)
        return self.redactor.frame(frame, people=["contact"], notes=["note"])

    @cached_property
    def overdue(self) -> pd.DataFrame:
        frame = network.overdue_contacts(self.con, today=self.today)
        return self.redactor.frame(frame, people=["contact"])

    @cached_property
    def never_in_touch(self) -> int:
        return network.status_counts(self.con, today=self.today)["never in touch"]

    @cached_property
    def coverage(self) -> pd.DataFrame:
        frame = network.target_coverage(self.con, today=self.today)
        return self.redactor.frame(frame, people=["strongest_contact"],
                                   texts=["hiring_manager_names", "recruiter_names"])  # fmt: skip

    @cached_property
    def coverage_gaps(self) -> pd.DataFrame:
        return network.coverage_gaps(self.con, top=10)

    @cached_property
    def runway(self) -> plan_api.RunwayResult:
        return plan_api.runway_from_store(self.con)

    @cached_property
    def diversification(self) -> plan_api.Diversification:
        return plan_api.income_diversification(self.con)

    @cached_property
    def goals(self) -> pd.DataFrame:
        return goals_table(self.con)

    @cached_property
    def progress(self) -> pd.DataFrame:
        return plan_api.goals_progress(self.con, self.today)

    @cached_property
    def late_milestones(self) -> pd.DataFrame:
        return plan_api.overdue_milestones(self.con, self.today)
