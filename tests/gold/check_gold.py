"""Check the hand-made gold set of persons and dates against its pages and its registry.

For every ``tests/gold/*.json`` the checker makes sure that

* the file is a JSON object with ``page``, ``persons`` and ``dates`` and no unknown keys;
* the ``page`` file exists (a path from the repository root, like ``tests/pages/page2001.txt``,
  or, for the first gold files, a bare name looked up in ``seeds/`` and ``tests/pages/``);
* every person ``id`` is well formed and listed in ``tests/gold/registry.tsv``, whose ids are
  themselves well formed, unique and sorted;
* every date has ``when``, or ``from`` and ``to`` with ``from`` not after ``to``, or
  ``notBefore`` and/or ``notAfter`` (not after each other), each a real ISO 8601 calendar value
  ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``;
* every mention's ``text`` occurs in the page's text, as a whole word, in reading order:
  persons in order among themselves, dates among themselves, so a mention listed twice must
  occur twice. The page's navigation lines and running head are left out, and NO-BREAK, EN,
  THIN and ordinary spaces and line breaks are folded to one space on both sides;
* where a mention still carries the ``start``/``end`` offsets of the first gold files, they
  point at that text in the page.

Run it as a script (``python tests/gold/check_gold.py [GOLD_DIR]``): it prints one line per
problem, ``tests/gold/page2001.json: person 'Mr Blair' not found after offset 123``, and exits
with 1 if there is any, 0 otherwise. ``check_gold`` does the same for a caller and returns the
lines.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: The repository this file belongs to (tests/gold/check_gold.py -> the root).
REPO_ROOT = Path(__file__).resolve().parents[2]

NAVIGATION = re.compile(r"^\s*Previous page \| Contents(?: \| Next page)?\s*$")
#: Spaces a page uses between words: the report's PDF gives NO-BREAK, EN, THIN and NARROW
#: NO-BREAK spaces as well as ordinary ones, and a mention may run over a line end.
SPACES = re.compile(r"[\s\u00a0\u2002\u2009\u202f]+")
PERSON_ID = re.compile(r"^pers-[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

TOP_KEYS = {"page", "persons", "dates"}
PERSON_KEYS = {"text", "id", "start", "end"}
DATE_KEYS = {"text", "when", "from", "to", "notBefore", "notAfter", "start", "end"}


def fold(text: str) -> str:
    """``text`` with every run of spaces and line breaks as one ordinary space."""
    return SPACES.sub(" ", text)


def page_body(text: str) -> str:
    """The page's text without its furniture: navigation lines and the running head.

    The running head is the line after the first navigation line. What is left is folded.
    """
    lines = text.splitlines()
    kept: list[str] = []
    skip_head = False
    for line in lines:
        if NAVIGATION.match(line):
            skip_head = not kept and not skip_head  # only the top navigation line has a head
            continue
        if skip_head:
            skip_head = False
            continue
        kept.append(line)
    return fold("\n".join(kept)).strip()


def iso_bounds(value: object) -> tuple[datetime.date, datetime.date] | None:
    """First and last day of an ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None if invalid."""
    if not isinstance(value, str):
        return None
    match = ISO_VALUE.match(value)
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        if month is None:
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if day is None:
            first = datetime.date(year, month, 1)
            following = datetime.date(year + month // 12, month % 12 + 1, 1)
            return first, following - datetime.timedelta(days=1)
        day_date = datetime.date(year, month, day)
    except ValueError:  # month 13, 30 February and the like
        return None
    return day_date, day_date


def load_registry(path: Path, shown: Path | str | None = None) -> tuple[set[str], list[str]]:
    """The ids of the registry and the problems found in it (naming it ``shown``)."""
    shown = path if shown is None else shown
    if not path.is_file():
        return set(), [f"{shown}: registry not found"]
    ids: set[str] = set()
    problems: list[str] = []
    previous = ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        where = f"{shown}:{number}"
        if len(fields) != 3 or not all(field.strip() for field in fields):
            problems.append(f"{where}: expected 'id<TAB>full name<TAB>description'")
            continue
        person_id = fields[0]
        if not PERSON_ID.match(person_id):
            problems.append(f"{where}: malformed id {person_id!r}")
        if person_id in ids:
            problems.append(f"{where}: duplicate id {person_id!r}")
        elif person_id < previous:
            problems.append(f"{where}: id {person_id!r} is out of order (after {previous!r})")
        ids.add(person_id)
        previous = max(previous, person_id)
    return ids, problems


def resolve_page(name: str, root: Path) -> Path | None:
    """The page file a gold file names: a path from the root, or a bare name (first gold set)."""
    candidates = [root / name]
    if "/" not in name:
        candidates += [root / "seeds" / name, root / "tests" / "pages" / name]
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def find_word(body: str, text: str, start: int) -> int:
    """Where ``text`` next occurs in ``body`` from ``start`` as a whole word, or -1.

    A mention must not begin or end inside a word: ``Mr Brown`` is not found in ``Mr Browne``.
    """
    index = body.find(text, start)
    while index != -1:
        before = body[index - 1] if index > 0 else " "
        end = index + len(text)
        after = body[end] if end < len(body) else " "
        if not (text[0].isalnum() and before.isalnum()) and not (
            text[-1].isalnum() and after.isalnum()
        ):
            return index
        index = body.find(text, index + 1)
    return -1


def check_mentions(
    kind: str, mentions: Sequence[dict[str, Any]], body: str, raw: str
) -> Iterable[str]:
    """Problems with the texts of one kind of mention: presence, order, offsets."""
    position = 0
    for mention in mentions:
        text = mention.get("text")
        if not isinstance(text, str) or not text.strip():
            yield f"{kind} without a text: {mention!r}"
            continue
        has_offsets = "start" in mention or "end" in mention
        # With offsets (the first gold files) the text is the page's own slice, spaces and
        # line breaks as printed; without them it is written folded, as the format asks.
        if not has_offsets and text != fold(text).strip():
            yield f"{kind} {text!r}: line break, special space or outer space in its text"
        wanted = fold(text).strip()
        index = find_word(body, wanted, position)
        if index == -1:
            yield f"{kind} {text!r} not found after offset {position}"
        else:
            position = index + len(wanted)
        if has_offsets:
            start, end = mention.get("start"), mention.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
                yield f"{kind} {text!r}: bad offsets {start!r}, {end!r}"
            elif raw[start:end] != text:
                yield f"{kind} {text!r}: offsets {start}-{end} hold {raw[start:end]!r}"


def check_date_value(date: dict[str, Any]) -> Iterable[str]:
    """Problems with the value of one date: which keys it has and whether they are ISO dates."""
    label = f"date {date.get('text')!r}"
    value_keys = [key for key in ("when", "from", "to", "notBefore", "notAfter") if key in date]
    shapes = ({"when"}, {"from", "to"}, {"notBefore"}, {"notAfter"}, {"notBefore", "notAfter"})
    if set(value_keys) not in shapes:
        yield (
            f"{label}: needs 'when', or 'from' and 'to', or 'notBefore'/'notAfter',"
            f" not {value_keys}"
        )
        return
    bounds = {}
    for key in value_keys:
        found = iso_bounds(date[key])
        if found is None:
            yield f"{label}: {key} {date[key]!r} is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD)"
        else:
            bounds[key] = found
    for first, last in (("from", "to"), ("notBefore", "notAfter")):
        if first in bounds and last in bounds and bounds[first][0] > bounds[last][0]:
            yield f"{label}: {first} {date[first]!r} is after {last} {date[last]!r}"


def shown_path(path: Path, root: Path) -> Path:
    """``path`` from the repository root when it lies inside it, else as it is."""
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


def check_file(path: Path, registry: set[str], root: Path = REPO_ROOT) -> list[str]:
    """The problems of one gold file, each a line naming the file."""
    shown = shown_path(path, root)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return [f"{shown}: cannot read as JSON: {error}"]
    if not isinstance(gold, dict):
        return [f"{shown}: not a JSON object"]
    problems = [f"unknown key {key!r}" for key in sorted(set(gold) - TOP_KEYS)]
    persons, dates = gold.get("persons"), gold.get("dates")
    if not (isinstance(persons, list) and all(isinstance(item, dict) for item in persons)):
        problems.append("'persons' must be a list of objects")
        persons = []
    if not (isinstance(dates, list) and all(isinstance(item, dict) for item in dates)):
        problems.append("'dates' must be a list of objects")
        dates = []
    page_name = gold.get("page")
    page = resolve_page(page_name, root) if isinstance(page_name, str) else None
    if page is None:
        problems.append(f"page {page_name!r} not found")
    for person in persons:
        problems += [
            f"person {person.get('text')!r}: unknown key {key!r}"
            for key in sorted(set(person) - PERSON_KEYS)
        ]
        person_id = person.get("id")
        if not isinstance(person_id, str) or not PERSON_ID.match(person_id):
            problems.append(f"person {person.get('text')!r}: malformed id {person_id!r}")
        elif person_id not in registry:
            problems.append(f"person {person.get('text')!r}: id {person_id!r} not in registry")
    for date in dates:
        problems += [
            f"date {date.get('text')!r}: unknown key {key!r}"
            for key in sorted(set(date) - DATE_KEYS)
        ]
        problems += check_date_value(date)
    if page is not None:
        raw = page.read_text(encoding="utf-8")
        body = page_body(raw)
        problems += check_mentions("person", persons, body, raw)
        problems += check_mentions("date", dates, body, raw)
    return [f"{shown}: {problem}" for problem in problems]


def check_gold(gold_dir: Path, root: Path | None = None) -> list[str]:
    """Every problem of the registry and of the gold files in ``gold_dir``, one line each."""
    root = root if root is not None else gold_dir.resolve().parents[1]
    registry_path = gold_dir.resolve() / "registry.tsv"
    registry, problems = load_registry(registry_path, shown_path(registry_path, root))
    for path in sorted(gold_dir.glob("*.json")):
        problems += check_file(path, registry, root)
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Print the problems of the gold set (default: the one next to this file); 1 if any."""
    args = list(sys.argv[1:] if argv is None else argv)
    gold_dir = Path(args[0]) if args else Path(__file__).resolve().parent
    if not gold_dir.is_dir():
        print(f"{gold_dir}: not a directory", file=sys.stderr)
        return 2
    problems = check_gold(gold_dir)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
