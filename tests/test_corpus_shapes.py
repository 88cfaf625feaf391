"""One definition of a paragraph, on TEI of many shapes (tests/data/corpus-shapes/).

A paragraph is every ``p`` in ``text`` that is not inside another ``p`` or a ``note``, whatever
holds it. The expected paragraphs of each fixture come from that XPath applied to the file by
plain lxml, never from teikit's walker; ``Corpus.paragraphs()`` and the exporters' reader must
find exactly those, in document order.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

import teikit
from teikit.export.read import read_document
from teikit.tei.io import clean

SHAPES = Path(__file__).parent / "data" / "corpus-shapes"
TEI = {"tei": "http://www.tei-c.org/ns/1.0"}
PARAGRAPHS = "//tei:text//tei:p[not(ancestor::tei:p) and not(ancestor::tei:note)]"
#: The same for TEI P4, which has no namespace.
PARAGRAPHS_P4 = "//text//p[not(ancestor::p) and not(ancestor::note)]"
FIXTURES = sorted(p.name for p in SHAPES.glob("*.xml"))


def expected(name: str) -> list[str]:
    """The ``@n`` of the paragraphs of a fixture, by the XPath alone."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    tree = etree.parse(str(SHAPES / name), parser)
    namespaced = tree.getroot().tag.startswith("{")
    found = tree.xpath(PARAGRAPHS if namespaced else PARAGRAPHS_P4, namespaces=TEI)
    assert isinstance(found, list)
    return [str(p.get("n")) for p in found if isinstance(p, etree._Element)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> teikit.Corpus:
    folder = tmp_path_factory.mktemp("shapes")
    for name in FIXTURES:
        shutil.copy(SHAPES / name, folder / name)
    return teikit.Corpus.open(folder, index=False)


def test_every_shape_is_read_without_problems(corpus: teikit.Corpus) -> None:
    assert corpus.problems == ()
    assert sorted(corpus.files) == FIXTURES


@pytest.mark.parametrize("name", FIXTURES)
def test_paragraphs_are_exactly_the_xpaths(corpus: teikit.Corpus, name: str) -> None:
    want = expected(name)
    assert want, f"{name} holds no paragraph: the fixture is wrong"
    found = [p for p in corpus.paragraphs() if p.file == name]
    assert [p.paragraph for p in found] == want
    # Every fixture marks its paragraphs' text "para:" and every other p "part:" (a p in a
    # quotation is part of the paragraph's text; a note's text never is).
    assert all(p.text.startswith("para:") for p in found), [p.text for p in found]
    assert not any("note" in p.text.split("part:", 1)[-1] for p in found if "part:" in p.text)


def test_the_count_over_all_shapes(corpus: teikit.Corpus) -> None:
    assert len(corpus.paragraphs()) == sum(len(expected(name)) for name in FIXTURES) == 32


def test_text_around_a_paragraph_leaves_it_out(corpus: teikit.Corpus) -> None:
    # A paragraph inside a list item or a cell is a unit of its own, as a note is: its words
    # are found once, in the paragraph, not a second time in the item around it.
    hits = corpus.search("para: cell")
    assert [(h.file, h.kind, h.paragraph) for h in hits] == [("containers.xml", "p", "5")]
    items = [h.kind for h in corpus.search("an item without a p")]
    assert items == ["item"]


def test_notes_inside_nested_containers_cite_their_paragraph(corpus: teikit.Corpus) -> None:
    note = next(n for n in corpus.notes() if n.text.startswith("part: note p"))
    assert note.paragraph == "1"
    p4 = next(n for n in corpus.notes() if n.file == "p4-legacy.xml")
    assert p4.paragraph == "2"


@pytest.mark.parametrize("name", [n for n in FIXTURES if n not in ("corpus.xml", "p4-legacy.xml")])
def test_the_exporters_agree(name: str) -> None:
    # The exporters read TEI documents (not teiCorpus files) in the TEI namespace.
    document = read_document(SHAPES / name)
    assert [p.n for p in document.paragraphs] == expected(name)


@pytest.mark.parametrize("name", [n for n in FIXTURES if n not in ("corpus.xml", "p4-legacy.xml")])
def test_the_exporters_and_the_corpus_read_the_same_texts(corpus: teikit.Corpus, name: str) -> None:
    # Both read through one walk (teikit/tei/walk.py): the same paragraphs and notes with the
    # same text, the exports' with every space folded.
    document = read_document(SHAPES / name)
    paragraphs = [p for p in corpus.paragraphs() if p.file == name]
    assert [p.text for p in document.paragraphs] == [clean(p.text) for p in paragraphs]
    # (the exports list a note when it ends, so a note inside a note comes first)
    notes = [n for n in corpus.notes() if n.file == name]
    assert sorted(n.text for n in document.notes) == sorted(clean(n.text) for n in notes)
