"""The run's first pass over names: a bare surname links to the person the run names with a
title on another page, the same through convert() and convert_parallel(), and a page alone
keeps the ids it gets in a run."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teikit.convert import convert
from teikit.entities.persons import PersonAuthority
from teikit.entities.run import learn_names, names_in_text
from teikit.parallel import convert_parallel

NAV = "Previous page | Contents | Next page"
TEI = "{http://www.tei-c.org/ns/1.0}"
AUTHORITY = PersonAuthority.load()


def _page(head: str, body: str, number: int) -> str:
    return f"{NAV}\n{head}\n{body}\n{number}\n{NAV}\n"


def _write(folder: Path) -> list[Path]:
    # Two odd pages of different sections, so two documents: only the run links them.
    first = _page(
        "3.1  |  Development of UK strategy",
        "10.\u2002Maj Gen Jalil met Mr Quarrey and Dr Ann Smith on 3 May 2003.",
        101,
    )
    second = _page(
        "5.1  |  Advice on the legal basis",
        "20.\u2002The paper by Jalil went to Quarrey and to Smith. Mr John Smith disagreed.",
        301,
    )
    paths = [folder / "page101.txt", folder / "page301.txt"]
    for path, text in zip(paths, (first, second), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def _persons(root: etree._Element) -> list[tuple[str, str | None]]:
    body = root.find(f"{TEI}text")
    assert body is not None
    return [
        (" ".join("".join(str(t) for t in n.itertext()).split()), n.get("ref"))
        for n in body.iter(f"{TEI}persName")
    ]


def test_a_bare_surname_links_to_the_person_the_run_names(tmp_path: Path) -> None:
    paths = _write(tmp_path)
    documents = list(convert(paths))
    assert len(documents) == 2
    assert _persons(documents[1].root) == [
        ("Jalil", "#pers-jalil"),
        ("Quarrey", "#pers-quarrey"),
        ("Smith", "#pers-smith"),
        ("Mr John Smith", "#pers-smith"),
    ]


def test_alone_the_bare_surnames_stay_text_and_ids_do_not_change(tmp_path: Path) -> None:
    paths = _write(tmp_path)
    alone = [conversion for path in paths for conversion in convert(path)]
    in_run = list(convert(paths))
    # Smith is named with a title on this page too: the page links it by itself.
    assert _persons(alone[1].root) == [("Smith", "#pers-smith"), ("Mr John Smith", "#pers-smith")]
    assert _persons(alone[0].root) == _persons(in_run[0].root)


def test_parallel_gives_the_same_bytes(tmp_path: Path) -> None:
    paths = _write(tmp_path)
    serial = [c.to_bytes() for c in convert(paths)]
    pooled = [d.to_bytes() for d in convert_parallel(paths, jobs=2)]
    assert pooled == serial


def test_a_surname_of_two_known_people_is_ambiguous() -> None:
    names = learn_names(
        [names_in_text("Mr Powell met Secretary of State Powell and Maj Gen Binns.", AUTHORITY)]
    )
    assert names.ids("Powell") == ("pers-powell-colin", "pers-powell-jonathan")
    assert names.ids("Binns") == ("pers-binns",)
    assert names.ids("Straw") == ()


def test_an_ambiguous_bare_surname_is_reported(tmp_path: Path) -> None:
    one = _page(
        "3.1  |  Development of UK strategy",
        "10.\u2002Mr Powell met Secretary of State Powell.",
        101,
    )
    two = _page("5.1  |  Advice on the legal basis", "20.\u2002A note by Powell followed.", 301)
    (tmp_path / "page101.txt").write_text(one, encoding="utf-8")
    (tmp_path / "page301.txt").write_text(two, encoding="utf-8")
    documents = list(convert(tmp_path))
    assert _persons(documents[1].root) == [("Powell", None)]
    assert [p.code for p in documents[1].problems if p.code == "TK301"] == ["TK301"]


def test_the_run_learns_people_named_by_an_arabic_full_name() -> None:
    names = learn_names([names_in_text("a pledge to Abu Ayyub al-Masri in 2004.", AUTHORITY)])
    # The article is dropped as later pages drop it; both forms are looked for.
    assert names.ids("Masri") == names.ids("al-Masri") == ("pers-masri",)


def test_a_forename_with_a_bracketed_surname_the_run_knows(tmp_path: Path) -> None:
    first = _page("3.1  |  Development of UK strategy", "10.\u2002Lt Gen Rob Fry said.", 101)
    second = _page("5.1  |  Advice on the legal basis", "20.\u2002“Rob [Fry] told me”", 301)
    paths = [tmp_path / "page101.txt", tmp_path / "page301.txt"]
    for path, text in zip(paths, (first, second), strict=True):
        path.write_text(text, encoding="utf-8")
    documents = list(convert(paths))
    assert _persons(documents[1].root) == [("Rob [Fry]", "#pers-fry")]
