"""The text of one demo job ad, assembled from the prose pools; it names every skill it needs."""

from __future__ import annotations

from analysis.demo.draws import Draws
from analysis.demo.market_data import SOFT_SKILLS
from analysis.demo.prose_employer import (
    ABOUT_INDUSTRY,
    BENEFITS,
    CLOSINGS,
    CULTURE,
    HEADINGS,
    PROCESS,
)
from analysis.demo.prose_role import (
    AREAS,
    BOSSES,
    CONTEXT,
    DEGREES,
    EMERGING_PHRASES,
    ENJOYS,
    INTROS,
    MANAGER_DUTIES,
    NICE,
    PARTNERS,
    REQUIRED,
    REQUIRED_GROUP,
    RESPONSIBILITIES,
    SKILL_DISPLAY,
    SKILL_PHRASES,
    STACK,
    TEAMS,
    YEARS,
)


def _skill_text(d: Draws, skill: str) -> str:
    return d.pick(SKILL_DISPLAY.get(skill, (skill,)))


def _requirement_lines(d: Draws, skills: list[str], seniority: int) -> list[str]:
    lines, i = [], 0
    tech = [s for s in skills if s not in SOFT_SKILLS]
    soft = [s for s in skills if s in SOFT_SKILLS]
    while i < len(tech):
        rest = len(tech) - i
        if rest >= 2 and d.chance(0.3):
            k = 3 if rest >= 3 and d.chance(0.5) else 2
            names = [_skill_text(d, s) for s in tech[i : i + k]]
            template = d.pick([t for t in REQUIRED_GROUP if ("{c}" in t) == (k == 3)])
            lines.append(template.format(a=names[0], b=names[1], c=names[-1]))
            i += k
            continue
        skill = tech[i]
        if skill in SKILL_PHRASES and d.chance(0.6):
            lines.append(d.pick(SKILL_PHRASES[skill]))
        else:
            n = max(1, YEARS[seniority] - d.int(0, 2))
            lines.append(d.pick(REQUIRED).format(s=_skill_text(d, skill), n=n))
        i += 1
    lines += [d.pick(SKILL_PHRASES[s]) for s in soft]
    return lines


def _nice_lines(d: Draws, skills: list[str], emerging: list[str]) -> list[str]:
    lines = []
    for skill in skills:
        if skill in SKILL_PHRASES and (skill in SOFT_SKILLS or d.chance(0.4)):
            lines.append(d.pick(SKILL_PHRASES[skill]))
        else:
            lines.append(d.pick(NICE).format(s=_skill_text(d, skill)))
    lines += [d.pick(EMERGING_PHRASES[t]) for t in emerging]
    return lines


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def describe_posting(d: Draws, p: dict) -> str:
    """A job ad of several paragraphs; every skill in p['required'] and p['nice'] is named."""
    company, fam, sen = p["company"], p["family"], p["seniority"]
    facts = {
        "company": company, "hq": p["hq"], "founded": p["founded"],
        "customers": f"{d.int(2, 40) * 50_000:,}", "employees": f"{d.int(8, 120) * 100:,}",
        "stores": d.int(40, 900), "fleet": d.int(3, 30) * 100, "countries": d.int(4, 60),
        "shipments": f"{d.int(1, 9)} million", "plants": d.int(3, 24), "projects": d.int(4, 30) * 100,
    }  # fmt: skip
    about = [d.pick(ABOUT_INDUSTRY[p["industry"]]).format(**facts)]
    about += d.sample(CULTURE, d.int(2, 3))
    if d.chance(0.5):
        about.insert(1, d.pick(ABOUT_INDUSTRY[p["industry"]]).format(**facts))
        if about[1] == about[0]:
            del about[1]
    if p["remote"]:
        where = d.pick((" (remote within the US)", ", fully remote", " as a remote employee"))
    elif d.chance(0.55):
        where = f" in {p['city']} (hybrid, {d.int(2, 3)} days a week in the office)"
    else:
        where = f" at our {p['city']} office"
    intro = [d.pick(INTROS).format(
        title=p["title"], team=d.pick(TEAMS[fam]), where=where, company=company,
        n=d.int(4, 25), enjoys=ENJOYS[fam],
    )]  # fmt: skip
    intro += [c.format(boss=d.pick(BOSSES[fam]), partners=d.pick(PARTNERS), area=d.pick(AREAS))
              for c in d.sample(CONTEXT, d.int(1, 2))]  # fmt: skip
    stack = [s for s in p["required"] if s not in SOFT_SKILLS][:4]
    if len(stack) >= 3 and d.chance(0.35):
        intro.append(d.pick(STACK).format(list=_join([_skill_text(d, s) for s in stack])))
    duties = d.sample(RESPONSIBILITIES[fam], d.int(5, 7))
    if sen >= 4:
        duties += [t.format(n=d.int(4, 14)) for t in d.sample(MANAGER_DUTIES, d.int(1, 3))]
    years = YEARS[sen]
    needs = [
        d.pick((
            f"{years}+ years of relevant experience",
            f"At least {years} years in a similar role",
            f"{years}+ years of professional experience",
        )),
        *_requirement_lines(d, p["required"], sen),
    ]  # fmt: skip
    if d.chance(0.6):
        needs.append(d.pick(DEGREES))
    nice = _nice_lines(d, p["nice"], p["emerging"])
    perks = [
        b.format(match=d.int(3, 6), pto=d.int(15, 28), weeks=d.pick((8, 12, 16)))
        for b in d.sample(BENEFITS, d.int(4, 6))
    ]
    if p["pay_text"]:
        perks.insert(0, p["pay_text"])
    bullet = d.pick(("- ", "• ", "* "))
    plain = d.chance(0.15)
    heads = [d.pick(h).format(company=company) for h in HEADINGS]

    def section(i: int, lines: list[str], as_list: bool = True) -> str:
        body = "\n".join(bullet + x for x in lines) if as_list and not plain else " ".join(lines)
        if plain:
            return body
        sep = "\n" if d.chance(0.6) else ":\n"
        return heads[i] + sep + body

    parts = [section(0, about, False), section(1, intro, False), section(2, duties)]
    parts.append(section(3, needs))
    if nice:
        parts.append(section(4, nice))
    parts.append(section(5, perks))
    if d.chance(0.6):
        parts.append(" ".join(d.sample(PROCESS, d.int(1, 2))))
    if d.chance(0.8):
        parts.append(d.pick(CLOSINGS).format(company=company))
    return "\n\n".join(parts)
