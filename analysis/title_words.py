"""Words of job titles, for the market analyses that read titles as text.

A title says what a job is ("data engineer", "product manager") and how senior it is ("senior",
"staff", "founding"). The rank cuts across every family of jobs, so role clusters ignore it; and
neither part is a skill, so emerging terms drop phrases holding either. Boards that list only
titles (HN "Who's hiring") make both matter: there, titles are all the text there is.
"""

from __future__ import annotations

import re

# Rank, seniority and terms of employment: "Senior", "Staff", "Founding", "II", "Part-time".
RANK_WORDS = frozenset(
    """
    senior sr staff principal founding junior jr lead leads chief head ii iii iv mid-level
    entry-level mid-senior member members intern interns internship trainee trainees
    apprentice apprentices graduate graduates grad student students phd postdoc fellow fellows
    part-time full-time contractor contractors freelancer freelancers
    """.split()
)

# What a job is called: "engineer", "manager", "evangelist".
ROLE_NOUNS = frozenset(
    """
    engineer engineers eng developer developers designer designers architect architects
    administrator administrators analyst analysts scientist scientists researcher researchers
    manager managers director directors executive executives officer officers specialist
    specialists consultant consultants expert experts associate associates coordinator
    coordinators representative representatives technician technicians programmer programmers
    founder founders co-founder cofounder ex-founder recruiter recruiters evangelist
    evangelists advocate advocates vp cto ceo cfo coo president
    """.split()
)

# Spellings of one job family written apart, hyphenated or as one word. One pattern, one pass:
# clustering runs it over every posting's title.
_SPELLINGS = {("full", "stack"): "fullstack", ("front", "end"): "frontend",
              ("back", "end"): "backend", ("dev", "ops"): "devops"}  # fmt: skip
_SPLIT = re.compile(r"\b(full|front|back|dev)[\s-]?(stack|end|ops)\b", re.IGNORECASE)


def _joined(match: re.Match) -> str:
    return _SPELLINGS.get((match[1].lower(), match[2].lower()), match[0])


def one_spelling(text: str) -> str:
    """``text`` with each job family's spelling variants written one way ("Full Stack",
    "full-stack" -> "fullstack"), so they count as one word."""
    return _SPLIT.sub(_joined, text)
