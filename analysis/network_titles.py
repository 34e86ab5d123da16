"""Contacts' job titles read by keyword: function, seniority, recruiter, hiring manager.

Small visible tables, not a model: a title's function is every function whose keywords appear
in it as whole words (case-insensitive); its seniority is the first seniority level that does.
Which postings are target-role postings is not decided here but by the target market
(analysis.user_skills.target_market_filter), the same set everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

# Function -> keywords (whole words or phrases). Order = display order; "other" when none match.
FUNCTIONS: dict[str, tuple[str, ...]] = {
    "data & analytics": ("data", "analytics", "analyst", "analysis", "scientist", "science",
                         "machine learning", "ml", "ai", "bi", "business intelligence",
                         "insights", "statistician", "statistics", "quantitative"),
    "engineering": ("engineer", "engineering", "developer", "development engineer", "software",
                    "devops", "sre", "architect", "programmer", "platform", "infrastructure",
                    "technology", "cto"),
    "product": ("product", "product owner"),
    "design": ("design", "designer", "ux", "ui", "user experience", "creative"),
    "marketing": ("marketing", "brand", "growth", "content", "seo", "communications", "cmo"),
    "sales": ("sales", "account executive", "account manager", "business development",
              "partnerships", "commercial", "bdr", "sdr"),
    "customer": ("customer", "customer success", "support", "client", "service"),
    "people & recruiting": ("hr", "human resources", "people", "talent", "recruiter",
                            "recruiting", "recruitment", "sourcer", "hrbp", "chro"),
    "finance": ("finance", "financial", "accounting", "accountant", "controller", "audit",
                "auditor", "treasury", "cfo", "fp&a", "tax"),
    "insurance & risk": ("actuary", "actuarial", "underwriter", "underwriting", "claims", "risk",
                         "insurance"),
    "operations": ("operations", "ops", "supply chain", "logistics", "procurement", "coo",
                   "project", "program", "programme", "delivery"),
    "consulting": ("consultant", "consulting", "advisor", "adviser"),
    "legal": ("legal", "counsel", "lawyer", "attorney", "compliance", "paralegal"),
    "it": ("it", "systems", "network", "security", "salesforce", "sap", "erp", "cio",
           "administrator", "helpdesk"),
    "research & education": ("research", "researcher", "professor", "teacher", "lecturer",
                             "education"),
    "leadership": ("ceo", "founder", "co founder", "cofounder", "owner", "president",
                   "general manager", "managing director", "entrepreneur"),
}  # fmt: skip

# Seniority levels, most senior first; the first level with a keyword in the title wins.
SENIORITY: dict[str, tuple[str, ...]] = {
    "executive": ("chief", "ceo", "cto", "cfo", "coo", "cio", "cmo", "chro", "cdo", "president",
                  "vice president", "vp", "svp", "evp", "founder", "co founder", "cofounder",
                  "managing partner", "managing director"),
    "director": ("director", "head"),
    "manager": ("manager", "lead", "principal", "supervisor", "team lead"),
    "senior": ("senior", "sr", "staff", "specialist", "expert"),
    "entry": ("junior", "jr", "intern", "internship", "trainee", "graduate", "apprentice",
              "student", "assistant"),
}  # fmt: skip
SENIORITY_ORDER = [*SENIORITY, "individual"]

# Words that make a title a possible hiring manager (with a function matching target roles).
HIRING_SENIORITY = ("manager", "director", "head", "vp", "vice president", "svp", "evp",
                    "chief", "lead", "principal", "ceo", "cto", "cio", "cdo", "cfo", "coo",
                    "cmo", "president", "founder", "co founder", "cofounder")  # fmt: skip

RECRUITER = ("recruiter", "recruiting", "recruitment", "talent acquisition", "sourcer",
             "sourcing", "talent partner", "people partner", "hr business partner",
             "human resources business partner", "hrbp", "headhunter", "talent scout",
             "executive search")  # fmt: skip

# Words of a target role that say nothing about its function.
_ROLE_STOP = frozenset({
    "a", "an", "and", "of", "the", "for", "in", "to", "with", "at", "on", "or", "remote",
    "senior", "sr", "junior", "jr", "lead", "principal", "staff", "head", "director",
    "manager", "management", "vp", "vice", "president", "chief", "officer", "associate",
    "assistant", "intern", "ii", "iii", "iv", "i", "level", "team", "global", "group",
    "specialist", "expert", "executive",
})  # fmt: skip


def keyword_pattern(words: Iterable[str]) -> str:
    """A case-insensitive whole-word regex (Python re and RE2 alike) matching any of ``words``.

    Titles are compared after `clean_title` (lower case, punctuation -> spaces), so keywords are
    written lower case with spaces.
    """
    alternatives = sorted({re.escape(w) for w in words if w}, key=len, reverse=True)
    if not alternatives:
        return r"(?!x)x"  # matches nothing
    return r"\b(?:" + "|".join(alternatives) + r")\b"


def clean_title(title: str | None) -> str:
    """Lower case with punctuation (except &) turned into spaces: "Sr. VP, Data" -> "sr vp data"."""
    if not isinstance(title, str):
        return ""
    return " ".join(re.sub(r"[^\w&]+", " ", title.casefold()).replace("_", " ").split())


_FUNCTION_RES = {name: re.compile(keyword_pattern(words)) for name, words in FUNCTIONS.items()}
_SENIORITY_RES = {name: re.compile(keyword_pattern(words)) for name, words in SENIORITY.items()}
_HIRING_RE = re.compile(keyword_pattern(HIRING_SENIORITY))
_RECRUITER_RE = re.compile(keyword_pattern(RECRUITER))


def functions_of(title: str | None) -> list[str]:
    """Every function whose keywords occur in the title, in FUNCTIONS order."""
    text = clean_title(title)
    return [name for name, rx in _FUNCTION_RES.items() if rx.search(text)]


def seniority_of(title: str | None) -> str:
    text = clean_title(title)
    for name, rx in _SENIORITY_RES.items():
        if rx.search(text):
            return name
    return "individual"


def is_recruiter(title: str | None) -> bool:
    return bool(_RECRUITER_RE.search(clean_title(title)))


def primary_function(title: str | None) -> str | None:
    """The first function of the title in FUNCTIONS order (specific before generic), leaving
    out "leadership" unless it is the only one; None when no keyword matches."""
    funcs = functions_of(title)
    return next((f for f in funcs if f != "leadership"), funcs[0] if funcs else None)


# Spelling variants of role words, so "Analytics Engineer" finds an "Engineering Manager".
_VARIANTS = {
    "engineer": ("engineering",), "engineering": ("engineer",), "developer": ("development",),
    "analytics": ("analyst", "analysis"), "analyst": ("analytics", "analysis"),
    "scientist": ("science",), "science": ("scientist",), "designer": ("design",),
    "design": ("designer",), "marketer": ("marketing",), "recruiter": ("recruiting",),
}  # fmt: skip


def role_words(role: str) -> list[str]:
    """A role's own content words (no seniority or filler): "Director of Data Analytics" ->
    data, analytics."""
    return [w for w in clean_title(role).split() if w not in _ROLE_STOP]


def role_keywords(target_roles: Iterable[str]) -> list[str]:
    """Function words of the target roles, used to call a senior title a hiring manager: each
    role's content words with their variants, plus every keyword of its primary function
    ("Analytics Engineer" -> analytics, analyst, analysis, engineer, engineering + the data &
    analytics list)."""
    words: set[str] = set()
    for role in target_roles:
        function = primary_function(role)
        if function is not None and function != "leadership":
            words.update(FUNCTIONS[function])
        for word in role_words(role):
            words.add(word)
            words.update(_VARIANTS.get(word, ()))
    return sorted(words)


def classify_titles(titles: pd.Series, target_roles: Iterable[str] | None = None) -> pd.DataFrame:
    """Columns: function, seniority, role (hiring manager / recruiter / other), indexed like
    ``titles``. Classification runs once per distinct title.

    function is the title's primary function ("other" when none; people & recruiting for every
    recruiter). role: recruiter when a
    recruiter phrase appears; hiring manager when a hiring-seniority word appears and (with
    target roles given) the title has a function of the target roles (see role_keywords).
    """
    roles = list(target_roles or [])
    role_re = re.compile(keyword_pattern(role_keywords(roles))) if roles else None
    cleaned = titles.map(clean_title, na_action=None)
    distinct = pd.Series(pd.unique(cleaned), dtype=object)
    rows = []
    for text in distinct:
        funcs = [name for name, rx in _FUNCTION_RES.items() if rx.search(text)]
        function = next((f for f in funcs if f != "leadership"), funcs[0] if funcs else "other")
        seniority = next((s for s, rx in _SENIORITY_RES.items() if rx.search(text)), "individual")
        if _RECRUITER_RE.search(text):
            role, function = "recruiter", "people & recruiting"
        elif _HIRING_RE.search(text) and (role_re is None or role_re.search(text)):
            role = "hiring manager"
        else:
            role = "other"
        rows.append((text, function, seniority, role))
    table = pd.DataFrame(rows, columns=["clean", "function", "seniority", "role"])
    table = table.set_index("clean")
    out = table.reindex(cleaned.to_numpy())
    out.index = titles.index
    return out
