"""Network health: relationship strength, the 10-people test, target companies, nurturing,
composition and the weekly outreach plan. The public entry; the work lives in network_*.py.

Every function takes the connection first and ``today`` (default settings.today()) where time
matters, and returns a DataFrame (columns in its docstring) or a small frozen dataclass.
"""

from analysis.network_common import CHANNELS, DIRECTIONS, match_companies
from analysis.network_composition import (
    ChannelMix,
    DormantShare,
    channel_mix_by_year,
    connections_by_year,
    contacts_by_company,
    contacts_by_function_and_seniority,
    dormant_share,
    job_changes,
)
from analysis.network_nurture import (
    CADENCES,
    due_soon_contacts,
    log_interaction,
    nurture_status,
    overdue_contacts,
    set_tier,
    snooze_contact,
    status_counts,
)
from analysis.network_outreach import OUTREACH_POINTS, weekly_outreach_plan
from analysis.network_strength import (
    STRENGTH_WEIGHTS,
    TenPeopleResult,
    clear_cache,
    relationship_strength,
    ten_people_test,
)
from analysis.network_targets import (
    contacts_at_company,
    coverage_gaps,
    target_companies,
    target_contacts,
    target_coverage,
    target_roles_of,
)
from analysis.network_titles import classify_titles

__all__ = [
    "CADENCES", "CHANNELS", "DIRECTIONS", "OUTREACH_POINTS", "STRENGTH_WEIGHTS", "ChannelMix",
    "DormantShare", "TenPeopleResult", "channel_mix_by_year", "classify_titles", "clear_cache",
    "connections_by_year", "contacts_at_company", "contacts_by_company",
    "contacts_by_function_and_seniority", "coverage_gaps", "dormant_share", "due_soon_contacts",
    "job_changes", "log_interaction", "match_companies", "nurture_status", "overdue_contacts",
    "relationship_strength", "set_tier", "snooze_contact", "status_counts", "target_companies",
    "target_contacts",
    "target_coverage", "target_roles_of", "ten_people_test", "weekly_outreach_plan",
]  # fmt: skip
