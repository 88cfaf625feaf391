"""Score teikit's persons and dates against hand-made gold, exactly as ANNOTATION.md says.

Gold: one JSON file per page (``tests/gold/*.json`` by default, ``--gold DIR`` otherwise)::

    {"page": "seeds/page287.txt",
     "persons": [{"text": "Mr Blair", "id": "blair"}],
     "dates": [{"text": "11 September 2001", "when": "2001-09-11"},
               {"text": "27 June 2007 to April 2008", "from": "2007-06-27", "to": "2008-04"}]}

``page`` is a path from the repository root (a bare file name is looked for in ``seeds/``;
without it, ``seeds/<stem>.txt``); ``start``/``end`` keys are ignored.

The pages go through the public :func:`teikit.convert` and the scorer reads the TEI it
writes (``persName/@ref``, ``date/@when|@from|@to|@notBefore|@notAfter``): it measures what
users get. Two settings:

- **alone**: every gold page converted by itself;
- **run**: all gold pages converted together, in natural file order, so consecutive pages are
  neighbours (an even page joins the section of the odd page beside it, and the run's first
  pass over names sees every page).

A mention is attributed to the page whose ``pb`` precedes it in the document (each converted
page opens with one; the report lists the pages in the same order).

**Matching** (per page): texts are compared with whitespace folded (NO-BREAK, EN, THIN spaces
too), non-breaking hyphens as hyphens, and outer brackets, quotation marks and punctuation
ignored. Each gold mention, in reading order, takes the first unused predicted mention of the
page with the same text, and failing that the first whose text contains it or is contained
in it: lenient on span, strict on meaning.

**Persons**: precision, recall and F1 over mentions. Identity accuracy: over all matched
mentions of the whole set, a one-to-one mapping from predicted ids to gold ids is built
greedily (the most frequent (predicted, gold) pair first, then the next whose ids are both
still free); a matched mention counts as right when its predicted id maps onto its gold id.
A mention teikit left without ``@ref`` (ambiguous) is an identity error.

**Dates**: *strict* (the predicted value equals the gold's; a ``notBefore``/``notAfter``
pair inside the gold's calendar unit also counts) and *year from the input* (the headline:
as strict, but when the gold's year is printed nowhere in the text teikit was given for that
page, which is ANNOTATION.md's wording, asked of the page's own text in a run too, a value
that keeps the year unknown, ``--MM-DD``/``--MM``, with the right month and day counts too).
A year is printed when its four digits are (``9/11`` prints 2001), or its last two after a
month name (``Jun 04``) or an apostrophe (``’03``).
F1 over mentions: a matched mention with a wrong value counts as a false positive and a false
negative.

Kinds of miss: persons *missed*, *extra*, *wrong id*, *no id*; dates *missed* (form not
recognised: no predicted date on the page shares a word with it), *span differs* (a
predicted date overlaps it but neither text contains the other), *extra*, *wrong year*,
*wrong month/day* (or a different kind of value), *year unknown, but printed* (kept
``--MM-DD`` though the input gives the year), *year unknown (allowed)* (right only by the
year-from-input rule). ``-v`` lists every miss.

Run: ``.venv/bin/python bench/eval_entities.py [-v] [--gold DIR] [--mode alone|run|both]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from teikit import convert  # noqa: E402
from teikit.convert import natural_key  # noqa: E402
from teikit.safexml import parse_bytes  # noqa: E402

GOLD = ROOT / "tests" / "gold"
SEEDS = ROOT / "seeds"
TEI = "{http://www.tei-c.org/ns/1.0}"
_VALUE_KEYS = ("when", "from", "to", "notBefore", "notAfter")

# --- reading gold and output --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A person (``value`` = id, ``""`` when none) or a date (``value`` = its attributes)."""

    text: str
    value: tuple[tuple[str, str], ...] | str


@dataclass(slots=True)
class PageGold:
    name: str
    path: Path
    persons: list[Mention]
    dates: list[Mention]


def load_gold(folder: Path = GOLD, root: Path = ROOT) -> list[PageGold]:
    """Every gold file of ``folder``, in natural order of the page files."""
    pages = []
    for gold_file in sorted(folder.glob("*.json")):
        data = json.loads(gold_file.read_text(encoding="utf-8"))
        pages.append(
            PageGold(
                gold_file.stem,
                _page_path(data.get("page"), gold_file.stem, root),
                [Mention(p["text"], p["id"]) for p in data.get("persons", [])],
                [Mention(d["text"], _value(d)) for d in data.get("dates", [])],
            )
        )
    pages.sort(key=lambda p: natural_key(p.path))
    return pages


def _page_path(page: str | None, stem: str, root: Path) -> Path:
    if page:
        for candidate in (root / page, root / "seeds" / page):
            if candidate.is_file():
                return candidate.resolve()
    return (root / "seeds" / f"{stem}.txt").resolve()


def _value(attrs: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((k, attrs[k]) for k in _VALUE_KEYS if k in attrs)


@dataclass(slots=True)
class Predicted:
    persons: list[Mention] = field(default_factory=list)
    dates: list[Mention] = field(default_factory=list)


def predict(paths: Sequence[Path]) -> tuple[dict[Path, Predicted], dict[Path, str]]:
    """Convert ``paths`` as one run; per page: the persons and dates of its TEI, and its text."""
    found: dict[Path, Predicted] = {}
    texts: dict[Path, str] = {path: path.read_text(encoding="utf-8") for path in paths}
    for conversion in convert(list(paths)):
        sources = [Path(page.source).resolve() for page in conversion.report.pages]
        tree = parse_bytes(conversion.to_bytes(), source=conversion.name)
        body = tree.getroot().find(f"{TEI}text")
        if body is None:
            continue
        page = -1
        for node in body.iter(f"{TEI}pb", f"{TEI}persName", f"{TEI}date"):
            if node.tag == f"{TEI}pb":
                page += 1
                continue
            if page < 0:
                continue
            into = found.setdefault(sources[page], Predicted())
            text = "".join(str(t) for t in node.itertext())
            if node.tag == f"{TEI}persName":
                into.persons.append(Mention(text, (node.get("ref") or "").lstrip("#")))
            else:
                attrs = {str(k): str(v) for k, v in node.attrib.items()}
                into.dates.append(Mention(text, _value(attrs)))
    return found, texts


# --- matching -------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u2002\u2009\u202f]+")
_OUTER = "()[]{}“”‘’\"'.,;:!?–—-\u2011 "


def norm(text: str) -> str:
    """Whitespace folded, hyphens unified, outer brackets/quotes/punctuation dropped."""
    text = text.replace("\u2011", "-").replace("\u2010", "-").replace("’", "'")
    return _SPACES.sub(" ", text).strip(_OUTER + "'")


def align(gold: Sequence[Mention], found: Sequence[Mention]) -> list[tuple[int, int]]:
    """Pairs ``(gold index, found index)``: same text first, then containment, in order."""
    gold_norm = [norm(m.text) for m in gold]
    found_norm = [norm(m.text) for m in found]
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for exact in (True, False):
        for i, g in enumerate(gold_norm):
            if i in pairs:
                continue
            for j, f in enumerate(found_norm):
                if j in used or not g or not f:
                    continue
                if (g == f) if exact else (g in f or f in g):
                    pairs[i] = j
                    used.add(j)
                    break
    return sorted(pairs.items())


# --- scoring --------------------------------------------------------------------------------


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name:<22} P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"
            f"   (tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


@dataclass(slots=True)
class Result:
    """The scores of one setting (``alone`` or ``run``) and its misses."""

    mode: str
    pages: int = 0
    persons: Score = field(default_factory=Score)
    identity_right: int = 0
    identity_total: int = 0
    dates_strict: Score = field(default_factory=Score)
    dates_input: Score = field(default_factory=Score)
    date_spans: Score = field(default_factory=Score)
    kinds: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def identity(self) -> float:
        return self.identity_right / self.identity_total if self.identity_total else 1.0

    def report(self) -> str:
        lines = [
            f"[{self.mode}] gold pages: {self.pages}",
            self.persons.line("persons"),
            f"{'person identity':<22} {self.identity:.3f}"
            f"   ({self.identity_right} of {self.identity_total} matched mentions)",
            self.dates_input.line("dates, year from input"),
            self.dates_strict.line("dates, strict"),
            self.date_spans.line("date spans"),
            "misses by kind: "
            + (", ".join(f"{k} {n}" for k, n in sorted(self.kinds.items())) or "none"),
        ]
        return "\n".join(lines)


_PRINTED_YEAR = re.compile(r"(?<!\d)(?:19\d\d|20[0-4]\d)(?!\d)")
_SHORT_YEAR = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \u00a0]+|[’'])"
    r"(\d\d)(?!\d)",
    re.IGNORECASE,
)


def years_printed(text: str) -> set[str]:
    """The years a text prints (see the module docstring)."""
    years = set(_PRINTED_YEAR.findall(text))
    years.update(("20" if int(y) < 50 else "19") + y for y in _SHORT_YEAR.findall(text))
    if "9/11" in text:
        years.add("2001")
    return years


def _years(value: tuple[tuple[str, str], ...]) -> set[str]:
    return {v[:4] for _, v in value if v[:1] != "-"}


def _no_year(value: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((k, "--" + v[5:] if v[:1] != "-" else v) for k, v in value)


def _inside(gold: tuple[tuple[str, str], ...], found: tuple[tuple[str, str], ...]) -> bool:
    """``found`` equals ``gold``, or is a notBefore/notAfter pair inside its calendar unit."""
    if gold == found:
        return True
    keys = [k for k, _ in found]
    if keys != ["notBefore", "notAfter"] or len(gold) != 1 or gold[0][0] != "when":
        return False
    unit = gold[0][1]
    return all(v.startswith(unit) for _, v in found)


def _strip(value: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((k, v[5:] if v[:1] != "-" else v[2:]) for k, v in value)


def date_verdict(
    gold: tuple[tuple[str, str], ...], found: tuple[tuple[str, str], ...], printed: set[str]
) -> str:
    """``right``, ``unknown-allowed``, ``unknown-but-printed``, ``wrong-year`` or
    ``wrong-month-day`` for a matched date."""
    if _inside(gold, found):
        return "right"
    found_unknown = any(v[:1] == "-" for _, v in found)
    same_but_year = _inside(_no_year(gold), _no_year(found)) or _strip(gold) == _strip(found)
    if found_unknown and same_but_year:
        return "unknown-allowed" if not (_years(gold) & printed) else "unknown-but-printed"
    if same_but_year:
        return "wrong-year"
    return "wrong-month-day"


def _shares_word(a: str, b: str) -> bool:
    return bool(set(norm(a).split()) & set(norm(b).split()))


def score(
    mode: str, golds: Sequence[PageGold], found: dict[Path, Predicted], texts: dict[Path, str]
) -> Result:
    """Score the predictions of one setting; ``texts`` is the text teikit was given per page.

    Whether a year is printed is asked of the page's own text in both settings: a run of
    pages from many sections prints nearly every year somewhere, which would make "unknown"
    wrong for dates whose year no neighbouring page gives either.
    """
    result = Result(mode)
    identity_pairs: list[tuple[str, str, str]] = []
    for gold in golds:
        result.pages += 1
        predicted = found.get(gold.path, Predicted())
        printed = years_printed(texts[gold.path])
        # persons
        pairs = align(gold.persons, predicted.persons)
        matched_g = {i for i, _ in pairs}
        matched_f = {j for _, j in pairs}
        result.persons.tp += len(pairs)
        result.persons.fn += len(gold.persons) - len(pairs)
        result.persons.fp += len(predicted.persons) - len(pairs)
        for i, g in enumerate(gold.persons):
            if i not in matched_g:
                _miss(result, "person missed", f"{gold.name}: missed person {g.text!r} {g.value}")
        for j, f in enumerate(predicted.persons):
            if j not in matched_f:
                _miss(result, "person extra", f"{gold.name}: extra person {f.text!r} {f.value}")
        for i, j in pairs:
            identity_pairs.append(
                (str(predicted.persons[j].value), str(gold.persons[i].value), gold.name)
            )
        # dates
        pairs = align(gold.dates, predicted.dates)
        matched_g = {i for i, _ in pairs}
        matched_f = {j for _, j in pairs}
        result.date_spans.tp += len(pairs)
        result.date_spans.fn += len(gold.dates) - len(pairs)
        result.date_spans.fp += len(predicted.dates) - len(pairs)
        for i, g in enumerate(gold.dates):
            if i in matched_g:
                continue
            near = [f.text for j, f in enumerate(predicted.dates) if j not in matched_f]
            kind = (
                "date span differs"
                if any(_shares_word(g.text, t) for t in near)
                else "date missed (form not recognised)"
            )
            _miss(result, kind, f"{gold.name}: {kind} {g.text!r} {_show(g.value)}")
        for j, f in enumerate(predicted.dates):
            if j not in matched_f:
                _miss(result, "date extra", f"{gold.name}: extra date {f.text!r} {_show(f.value)}")
        for date_score in (result.dates_strict, result.dates_input):
            date_score.fn += len(gold.dates) - len(pairs)
            date_score.fp += len(predicted.dates) - len(pairs)
        for i, j in pairs:
            g, f = gold.dates[i], predicted.dates[j]
            assert isinstance(g.value, tuple) and isinstance(f.value, tuple)
            verdict = date_verdict(g.value, f.value, printed)
            for sc, ok in (
                (result.dates_strict, verdict == "right"),
                (result.dates_input, verdict in {"right", "unknown-allowed"}),
            ):
                if ok:
                    sc.tp += 1
                else:
                    sc.fp += 1
                    sc.fn += 1
            if verdict != "right":
                kind = {
                    "unknown-allowed": "date year unknown (allowed)",
                    "unknown-but-printed": "date year unknown, but printed",
                    "wrong-year": "date wrong year",
                    "wrong-month-day": "date wrong month/day",
                }[verdict]
                _miss(
                    result,
                    kind,
                    f"{gold.name}: {kind} {g.text!r} gold {_show(g.value)}"
                    f" found {f.text!r} {_show(f.value)}",
                )
    mapping = one_to_one(identity_pairs)
    for predicted_id, gold_id, page in identity_pairs:
        result.identity_total += 1
        if predicted_id and mapping.get(predicted_id) == gold_id:
            result.identity_right += 1
        else:
            kind = "person no id" if not predicted_id else "person wrong id"
            _miss(result, kind, f"{page}: {kind} {predicted_id or '-'} for gold {gold_id}")
    return result


def one_to_one(pairs: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Predicted id -> gold id, greedily by how often the pair occurs (ties by name)."""
    counts = Counter((p, g) for p, g, _ in pairs if p)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for (predicted_id, gold_id), _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if predicted_id not in mapping and gold_id not in taken:
            mapping[predicted_id] = gold_id
            taken.add(gold_id)
    return mapping


def _miss(result: Result, kind: str, line: str) -> None:
    result.kinds[kind] += 1
    result.misses.append(line)


def _show(value: tuple[tuple[str, str], ...] | str) -> str:
    if isinstance(value, str):
        return value
    return " ".join(f"{k}={v}" for k, v in value)


def evaluate(
    *, gold: Path = GOLD, root: Path = ROOT, modes: Sequence[str] = ("alone", "run")
) -> dict[str, Result]:
    """Score every gold page of ``gold`` in each of ``modes``."""
    golds = load_gold(gold, root)
    paths = [g.path for g in golds]
    results: dict[str, Result] = {}
    if "alone" in modes:
        found: dict[Path, Predicted] = {}
        texts: dict[Path, str] = {}
        for path in paths:
            one, text = predict([path])
            found.update(one)
            texts.update(text)
        results["alone"] = score("alone", golds, found, texts)
    if "run" in modes:
        found, texts = predict(paths)
        results["run"] = score("run", golds, found, texts)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument("--gold", type=Path, default=GOLD, help="folder of gold JSON files")
    parser.add_argument("--root", type=Path, default=ROOT, help="where the gold's page paths start")
    parser.add_argument("--mode", choices=("alone", "run", "both"), default="both")
    args = parser.parse_args(argv)
    modes = ("alone", "run") if args.mode == "both" else (args.mode,)
    if not args.gold.is_dir():
        print(f"{args.gold}: not a folder of gold files", file=sys.stderr)
        return 2
    results = evaluate(gold=args.gold, root=args.root, modes=modes)
    for result in results.values():
        print(result.report())
        if args.verbose:
            for line in result.misses:
                print("  " + line)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
