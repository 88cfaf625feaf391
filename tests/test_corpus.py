"""teikit.Corpus on hand-written TEI (tests/data/corpus/): answers checked by hand.

The fixtures hold what teikit's converter is learning to emit (persons in a standOff, dates
with inferred years, ranges, footnotes, a paragraph over a page break) and TEI that teikit
never emits (a personography in the header, @key, notBefore/notAfter, a note in <back>).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import teikit
from teikit.cli import index as index_cli
from teikit.cli import query as query_cli
from teikit.corpus import Note, Paragraph
from tests.helpers import examples

DATA = Path(__file__).parent / "data" / "corpus"


@pytest.fixture(params=[True, False], ids=["index", "memory"])
def corpus(request: pytest.FixtureRequest, tmp_path: Path) -> teikit.Corpus:
    folder = tmp_path / "corpus"
    shutil.copytree(DATA, folder)
    opened = teikit.Corpus.open(folder, index=request.param)
    request.addfinalizer(opened.close)
    return opened


def _where(results: list[Paragraph] | list[Note]) -> list[tuple[str, str | None]]:
    return [(r.file, r.paragraph) for r in results]


def test_persons_counts_names_pages_and_dated_context(corpus: teikit.Corpus) -> None:
    persons = {p.id: p for p in corpus.persons()}
    assert [p.id for p in corpus.persons()][:4] == [
        "pers-binns",
        "pers-brown",
        "pers-browne",
        "pers-maliki",
    ]
    binns = persons["pers-binns"]
    assert binns.mention_count == 4
    assert binns.names == ("Maj Gen Binns", "Major General Graham Binns", "Binns")
    assert binns.titles == ("Maj Gen", "Major General")
    assert binns.pages == ("287", "300")
    assert binns.documents == ("section-9.6.xml", "section-9.7.xml")
    assert (binns.first_date, binns.last_date) == ("2007-10-23", "2007-12-11")
    assert persons["pers-brown"].wikidata == "Q10648"
    assert persons["blair"].mention_count == 2  # @ref and @key both count
    assert persons["pers-al-sadr"].first_date is None  # no date in its paragraph
    assert "Bush" not in {n for p in persons.values() for n in p.names}  # no @ref: no person


def test_person_mentions_in_context_with_page_in_effect(corpus: teikit.Corpus) -> None:
    maliki = corpus.person("#pers-maliki")
    assert maliki is not None
    assert [(m.page, m.paragraph, m.text) for m in maliki.mentions] == [
        ("287", "563", "Prime Minister Maliki"),
        ("287", "563", "Maliki"),
        ("288", "565", "Maliki"),  # after <pb n="288"/> inside paragraph 565
    ]
    assert "He met Maliki on 12 November" in maliki.mentions[2].context
    assert maliki.mentions[0].titles == ("Prime Minister",)
    assert corpus.person("pers-nobody") is None


def test_paragraphs_person_and_month(corpus: teikit.Corpus) -> None:
    found = corpus.paragraphs(person="Binns", date_from="2007-11", date_to="2007-11")
    assert _where(found) == [("section-9.6.xml", "565")]
    (p565,) = found
    assert p565.persons == ("pers-browne", "pers-binns", "pers-maliki")
    assert p565.notes == ("264",)
    assert "Minute" not in p565.text  # the footnote is not the paragraph's text
    assert "hold our nerve as the groundswell" in p565.text  # fw left out, pb crossed
    assert [d.when for d in p565.dates] == ["2007-11-01", "2007-10-23", "2007-11-12"]


def test_paragraph_filters_combine(corpus: teikit.Corpus) -> None:
    assert _where(corpus.paragraphs(person="pers-binns", date_from="2007-12")) == [
        ("section-9.7.xml", "600")
    ]
    assert _where(
        corpus.paragraphs(date_from="2007-11", date_to="2007-11", date_mode="overlaps")
    ) == [("section-9.6.xml", "565"), ("section-9.6.xml", "566"), ("section-9.7.xml", "602")]
    assert _where(corpus.paragraphs(section="9.7", contains="BORDER")) == [
        ("section-9.7.xml", "601")
    ]
    assert len(corpus.paragraphs(section="9")) == 7
    assert corpus.paragraphs(section="9.6", person="blair") == []
    assert _where(corpus.paragraphs(contains="of intent")) == [("other-tei.xml", None)]


def test_notes_with_citing_paragraph(corpus: teikit.Corpus) -> None:
    notes = corpus.notes(contains="minute")
    assert [(n.file, n.n, n.paragraph) for n in notes] == [
        ("other-tei.xml", "a", None),
        ("section-9.6.xml", "264", "565"),
        ("section-9.7.xml", "300", "600"),
    ]
    assert notes[0].cited_in is not None and notes[0].cited_in.xml_id == "p1"  # via @target
    assert notes[1].xml_id == "note-264" and notes[1].persons == ("pers-binns",)
    assert _where(
        corpus.notes(person="pers-brown", date_from="2007-12-05", date_to="2007-12-05")
    ) == [("section-9.6.xml", "566")]


def test_timeline_keeps_ranges_and_marks_inferred_years(corpus: teikit.Corpus) -> None:
    timeline = corpus.timeline()
    assert [d.start for d in timeline] == sorted(d.start or "" for d in timeline)
    assert len(timeline) == len(corpus.dates()) == 14
    spring = timeline[0]
    assert (spring.text, spring.start, spring.end) == ("spring 2003", "2003-03-01", "2003-04-30")
    ranged = [d for d in timeline if d.from_date == "2007-10-29"]
    assert [(d.start, d.end, d.inferred, d.page) for d in ranged] == [
        ("2007-10-29", "2007-11-02", True, "288")
    ]
    assert [d.text for d in corpus.timeline(person="pers-brown")] == [
        "5 December 2007",
        "10 December 2007",
        "11 December 2007",  # note 265, p600, note 300
    ]


def test_search_kwic(corpus: teikit.Corpus) -> None:
    (hit,) = corpus.search("hold our nerve")
    assert (hit.file, hit.page, hit.paragraph, hit.kind) == ("section-9.6.xml", "287", "565", "p")
    assert hit.left.endswith("We must ") and hit.right.startswith(" as the groundswell")
    (late,) = corpus.search("reconciliation")
    assert late.page == "288"  # the paragraph started on 287
    # a paragraph's hits, then its notes' hits (a note is its own block)
    assert [h.match for h in corpus.search(r"\d+ (?:October|November)", regex=True)][:5] == [
        "1 November",
        "23 October",
        "12 November",
        "1 November",
        "1 November",
    ]
    assert corpus.search("MINUTE", case_sensitive=True) == []
    with pytest.raises(teikit.UsageError):
        corpus.search("(", regex=True)


def test_cooccurrence(corpus: teikit.Corpus) -> None:
    assert [(c.person_a, c.person_b, c.count) for c in corpus.cooccurrence()] == [
        ("pers-binns", "pers-brown", 1),
        ("pers-binns", "pers-browne", 1),
        ("pers-binns", "pers-maliki", 1),
        ("pers-browne", "pers-maliki", 1),
    ]


def test_xpath_and_xpath31(corpus: teikit.Corpus) -> None:
    refs = corpus.xpath("//tei:note[@place='foot']/@n")
    assert [(r.file, r.value, r.kind) for r in refs] == [
        ("section-9.6.xml", "264", "attribute"),
        ("section-9.6.xml", "265", "attribute"),
        ("section-9.7.xml", "300", "attribute"),
    ]
    (p,) = corpus.xpath("//tei:p[@n='566']")
    assert (p.page, p.paragraph) == ("288", "566")
    counts = corpus.xpath31("count(//tei:text//tei:persName)")
    assert [(r.file, r.value) for r in counts] == [
        ("other-tei.xml", "3"),
        ("section-9.6.xml", "9"),
        ("section-9.7.xml", "5"),
    ]
    assert [r.value for r in corpus.xpath31("string-join(//tei:date[@cert]/@when, ',')")][1] == (
        "2007-11-01,2007-10-23,2007-11-12"
    )
    with pytest.raises(teikit.UsageError):
        corpus.xpath("//tei:p[")


def test_results_are_frozen_and_serialise(corpus: teikit.Corpus) -> None:
    paragraph = corpus.paragraphs()[0]
    with pytest.raises(ValueError):
        paragraph.text = "changed"  # type: ignore[misc]
    assert json.loads(paragraph.model_dump_json())["file"] == paragraph.file


def test_bad_files_are_problems_not_skipped(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "c")
    (tmp_path / "c" / "broken.xml").write_text("<TEI><text>", encoding="utf-8")
    (tmp_path / "c" / "html.xml").write_text("<html/>", encoding="utf-8")
    (tmp_path / "c" / "bomb.xml").write_text(
        '<!DOCTYPE r [<!ENTITY a "aaaa">]><TEI>&a;</TEI>', encoding="utf-8"
    )
    for index in (True, True, False):  # cold, warm, in memory: the same problems every time
        with teikit.Corpus.open(tmp_path / "c", index=index) as corpus:
            assert [(Path(p.file or "").name, p.code) for p in corpus.problems] == [
                ("bomb.xml", "TK404"),
                ("broken.xml", "TK401"),
                ("html.xml", "TK402"),
            ]
            assert len(corpus.files) == 6
            assert len(corpus.persons()) == 6


def test_index_is_reused_and_refreshed_when_files_change(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(DATA, folder, copy_function=shutil.copyfile)  # fresh modification times
    with teikit.Corpus.open(folder) as corpus:
        assert corpus.refreshed == 3
        assert corpus.index_path == folder / ".teikit-index.sqlite"
    with teikit.Corpus.open(folder) as corpus:
        assert corpus.search("Binns")  # files as new as the index are hashed, not read again
        assert corpus.refreshed == 0
    touched = folder / "section-9.6.xml"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    with teikit.Corpus.open(folder) as corpus:
        assert corpus.refreshed == 0  # a new time but the same content: not read again
    target = folder / "section-9.7.xml"
    # Changed within the clock's resolution of the last refresh: same size, same time,
    # different content. Only the hash can tell; the index must not be trusted.
    stat = target.stat()
    text = target.read_text(encoding="utf-8").replace("police reform", "police refurm")
    target.write_text(text, encoding="utf-8")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with teikit.Corpus.open(folder) as corpus:
        assert corpus.refreshed == 1
        assert corpus.search("refurm") and not corpus.search("police reform")
    (folder / "other-tei.xml").unlink()
    with teikit.Corpus.open(folder) as corpus:
        assert "blair" not in {p.id for p in corpus.persons()}
        assert corpus.files == ("section-9.6.xml", "section-9.7.xml")


def test_index_of_another_schema_is_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(DATA, folder)
    with sqlite3.connect(folder / ".teikit-index.sqlite") as db:
        db.execute("CREATE TABLE junk (x)")
    with teikit.Corpus.open(folder) as corpus:
        assert corpus.refreshed == 3 and len(corpus.persons()) == 6


def test_glob_and_single_file(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "c")
    with teikit.Corpus.open(str(tmp_path / "c" / "section-*.xml"), index=False) as corpus:
        assert corpus.files == ("section-9.6.xml", "section-9.7.xml")
    with teikit.Corpus.open(tmp_path / "c" / "other-tei.xml", index=False) as corpus:
        assert [p.id for p in corpus.persons()] == ["blair"]
    with pytest.raises(teikit.InputError, match="TK406"):
        teikit.Corpus.open(str(tmp_path / "nothing-*.xml"))
    with pytest.raises(teikit.InputError, match="TK405"):
        teikit.Corpus.open(tmp_path / "missing")
    with pytest.raises(teikit.UsageError):
        teikit.Corpus.open(tmp_path / "c", index=False).paragraphs(date_from="November")


def test_converted_seeds_open_without_problems(tmp_path: Path) -> None:
    seeds = Path(__file__).parents[1] / "seeds"
    out = tmp_path / "tei"
    out.mkdir()
    for conversion in teikit.convert(seeds):
        conversion.write(out)
    with teikit.Corpus.open(out, index=False) as corpus:
        assert corpus.problems == ()
        assert corpus.files
        numbered = {p.paragraph for p in corpus.paragraphs() if p.paragraph}
        assert {"563", "564", "565"} <= numbered
        (hit,) = corpus.search("hold our nerve")
        assert (hit.page, hit.paragraph, hit.section) == ("287", "565", "9.6")


# --- the command line ---------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    """``teikit`` with only the query and index commands (others may be mid-change)."""
    parser = argparse.ArgumentParser(prog="teikit")
    subparsers = parser.add_subparsers(required=True)
    query_cli.add_parser(subparsers)
    index_cli.add_parser(subparsers)
    try:
        args = parser.parse_args(argv)
        result: int = args.run(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    except teikit.TeikitError:
        return 2
    return result


def test_cli_query_tables_json_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "c"
    shutil.copytree(DATA, folder)
    assert main(["index", str(folder)]) == 0
    assert "3 files, 3 read" in capsys.readouterr().out
    assert (
        main(
            [
                "query",
                "paragraphs",
                "-C",
                str(folder),
                "--person",
                "Binns",
                "--from",
                "2007-11",
                "--to",
                "2007-11",
                "--json",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert [(r["file"], r["paragraph"]) for r in rows] == [("section-9.6.xml", "565")]
    assert main(["query", "persons", "-C", str(folder), "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("id,names,titles,mention_count")
    assert lines[1].startswith("pers-binns,")
    assert main(["query", "search", "-C", str(folder), "nerve"]) == 0
    out = capsys.readouterr().out
    assert "hold our" in out and "section-9.6.xml" in out
    assert main(["query", "person", "pers-nobody", "-C", str(folder)]) == 1
    assert main(["query", "xpath", "-C", str(folder), "count(//tei:note)"]) == 0
    assert main(["query", "timeline", "-C", str(folder), "--from", "2008"]) == 0
    assert "2008-12-31" in capsys.readouterr().out


def test_cli_problems_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(DATA, tmp_path / "c")
    (tmp_path / "c" / "broken.xml").write_text("<TEI>", encoding="utf-8")
    assert main(["query", "notes", "-C", str(tmp_path / "c"), "--contains", "minute"]) == 1
    captured = capsys.readouterr()
    assert "broken.xml" in captured.err and "TK401" in captured.err
    assert "264" in captured.out
    assert main(["query", "paragraphs", "-C", str(tmp_path / "c"), "--from", "soon"]) == 2


# --- the fast paths give the same answers as the plain ones -------------------------------------


def test_ignorecase_partners_of_ascii_are_known() -> None:
    """The regex prefilter asks the full-text index for these as alternatives; a character
    ``re.IGNORECASE`` matched to an ASCII letter and missing here would lose hits."""
    import re

    from teikit.corpus.fulltext import _IGNORECASE_EXTRA

    any_ascii = re.compile("[\x00-\x7f]", re.IGNORECASE)
    found: dict[str, str] = {}
    for code in range(0x80, 0x110000):
        char = chr(code)
        if any_ascii.fullmatch(char):
            for letter in "abcdefghijklmnopqrstuvwxyz":
                if re.fullmatch(letter, char, re.IGNORECASE):
                    found[letter] = found.get(letter, "") + char
    assert found == _IGNORECASE_EXTRA


#: Pieces of patterns the anchored scan reads (and some it refuses), and of texts holding
#: them, their case partners, the characters re.IGNORECASE pairs with ASCII letters, and
#: characters an ASCII copy of the text turns into "?".
_PATTERN_PIECES = st.sampled_from(
    [
        "Binns",
        "sir",
        "ki",
        "in",
        "s",
        "n",
        r"\b",
        r"\B",
        r"\w",
        r"\s",
        ".",
        "?",
        "*",
        "+",
        "^",
        "$",
        r"\.",
        r"\?",
        " ",
        "'",
        "é",
        "(a|b)",
        "[sk]",
        "x{2}",
    ]
)
_TEXT_PIECES = st.sampled_from(
    [
        "Binns",
        "BINNS",
        "binns",
        "sir",
        "SIR",
        "Sir",
        "ki",
        "KI",
        "in",
        "s",
        "n",
        " ",
        ".",
        "?",
        "\u00a0",
        "\u2019",
        "é",
        "É",
        "\u017f",
        "\u212a",
        "\u0130",
        "\u0131",
        "\n",
        "x",
        "ab",
    ]
)


@settings(max_examples=examples(400), deadline=None)
@given(
    pattern=st.lists(_PATTERN_PIECES, min_size=1, max_size=6).map("".join),
    texts=st.lists(st.lists(_TEXT_PIECES, max_size=12).map("".join), min_size=1, max_size=4),
    case_sensitive=st.booleans(),
    page=st.sampled_from([(-1, 0), (3, 0), (2, 3), (0, 1)]),
)
def test_anchored_scan_finds_what_finditer_finds(
    pattern: str, texts: list[str], case_sensitive: bool, page: tuple[int, int]
) -> None:
    """Search finds matches from the occurrences of text every match holds (fulltext.anchor):
    the same spans as trying the regex at every position."""
    import re

    from teikit.corpus import fulltext

    try:
        compiled = re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)
    except re.error:
        return
    rows = [(i, text) for i, text in enumerate(texts)]
    plain = [
        (row, *m.span()) for row in rows for m in compiled.finditer(row[1]) if m.end() > m.start()
    ]
    stop, skip = page
    expected = plain[skip:] if stop < 0 else plain[skip : skip + stop]
    assert fulltext.hit_spans(rows, compiled, page, text_column=1) == expected


def test_regex_search_finds_case_partners_the_index_folds_differently(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(DATA, folder)
    tei = (folder / "section-9.7.xml").read_text(encoding="utf-8")
    (folder / "section-9.7.xml").write_text(
        tei.replace("police reform", "police reform BINNſ"), encoding="utf-8"
    )
    for index in (True, False):
        with teikit.Corpus.open(folder, index=index) as corpus:
            hits = corpus.search(r"\bBinns\b", regex=True)
            assert "BINNſ" in [h.match for h in hits]
            # a class defeats the prefilter: every unit is tried, as before it existed
            assert hits == corpus.search(r"\bBinn[s]\b", regex=True)


def test_results_built_from_the_index_equal_validated_models(corpus: teikit.Corpus) -> None:
    for result in [
        *corpus.persons(),
        *corpus.paragraphs(),
        *corpus.notes(),
        *corpus.dates(),
        *corpus.search("Binns"),
        *corpus.cooccurrence(),
    ]:
        again = type(result).model_validate(result.model_dump())
        assert again == result
        assert again.model_dump_json() == result.model_dump_json()
    detail = corpus.person("pers-binns")
    assert detail is not None
    assert type(detail).model_validate(detail.model_dump()) == detail


# --- pages of an answer ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[teikit.Corpus]:
    out = tmp_path_factory.mktemp("seeds-tei")
    for conversion in teikit.convert(Path(__file__).parents[1] / "seeds"):
        conversion.write(out)
    with teikit.Corpus.open(out) as corpus:
        yield corpus


_PAGED: dict[str, Callable[..., list[Any]]] = {
    "persons": lambda c, **page: c.persons(**page),
    "paragraphs": lambda c, **page: c.paragraphs(**page),
    "paragraphs(contains)": lambda c, **page: c.paragraphs(contains="the", **page),
    "notes": lambda c, **page: c.notes(**page),
    "dates": lambda c, **page: c.dates(**page),
    "timeline": lambda c, **page: c.timeline(date_from="2003", **page),
    "search": lambda c, **page: c.search("the", **page),
    "search(regex)": lambda c, **page: c.search(r"\bMr\b", regex=True, **page),
    "cooccurrence": lambda c, **page: c.cooccurrence(**page),
    "person(mentions)": lambda c, **page: list(c.person("pers-blair", **page).mentions),
}


@pytest.mark.parametrize("question", sorted(_PAGED))
@settings(max_examples=examples(25), deadline=None)
@given(limit=st.one_of(st.none(), st.integers(0, 40)), offset=st.integers(0, 60))
def test_a_page_of_an_answer_is_that_slice_of_it(
    seeds_corpus: teikit.Corpus, question: str, limit: int | None, offset: int
) -> None:
    ask = _PAGED[question]
    everything = ask(seeds_corpus)
    assert len(everything) > 3, question  # the question has an answer worth paging
    stop = None if limit is None else offset + limit
    assert ask(seeds_corpus, limit=limit, offset=offset) == everything[offset:stop]


def test_negative_pages_are_usage_errors(seeds_corpus: teikit.Corpus) -> None:
    with pytest.raises(teikit.UsageError, match="limit must be 0 or more"):
        seeds_corpus.paragraphs(limit=-1)
    with pytest.raises(teikit.UsageError, match="offset must be 0 or more"):
        seeds_corpus.search("the", offset=-2)


def test_cli_limit_and_offset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "c"
    shutil.copytree(DATA, folder)
    assert main(["query", "dates", "-C", str(folder), "--json"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert (
        main(["query", "dates", "-C", str(folder), "--json", "--limit", "2", "--offset", "1"]) == 0
    )
    assert json.loads(capsys.readouterr().out) == every[1:3]
    assert main(["query", "dates", "-C", str(folder), "--limit", "-1"]) == 2


def test_an_index_read_in_two_processes_answers_the_same(tmp_path: Path) -> None:
    out = tmp_path / "tei"
    out.mkdir()
    for conversion in teikit.convert(Path(__file__).parents[1] / "seeds"):
        conversion.write(out)
    with (
        teikit.Corpus.open(out, index=False) as one,
        teikit.Corpus.open(out, index=False, jobs=2) as two,
    ):
        assert two.refreshed == one.refreshed == len(one.files) > 4
        assert two.persons() == one.persons()
        assert two.paragraphs() == one.paragraphs()
        assert two.notes() == one.notes()
        assert two.dates() == one.dates()
        assert two.search("the") == one.search("the")
    with pytest.raises(teikit.UsageError, match="jobs must be 1 or more"):
        teikit.Corpus.open(out, jobs=0)


def test_results_built_from_the_index_are_the_models_validation_makes(
    corpus: teikit.Corpus,
) -> None:
    """Results are built from the index's rows without validation (results._maker and
    _adopter); each must be what validating its own values makes: the same fields, in the
    same order (repr), the same values and the same fields set."""
    from pydantic import BaseModel

    def same(model: BaseModel) -> None:
        again = type(model).model_validate(model.model_dump())
        assert model == again
        assert repr(model) == repr(again)
        assert list(model.__dict__) == list(type(model).model_fields)
        assert model.model_fields_set == again.model_fields_set == set(type(model).model_fields)
        for value in model.__dict__.values():
            for inner in value if isinstance(value, tuple) else (value,):
                if isinstance(inner, BaseModel):
                    same(inner)

    answers: list[Any] = [
        corpus.paragraphs(),
        corpus.notes(),
        corpus.timeline(),
        corpus.dates(),
        corpus.search(r"\bBinns\b", regex=True),
        corpus.search("the"),
    ]
    for answer in answers:
        assert answer
        for model in answer:
            same(model)


def test_without_a_temporary_folder_jobs_2_reads_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    out = tmp_path / "tei"
    out.mkdir()
    for conversion in teikit.convert(Path(__file__).parents[1] / "seeds"):
        conversion.write(out)
    with teikit.Corpus.open(out, index=False) as one:
        truth = list(one.paragraphs()), list(one.search("the"))

    def refused(*args: object, **kwargs: object) -> str:
        raise OSError("no temporary folder")

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    with teikit.Corpus.open(out, jobs=2) as two:
        assert two.problems == ()
        assert (list(two.paragraphs()), list(two.search("the"))) == truth


def test_an_index_file_built_in_two_processes_answers_and_refreshes_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With jobs=2 the rows travel through shards and the full-text table is built beside
    them and copied in: the index answers as one built in one process, including its
    problems and text search, is updated in place when a file changes, and leaves no shard
    behind."""
    import tempfile

    out = tmp_path / "tei"
    out.mkdir()
    for conversion in teikit.convert(Path(__file__).parents[1] / "seeds"):
        conversion.write(out)
    (out / "broken.xml").write_text("<TEI><text>", encoding="utf-8")
    (out / "html.xml").write_text("<html/>", encoding="utf-8")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))

    def answers(corpus: teikit.Corpus) -> tuple[object, ...]:
        return (  # read whole: an answer is read from the index when it is read
            corpus.problems,
            list(corpus.persons()),
            list(corpus.paragraphs()),
            list(corpus.notes()),
            list(corpus.timeline()),
            list(corpus.cooccurrence()),
            list(corpus.search("the")),
            list(corpus.search(r"\bthe\s+\w+", regex=True)),
            list(corpus.paragraphs(contains="of the")),
        )

    with teikit.Corpus.open(out, index=False) as one:
        truth = answers(one)
    with teikit.Corpus.open(out, jobs=2) as two:
        assert two.refreshed == len(two.files) > 4
        assert answers(two) == truth
    assert list(scratch.iterdir()) == []
    db = sqlite3.connect(out / ".teikit-index.sqlite")
    db.execute("INSERT INTO units_fts(units_fts) VALUES ('integrity-check')")
    db.close()
    first = next(f for f in sorted(out.glob("*.xml")) if " the " in f.read_text(encoding="utf-8"))
    first.write_text(first.read_text(encoding="utf-8").replace(" the ", " thee "), "utf-8")
    with teikit.Corpus.open(out, index=False) as one:
        truth = answers(one)
    with teikit.Corpus.open(out, jobs=2) as two:
        assert two.refreshed == 1
        assert answers(two) == truth
