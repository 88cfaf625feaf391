"""``teikit export``: every format reloaded with the tool it is for (csv, json, networkx, the
TEI schema), on hand-written TEI in tests/data/export/ (persons, dates, notes, lists, quotes,
a table, page breaks with and without numbers) and on the converted seed pages."""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import pytest

import teikit
from teikit.cli import main

DATA = Path(__file__).parent / "data" / "export"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FORMATS = ("html", "csv", "jsonl", "txt", "gexf", "graphml", "corpus")
IN_CI = os.environ.get("CI") == "true"


def networkx_or_skip() -> object:
    try:
        import networkx
    except ModuleNotFoundError:
        if IN_CI:
            pytest.fail("networkx is not installed; CI installs teikit[network]")
        pytest.skip("networkx is not installed (pip install 'teikit[network]')")
    return networkx


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def seeds_tei(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed pages converted by teikit, as users export them."""
    out = tmp_path_factory.mktemp("build")
    for conversion in teikit.convert([SEEDS]):
        conversion.write(out)
    return out


# --- tables ---------------------------------------------------------------------------------


def test_csv_tables_join_on_their_ids(tmp_path: Path) -> None:
    result = teikit.export([DATA], to="csv", out=tmp_path / "t")
    assert result.files == (
        "dates.csv",
        "documents.csv",
        "mentions.csv",
        "notes.csv",
        "paragraphs.csv",
        "persons.csv",
    )
    t = {name.removesuffix(".csv"): read_csv(tmp_path / "t" / name) for name in result.files}
    documents = {r["document"] for r in t["documents"]}
    persons = {r["person"]: r for r in t["persons"]}
    paragraphs = {r["paragraph"]: r for r in t["paragraphs"]}
    notes = {r["note"]: r for r in t["notes"]}
    assert documents == {"alpha", "beta"}
    assert sorted(persons) == ["pers-binns", "pers-browne", "pers-maliki", "pers-petraeus"]
    for mention in t["mentions"]:
        assert mention["person"] in persons
        assert mention["document"] in documents
        assert mention["paragraph"] in paragraphs
        assert mention["note"] == "" or notes[mention["note"]]["paragraph"] == mention["paragraph"]
    for date in t["dates"]:
        assert date["paragraph"] == "" or date["paragraph"] in paragraphs
        assert date["when"] or (date["from"] and date["to"])
    # counts agree across tables: Binns is named in both documents, once in a note
    binns = [m for m in t["mentions"] if m["person"] == "pers-binns"]
    assert int(persons["pers-binns"]["mentions"]) == len(binns) == 4
    assert {m["document"] for m in binns} == {"alpha", "beta"}
    assert persons["pers-petraeus"]["wikidata"] == "Q318503"
    assert "Major General Graham Binns" in persons["pers-binns"]["names"].split(" | ")
    # notes are their own rows, not part of the paragraph text
    p565 = next(p for p in paragraphs.values() if p["n"] == "565")
    assert "Minute Binns" not in p565["text"] and "On 1 November he wrote" in p565["text"]
    assert notes["alpha/note-264"]["paragraph"] == p565["paragraph"]
    assert notes["alpha/note-266"]["missing"] == "true"
    # page numbers come from pb/@n, else the printed page number at the foot
    assert {p["page"] for p in paragraphs.values() if p["document"] == "alpha"} == {"287", "288"}
    assert {p["page"] for p in paragraphs.values() if p["document"] == "beta"} == {"301"}
    ranges = [d for d in t["dates"] if d["from"]]
    assert [(d["from"], d["to"]) for d in ranges] == [
        ("2007-10-29", "2007-11-02"),
        ("2007-06", "2008-04"),
    ]


def test_csv_is_rfc4180_utf8_with_one_header(tmp_path: Path) -> None:
    teikit.export([DATA], to="csv", out=tmp_path / "t")
    raw = (tmp_path / "t" / "paragraphs.csv").read_bytes()
    assert raw.startswith(b"paragraph,document,n,part,page,text\r\n")
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF everywhere, none bare
    assert "“Maliki places".encode() in raw  # UTF-8, no BOM
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b',"The UK would take on' in raw  # a field holding a comma is quoted


def test_jsonl_holds_the_same_records_as_csv(tmp_path: Path) -> None:
    teikit.export([DATA], to="csv", out=tmp_path / "c")
    teikit.export([DATA], to="jsonl", out=tmp_path / "j")
    for name in ("persons", "mentions", "dates", "paragraphs", "notes", "documents"):
        rows = [
            json.loads(line)
            for line in (tmp_path / "j" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        as_text = [
            {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in r.items()}
            for r in rows
        ]
        assert as_text == read_csv(tmp_path / "c" / f"{name}.csv"), name


def test_txt_has_the_text_and_the_notes_at_the_end(tmp_path: Path) -> None:
    teikit.export([DATA], to="txt", out=tmp_path / "t")
    alpha = (tmp_path / "t" / "alpha.txt").read_text(encoding="utf-8")
    text, notes = alpha.split("\n\nNotes\n\n")
    assert "evaluate progress made since the summer. On 1 November he wrote" in text
    assert "border security; reform and retraining" in text
    assert "Minute" not in text and "9.6 |" not in text  # notes and running heads are apart
    first_note = "264 Minute Binns to CJO, 1 November 2007, ‘Southern Iraq Update’."
    assert notes.splitlines()[0] == first_note
    beta = (tmp_path / "t" / "beta.txt").read_text(encoding="utf-8")
    assert "Basra 16,000" in beta and "grow & change" in beta


# --- networks -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_network_reloads_with_networkx(tmp_path: Path, fmt: str) -> None:
    nx = networkx_or_skip()
    teikit.export([DATA], to=fmt, out=tmp_path / "n")
    path = tmp_path / "n" / f"persons.{fmt}"
    g = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)  # type: ignore[attr-defined]
    assert sorted(g.nodes) == ["pers-binns", "pers-browne", "pers-maliki", "pers-petraeus"]
    # shared paragraphs (their own text): Binns+Browne in 565 and 567, Binns+Petraeus in 40;
    # Maliki and Browne meet only in a note, which does not count
    edges = {tuple(sorted(e)): d["weight"] for *e, d in g.edges(data=True)}
    assert edges == {("pers-binns", "pers-browne"): 2, ("pers-binns", "pers-petraeus"): 1}
    assert g.nodes["pers-binns"]["mentions"] == 4
    assert g.nodes["pers-binns"]["label"] == "Major General Graham Binns"


def test_network_agrees_with_corpus_cooccurrence(tmp_path: Path) -> None:
    nx = networkx_or_skip()
    teikit.export([DATA], to="graphml", out=tmp_path / "n")
    g = nx.read_graphml(tmp_path / "n" / "persons.graphml")  # type: ignore[attr-defined]
    with teikit.Corpus.open(DATA, index=False) as corpus:
        pairs = {(c.person_a, c.person_b): c.count for c in corpus.cooccurrence()}
        persons = {p.id: p.mention_count for p in corpus.persons()}
    assert {tuple(sorted(e)): d["weight"] for *e, d in g.edges(data=True)} == pairs
    assert {n: d["mentions"] for n, d in g.nodes(data=True)} == persons


def test_network_without_networkx_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    real = importlib.import_module

    def refuse(name: str, *args: object) -> object:
        if name == "networkx":
            raise ModuleNotFoundError("No module named 'networkx'", name="networkx")
        return real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib, "import_module", refuse)
    with pytest.raises(teikit.UsageError, match=r"teikit\[network\]"):
        teikit.export([DATA], to="gexf", out=tmp_path / "n")
    assert not (tmp_path / "n").exists()
    assert [p.name for p in tmp_path.iterdir()] == []  # the staging folder is gone too


# --- one-file corpus ------------------------------------------------------------------------


def test_tei_corpus_is_valid_against_tei_all(tmp_path: Path, tei_all: teikit.Schema) -> None:
    teikit.export([DATA], to="corpus", out=tmp_path / "c")
    path = tmp_path / "c" / "corpus.xml"
    assert [str(p) for p in tei_all.iter_errors(path)] == []
    text = path.read_text(encoding="utf-8")
    # one personography for the corpus, documents' ids prefixed, every @ref resolves
    assert text.count("<standOff>") == 1
    assert text.count('<person xml:id="pers-binns">') == 1
    assert 'xml:id="alpha.note-264"' in text and 'xml:id="beta.note-12"' in text
    assert "Major General</roleName> Graham Binns" in text and "Maj Gen</roleName> Binns" in text


def test_tei_corpus_of_the_seeds_is_valid(
    seeds_tei: Path, tmp_path: Path, tei_all: teikit.Schema
) -> None:
    teikit.export([seeds_tei], to="corpus", out=tmp_path / "c")
    assert [str(p) for p in tei_all.iter_errors(tmp_path / "c" / "corpus.xml")] == []


# --- the reading edition, statically (the browser test is in test_export_browser.py) -------


def test_html_edition_files_and_links(tmp_path: Path) -> None:
    result = teikit.export([DATA], to="html", out=tmp_path / "site")
    assert set(result.files) == {
        "index.html",
        "persons.html",
        "timeline.html",
        "timeline-2007.html",
        "timeline-2008.html",
        "alpha.html",
        "beta.html",
        "tei/alpha.xml",
        "tei/beta.xml",
        "static/teikit.css",
    }
    site = tmp_path / "site"
    assert (site / "tei" / "alpha.xml").read_bytes() == (DATA / "alpha.xml").read_bytes()
    alpha = (site / "alpha.html").read_text(encoding="utf-8")
    assert 'href="tei/alpha.xml"' in alpha
    assert 'href="#note-264"' in alpha and 'id="note-264"' in alpha
    assert 'href="#ref-note-264"' in alpha and 'id="ref-note-264"' in alpha
    assert 'href="persons.html#pers-binns"' in alpha
    assert 'title="2007-11-01"' in alpha and 'title="2007-10-29/2007-11-02"' in alpha
    assert ">p. 288<" in alpha  # page breaks visible with their number
    persons = (site / "persons.html").read_text(encoding="utf-8")
    assert 'id="pers-binns"' in persons and 'href="beta.html#m-2"' in persons
    assert 'href="timeline-2007.html#alpha.d-3"' in alpha
    timeline = (site / "timeline-2007.html").read_text(encoding="utf-8")
    # earliest first; a range sits at its start
    order = [
        timeline.index(s)
        for s in (
            'id="beta.d-4"',
            'id="alpha.d-4"',
            'id="alpha.d-5"',
            'id="alpha.d-1"',
            'id="alpha.d-2"',
        )
    ]
    assert order == sorted(order)
    assert 'id="beta.d-1"' in (site / "timeline-2008.html").read_text(encoding="utf-8")
    years = (site / "timeline.html").read_text(encoding="utf-8")
    assert 'href="timeline-2007.html">2007</a> (6 dates)' in years
    assert "<script" not in alpha and "http" not in alpha.replace(
        "https://www.nationalarchives", ""
    )  # nothing fetched from the network


# --- errors, safety, determinism ------------------------------------------------------------


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(teikit.UsageError, match="unknown export format 'pdf'"):
        teikit.export([DATA], to="pdf", out=tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_cli_errors_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export", str(DATA), "--to", "pdf", "-o", str(tmp_path / "x")])
    assert exit_.value.code == 2
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    cases = [
        [str(tmp_path / "nothing-here"), "--to", "csv", "-o", str(tmp_path / "a")],
        [str(DATA), "--to", "csv", "-o", str(tmp_path / "full")],
    ]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bad.xml").write_text("<TEI><text>", encoding="utf-8")
    cases.append([str(broken), "--to", "csv", "-o", str(tmp_path / "b")])
    capsys.readouterr()
    for argv in cases:
        assert main(["export", *argv]) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("teikit: "), err
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken", "full"]


def test_force_replaces_a_non_empty_folder_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("old")
    with pytest.raises(teikit.UsageError, match="--force"):
        teikit.export([DATA], to="txt", out=out)
    teikit.export([DATA], to="txt", out=out, force=True)
    assert sorted(p.name for p in out.iterdir()) == ["alpha.txt", "beta.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging or old folder


def test_force_never_replaces_the_folder_holding_the_input(tmp_path: Path) -> None:
    (tmp_path / "tei").mkdir()
    (tmp_path / "tei" / "alpha.xml").write_bytes((DATA / "alpha.xml").read_bytes())
    with pytest.raises(teikit.UsageError, match="holds"):
        teikit.export([tmp_path / "tei"], to="txt", out=tmp_path, force=True)
    assert (tmp_path / "tei" / "alpha.xml").is_file()


def test_hostile_xml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "xxe.xml").write_text(
        '<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&x;</p></body></text></TEI>'
    )
    with pytest.raises(teikit.TeikitError, match="TK404"):
        teikit.export([tmp_path / "in"], to="txt", out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_same_file_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(teikit.UsageError, match="given twice"):
        teikit.export([DATA, DATA / "alpha.xml"], to="csv", out=tmp_path / "x")


@pytest.mark.parametrize("fmt", FORMATS)
def test_reruns_are_byte_identical(tmp_path: Path, fmt: str) -> None:
    if fmt in ("gexf", "graphml"):
        networkx_or_skip()
    first = teikit.export([DATA], to=fmt, out=tmp_path / "a")
    second = teikit.export([DATA], to=fmt, out=tmp_path / "b")
    assert first.files == second.files
    for name in first.files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_cli_export_of_the_converted_seeds(
    seeds_tei: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("html", "csv", "txt", "corpus"):
        assert main(["export", str(seeds_tei), "--to", fmt, "-o", str(tmp_path / fmt)]) == 0
        assert capsys.readouterr().out.strip() == str(tmp_path / fmt)
    paragraphs = read_csv(tmp_path / "csv" / "paragraphs.csv")
    documents = read_csv(tmp_path / "csv" / "documents.csv")
    assert len(documents) == len(list(seeds_tei.glob("*.xml")))
    assert sum(int(d["paragraphs"]) for d in documents) == len(paragraphs)
    assert (tmp_path / "html" / "section-9.6.html").is_file()


def test_export_result_says_what_was_written(tmp_path: Path) -> None:
    result = teikit.export([DATA / "alpha.xml"], to="txt", out=tmp_path / "t")
    assert result.format == "txt" and result.documents == 1 and result.files == ("alpha.txt",)
    assert result.bytes == (tmp_path / "t" / "alpha.txt").stat().st_size
    assert json.loads(result.model_dump_json())["out"] == str(tmp_path / "t")


def test_a_large_register_is_split_and_every_person_link_resolves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from teikit.export import html

    monkeypatch.setattr(html, "PERSONS_PER_PAGE", 3)  # the fixture's 4 persons: 2 pages
    result = teikit.export([DATA], to="html", out=tmp_path / "site")
    site = tmp_path / "site"
    assert {"persons.html", "persons-1.html", "persons-2.html"} <= set(result.files)
    assert "persons-3.html" not in result.files

    def ids(page: str) -> set[str]:
        return set(re.findall(r' id="([^"]+)"', (site / page).read_text(encoding="utf-8")))

    entries = {page: ids(page) for page in ("persons-1.html", "persons-2.html")}
    assert "pers-petraeus" in entries["persons-2.html"]
    assert "pers-binns" in entries["persons-1.html"]
    links = []
    for page in ("alpha.html", "beta.html", "persons.html"):
        text = (site / page).read_text(encoding="utf-8")
        links += re.findall(r'href="(persons[^"#]*\.html)#(pers-[^"]+)"', text)
    assert {person for _, person in links} == {
        "pers-binns",
        "pers-browne",
        "pers-maliki",
        "pers-petraeus",
    }
    for page, person in links:
        assert page != "persons.html", "a person link to the index, not the entry"
        assert person in entries[page], f"{page}#{person} does not exist"
    # the register's entries link back to the mentions, as on a single page
    assert 'href="beta.html#m-2"' in (site / "persons-1.html").read_text(encoding="utf-8")
