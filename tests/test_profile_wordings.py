"""How LinkedIn profiles word skills, mapped to the built-in taxonomy (found by audits)."""

from __future__ import annotations

import pytest

from analysis.skills import sync
from analysis.skills.skill_list import map_skill_list


@pytest.mark.parametrize(
    ("wording", "skill_ids"),
    [
        ("Enterprise Resource Planning (ERP)", ["erp-systems"]),  # not Resource management
        ("ERP Implementations", ["erp-systems"]),
        ("SAP ERP", ["sap"]),
        ("Salesforce.com Administration", ["salesforce-administration"]),  # not Salesforce
        ("Salesforce.com", ["salesforce"]),
    ],
)
def test_profile_wordings_map_to_the_skill_they_name(wording, skill_ids):
    taxonomy = sync.builtin_taxonomy()
    assert map_skill_list(taxonomy, wording, sync.extractor_for(taxonomy)) == skill_ids
