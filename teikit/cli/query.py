"""``teikit query``: ask a folder of TEI files who, when and where.

    teikit query persons -C build/                       # most mentioned first
    teikit query person pers-binns -C build/             # every mention in context
    teikit query paragraphs -C build/ --person Binns --from 2007-11 --to 2007-11
    teikit query notes -C build/ --contains minute --csv
    teikit query timeline -C build/ --json
    teikit query search -C build/ "hold our nerve"
    teikit query xpath -C build/ "//tei:note[@type='missing']/@n"

Tables by default; ``--json`` and ``--csv`` for pipelines. Results go to stdout, problems
(files that could not be read) to stderr. Exit 0 when done and clean, 1 when some files had
problems or the person asked for is unknown, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import teikit
from teikit.cli import COMMANDS
from teikit.cli._shared import shared_options

if TYPE_CHECKING:
    from pydantic import BaseModel

EXIT_OK, EXIT_PROBLEMS = 0, 1

#: action -> the columns of its table (every field goes to --json and --csv)
_COLUMNS: dict[str, tuple[str, ...]] = {
    "persons": ("id", "mention_count", "names", "first_date", "last_date", "pages"),
    "person": ("file", "page", "paragraph", "text", "context"),
    "paragraphs": ("file", "page", "paragraph", "persons", "text"),
    "notes": ("file", "page", "paragraph", "n", "text"),
    "dates": ("file", "page", "paragraph", "text", "start", "end", "cert"),
    "timeline": ("start", "end", "text", "file", "page", "paragraph"),
    "search": ("file", "page", "paragraph", "left", "match", "right"),
    "cooccurrence": ("person_a", "person_b", "count"),
    "xpath": ("file", "kind", "value", "xpath"),
}


def add_parser(subparsers: Any) -> None:
    """Register ``query`` and its actions on the ``teikit`` command's subparsers."""
    common = argparse.ArgumentParser(add_help=False, parents=[shared_options(progress=False)])
    common.add_argument(
        "-C", "--corpus", default=".", metavar="DIR_OR_GLOB", help="the TEI files (default .)"
    )
    out = common.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="JSON: a list of objects")
    out.add_argument("--csv", action="store_true", help="CSV with a header row")
    common.add_argument(
        "--no-index", action="store_true", help="do not read or write the index file"
    )
    common.add_argument(
        "--limit", type=int, metavar="N", help="at most N results (of a person: mentions)"
    )
    common.add_argument(
        "--offset", type=int, default=0, metavar="K", help="skip the first K results"
    )
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--person", help="a person id (pers-binns) or name (Binns)")
    filters.add_argument("--from", dest="date_from", metavar="DATE", help="ISO date: 2007-11")
    filters.add_argument("--to", dest="date_to", metavar="DATE", help="ISO date: 2008")
    filters.add_argument(
        "--overlaps",
        action="store_true",
        help="a date matches when it touches the range (default: lies within it)",
    )

    parser = subparsers.add_parser(
        "query",
        help=COMMANDS["query"],
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help: str, *, dated: bool = False) -> argparse.ArgumentParser:
        parents = [common, filters] if dated else [common]
        sub: argparse.ArgumentParser = actions.add_parser(name, help=help, parents=parents)
        sub.set_defaults(run=run)
        return sub

    action("persons", "every person, most mentioned first")
    action("person", "one person with every mention in context").add_argument("id")
    for name, help in (
        ("paragraphs", "paragraphs matching every filter given"),
        ("notes", "footnotes with the paragraph that cites them"),
    ):
        sub = action(name, help, dated=True)
        sub.add_argument("--contains", help="a case-insensitive piece of text")
        sub.add_argument("--section", help="9.6, or 9 for every section under it")
    action("dates", "every dated mention in corpus order", dated=True)
    action("timeline", "every dated mention in chronological order", dated=True)
    search = action("search", "keyword in context")
    search.add_argument("pattern")
    search.add_argument("--regex", action="store_true", help="PATTERN is a regular expression")
    search.add_argument("--case-sensitive", action="store_true")
    search.add_argument("--width", type=int, default=40, help="characters either side (40)")
    action("cooccurrence", "persons named in the same paragraphs").add_argument(
        "--min-count", type=int, default=1
    )
    xpath = action("xpath", "an XPath expression on every file (tei: bound)")
    xpath.add_argument("expr")
    xpath.add_argument("--xpath31", action="store_true", help="XPath 3.1 (elementpath)")


def _dated(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "person": args.person,
        "date_from": args.date_from,
        "date_to": args.date_to,
        "date_mode": "overlaps" if args.overlaps else "within",
    }


def _page(args: argparse.Namespace) -> dict[str, Any]:
    return {"limit": args.limit, "offset": args.offset}


def _xpath(corpus: teikit.Corpus, args: argparse.Namespace) -> Sequence[BaseModel]:
    found = corpus.xpath31(args.expr) if args.xpath31 else corpus.xpath(args.expr)
    stop = None if args.limit is None else args.offset + args.limit
    return found[args.offset : stop]


_ACTIONS: dict[str, Callable[[teikit.Corpus, argparse.Namespace], Sequence[BaseModel]]] = {
    "persons": lambda c, a: c.persons(**_page(a)),
    "paragraphs": lambda c, a: c.paragraphs(
        contains=a.contains, section=a.section, **_dated(a), **_page(a)
    ),
    "notes": lambda c, a: c.notes(contains=a.contains, section=a.section, **_dated(a), **_page(a)),
    "dates": lambda c, a: c.dates(**_dated(a), **_page(a)),
    "timeline": lambda c, a: c.timeline(**_dated(a), **_page(a)),
    "search": lambda c, a: c.search(
        a.pattern, regex=a.regex, case_sensitive=a.case_sensitive, width=a.width, **_page(a)
    ),
    "cooccurrence": lambda c, a: c.cooccurrence(min_count=a.min_count, **_page(a)),
    "xpath": _xpath,
}


def run(args: argparse.Namespace) -> int:
    """Open the corpus, answer ``args.action``, print the answer; return the exit code."""
    with teikit.Corpus.open(args.corpus, index=not args.no_index, jobs=args.jobs) as corpus:
        for problem in corpus.problems:
            print(problem, file=sys.stderr)
        status = EXIT_PROBLEMS if corpus.problems else EXIT_OK
        if args.action == "person":
            detail = corpus.person(args.id, **_page(args))
            if detail is None:
                print(
                    f"teikit query: no person {args.id!r} in the corpus; see "
                    "'teikit query persons'",
                    file=sys.stderr,
                )
                return EXIT_PROBLEMS
            if args.json:
                print(detail.model_dump_json(indent=2))
                return status
            if not args.csv:
                print(
                    f"{detail.id}: {', '.join(detail.names)} ({detail.mention_count} mentions; "
                    f"{detail.first_date or '?'} to {detail.last_date or '?'})"
                )
            rows: Sequence[BaseModel] = detail.mentions
        else:
            rows = _ACTIONS[args.action](corpus, args)
        _print(rows, _COLUMNS[args.action], args)
        return status


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _print(rows: Sequence[BaseModel], columns: Sequence[str], args: argparse.Namespace) -> None:
    dumped = [row.model_dump(mode="json") for row in rows]
    if args.json:
        print(json.dumps(dumped, ensure_ascii=False, indent=2))
        return
    if args.csv:
        header = list(dumped[0]) if dumped else list(columns)
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        for row in dumped:
            writer.writerow(_cell(row.get(name)) for name in header)
        return
    table = [[_clip(_cell(row.get(c))) for c in columns] for row in dumped]
    widths = [max([len(c)] + [len(r[i]) for r in table]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for line in table:
        print("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
    if not args.quiet:
        print(f"({len(table)} {'row' if len(table) == 1 else 'rows'})", file=sys.stderr)


def _clip(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
