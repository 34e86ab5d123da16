"""Score the skill extractor against labelled job-posting text.

    python benchmarks/extraction_quality.py [--datasets ../shared/datasets] [--top 20]

Sources (read in place from the shared datasets folder):
- SkillSpan (Zhang et al. 2022) train and dev, JSON lines of tokens with Skill and Knowledge BIO
  tags; each line's "source" says tech or house. Sentences of one posting (same idx and source)
  are joined into one document, so context rules see a posting as they would in real use.
- Decorte et al. TECH and HOUSE validation sets: sentences with annotated spans (skills and
  knowledge together), spans located by their first occurrence in the sentence.

precision = extracted mentions overlapping any gold span (Knowledge or Skill) / extracted
recall    = gold Knowledge spans (Decorte: all spans) overlapped by an extraction / gold spans
prec@ann  = precision over mentions in lines (sentences) with at least one gold span: a
            diagnostic. SkillSpan annotates requirement sentences; a posting's title, its "our
            stack" lists and its company blurb carry real skill names but no annotation at all.
prec/post = precision over (posting, skill) pairs, what demand share counts: a pair is right
            when at least one of its mentions overlaps a gold span.
flagged   = mentions set aside as being about the employer (partnerships, benefits, equal
            opportunity, company descriptions; `Mention.context`), not counted above;
            "(gold n)" says how many of them overlap a gold span, i.e. what setting them aside
            cost.

Under the tables: the listed set's false positives by where they stand (the first line, which
is SkillSpan's title; a labelled line, where the annotators missed or cut a span; a line without
any label: stack lists, blurbs), then the most frequent false positives and missed gold spans.

Each set is scored in both skill scopes (analysis/skills/scope.py): "named", every skill a
posting names, the default; and "asked", only mentions in sentences that ask something of the
candidate (analysis/skills/asked.py, a model learned from SkillSpan's train split only by
`train_asked_weights.py`; the dev split stays held out). SkillSpan labels what is asked.

Targets on SkillSpan dev tech: precision >= 0.85, Knowledge recall >= 0.60.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.skills.asked import ASKED, SCOPES, load_asked_model  # noqa: E402
from analysis.skills.extractor import Extractor  # noqa: E402
from analysis.skills.rules import load_context_rules  # noqa: E402
from analysis.skills.scope import SCOPE_LABELS  # noqa: E402
from analysis.skills.taxonomy import load_builtin_taxonomy  # noqa: E402

DEFAULT_DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


@dataclass
class Document:
    text: str
    knowledge: list[tuple[int, int]] = field(default_factory=list)  # recall counts these
    any_gold: list[tuple[int, int]] = field(default_factory=list)  # precision counts these


def _bio_spans(tokens: list[str], tags: list[str], starts: list[int]) -> list[tuple[int, int]]:
    spans, open_span = [], None
    for token, tag, start in zip(tokens, tags, starts, strict=True):
        if tag == "B" or (tag == "I" and open_span is None):
            if open_span:
                spans.append(tuple(open_span))
            open_span = [start, start + len(token)]
        elif tag == "I":
            open_span[1] = start + len(token)
        else:
            if open_span:
                spans.append(tuple(open_span))
            open_span = None
    if open_span:
        spans.append(tuple(open_span))
    return spans


def skillspan_documents(path: Path) -> dict[str, list[Document]]:
    """{"tech": [...], "house": [...]}: one Document per posting of the split file."""
    postings: dict[tuple[str, int], list[dict]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                postings.setdefault((row["source"], row["idx"]), []).append(row)
    out: dict[str, list[Document]] = {}
    for (source, _), sentences in postings.items():
        doc = Document("")
        parts: list[str] = []
        offset = 0
        for row in sentences:
            starts, pos = [], offset
            for token in row["tokens"]:
                starts.append(pos)
                pos += len(token) + 1
            knowledge = _bio_spans(row["tokens"], row["tags_knowledge"], starts)
            doc.knowledge += knowledge
            doc.any_gold += knowledge + _bio_spans(row["tokens"], row["tags_skill"], starts)
            parts.append(" ".join(row["tokens"]))
            offset += len(parts[-1]) + 1
        doc.text = "\n".join(parts)
        out.setdefault(source, []).append(doc)
    return out


def decorte_documents(path: Path) -> list[Document]:
    by_sentence: dict[str, set[tuple[int, int]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            start = row["sentence"].find(row["span"])
            spans = by_sentence.setdefault(row["sentence"], set())
            if start >= 0 and row["span"].strip():
                spans.add((start, start + len(row["span"])))
    return [Document(s, sorted(spans), sorted(spans)) for s, spans in by_sentence.items()]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Score:
    extracted: int = 0
    correct: int = 0
    extracted_annotated: int = 0  # mentions in a line holding at least one gold span
    correct_annotated: int = 0
    gold: int = 0
    found: int = 0
    pairs: int = 0  # distinct (posting, skill) among the extracted mentions
    pairs_correct: int = 0  # ... with at least one mention overlapping a gold span
    flagged: int = 0  # mentions with a context: not counted as extracted
    flagged_gold: int = 0
    false_positives: Counter = field(default_factory=Counter)
    misses: Counter = field(default_factory=Counter)
    false_positive_places: Counter = field(default_factory=Counter)  # where each one stands

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 0.0

    @property
    def precision_annotated(self) -> float:
        if not self.extracted_annotated:
            return 0.0
        return self.correct_annotated / self.extracted_annotated

    @property
    def precision_pairs(self) -> float:
        return self.pairs_correct / self.pairs if self.pairs else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0


def score(extractor: Extractor, documents: list[Document]) -> Score:
    result = Score()
    for doc in documents:
        spans = []
        for m in extractor.mentions(doc.text, flagged=True):
            if m.context is None:
                spans.append((m.start, m.end, m.skill_id))
            else:
                result.flagged += 1
                result.flagged_gold += any(_overlaps((m.start, m.end), g) for g in doc.any_gold)
        pair_ok: dict[str, bool] = {}
        for start, end, skill_id in spans:
            ok = any(_overlaps((start, end), g) for g in doc.any_gold)
            pair_ok[skill_id] = pair_ok.get(skill_id, False) or ok
            result.extracted += 1
            result.correct += ok
            line_start = doc.text.rfind("\n", 0, start) + 1
            line_end = doc.text.find("\n", end) % (len(doc.text) + 1)
            labelled = any(_overlaps((line_start, line_end), g) for g in doc.any_gold)
            if labelled:
                result.extracted_annotated += 1
                result.correct_annotated += ok
            if not ok:
                result.false_positives[f"{doc.text[start:end]} -> {skill_id}"] += 1
                place = (
                    "first line"
                    if line_start == 0
                    else "labelled line"
                    if labelled
                    else "line without any label"
                )
                result.false_positive_places[place] += 1
        result.pairs += len(pair_ok)
        result.pairs_correct += sum(pair_ok.values())
        for gold in doc.knowledge:
            result.gold += 1
            if any(_overlaps(gold, (s, e)) for s, e, _ in spans):
                result.found += 1
            else:
                result.misses[doc.text[gold[0] : gold[1]].lower()] += 1
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets", type=Path, default=DEFAULT_DATASETS, help="shared datasets folder"
    )
    parser.add_argument(
        "--top", type=int, default=20, help="how many false positives / misses to list"
    )
    parser.add_argument("--focus", default="skillspan dev tech",
                        help="the set whose false positives and misses are listed ('all' for every set)")  # fmt: skip
    parser.add_argument(
        "--scope", nargs="+", choices=SCOPES, default=list(SCOPES),
        help="the skill scopes to score (default: both)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    skillspan = args.datasets / "skillspan" / "json"
    decorte = args.datasets / "decorte_esco_linking"
    if not skillspan.is_dir() and not decorte.is_dir():
        print(f"No labelled datasets under {args.datasets}: nothing to score "
              "(expected skillspan/json and decorte_esco_linking).", file=sys.stderr)  # fmt: skip
        return 2
    taxonomy = load_builtin_taxonomy()
    print(f"taxonomy {taxonomy.version}: {len(taxonomy)} skills, {len(taxonomy.aliases)} aliases")
    sets: dict[str, list[Document]] = {}
    for split in ("train", "dev"):
        if (skillspan / f"{split}.json").is_file():
            for source, docs in sorted(skillspan_documents(skillspan / f"{split}.json").items()):
                sets[f"skillspan {split} {source}"] = docs
    for name in ("tech", "house"):
        if (decorte / f"{name}_validation_annotations.csv").is_file():
            sets[f"decorte {name} validation"] = decorte_documents(
                decorte / f"{name}_validation_annotations.csv"
            )
    rules = load_context_rules()
    for scope in args.scope:
        extractor = Extractor(
            taxonomy, {**rules, ASKED: load_asked_model()} if scope == "asked" else rules
        )
        print(f"\nSkill scope {scope}: {SCOPE_LABELS[scope]}")
        _report(extractor, sets, args)


def _report(extractor: Extractor, sets: dict[str, list[Document]], args) -> None:
    total = Score()
    focus = Score()
    print(f"{'set':<28}{'docs':>6}{'extracted':>11}{'precision':>11}{'gold':>7}{'recall':>9}"
          f"{'prec@ann':>10}{'prec/post':>11}  flagged")  # fmt: skip
    for name, docs in sets.items():
        s = score(extractor, docs)
        print(
            f"{name:<28}{len(docs):>6}{s.extracted:>11}{s.precision:>11.3f}{s.gold:>7}{s.recall:>9.3f}"
            f"{s.precision_annotated:>10.3f}{s.precision_pairs:>11.3f}  {s.flagged} (gold {s.flagged_gold})"
        )
        total.false_positives.update(s.false_positives)
        total.false_positive_places.update(s.false_positive_places)
        total.misses.update(s.misses)
        if name == args.focus:
            focus = s
    listed = total if args.focus == "all" else focus
    places = ", ".join(
        f"{n} in a {place}" for place, n in listed.false_positive_places.most_common()
    )
    print(f"\nFalse positives ({args.focus}) by where they stand: {places or 'none'}")
    print("(SkillSpan's first line is the posting's title; a line is one sentence or list item)")
    print(f"\nTop {args.top} false positives ({args.focus}):")
    for text, n in listed.false_positives.most_common(args.top):
        print(f"  {n:>4}  {text}")
    print(f"\nTop {args.top} missed gold spans ({args.focus}):")
    for text, n in listed.misses.most_common(args.top):
        print(f"  {n:>4}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
