"""The TEI builder on the ranges that are hard to write: text XML must escape, inside and
outside spans and attribute values; a footnote marker inside a span; a hyphenated line end
inside a span; a span that crosses the end of the one around it or the end of its block; an
empty span; a span inside a footnote's text. The expected bodies were made by the builder as
it was before it wrote each range as one string of markup (98fa6d0), which built every
element one at a time: the two ways must give the same tree.
"""

from __future__ import annotations

from typing import Literal

import pytest
from lxml import etree

from teikit import ConvertOptions
from teikit.footnotes import find_markers
from teikit.layout import parse_layout
from teikit.model import Span
from teikit.read import Page, read_text
from teikit.tei.build import BodyBuilder, PageInput

LineBreaks = Literal["join", "keep"]

PAGE = (
    "9.6\u2002|\u2002Iraq: A & B <2003>\n"
    "12.\u2002Sir John Smith told the JIC on 3 May 2004 that R&D <costs> were high-\n"
    "er than expected.4 He said so again on\n"
    "5 May.\n"
    "4\u2002Minute Smith to Blair, 3 May 2004, \u2018A & B\u2019.\n"
    "27\n"
)


def spans_for(text: str) -> list[Span]:
    def at(s: str, label: str, attrs: tuple[tuple[str, str], ...] = (), nth: int = 0) -> Span:
        i = -1
        for _ in range(nth + 1):
            i = text.index(s, i + 1)
        return Span(i, i + len(s), label, attrs)

    return [
        at("Sir", "roleName"),
        at("Sir John Smith", "persName", (("ref", '#john-smith&"co"'),)),
        at("3 May 2004", "date", (("when", "2004-05-03"),)),
        at("R&D <costs>", "orgName"),  # text to escape inside a span
        at("high-\ner", "placeName"),  # a hyphenated line end inside a span
        at("than expected.4 He", "persName"),  # a footnote marker inside a span
        at("again on\n5", "date", (("when", "2004-05-05"), ("cert", "low"))),  # crosses a block
        at("on\n5 May", "placeName"),  # crosses the end of the span around it
        Span(text.index("5 May."), text.index("5 May."), "date"),  # empty
        at("3 May 2004", "date", (("when", "2004-05-03"),), nth=1),  # in the footnote
    ]


EXPECTED = {
    "join": (
        '<body xmlns="http://www.tei-c.org/ns/1.0"><div><pb n="27"/><fw type="header" pla'
        'ce="top">9.6 | Iraq: A &amp; B &lt;2003&gt;</fw><p n="12"><persName ref="#john-s'
        'mith&amp;&quot;co&quot;"><roleName>Sir</roleName> John Smith</persName> told the'
        ' JIC on <date when="2004-05-03">3 May 2004</date> that <orgName>R&amp;D &lt;cost'
        "s&gt;</orgName> were <placeName>high-er</placeName> <persName>than expected.<not"
        'e place="foot" n="4" xml:id="note-4">Minute Smith to Blair, <date when="2004-05-'
        '03">3 May 2004</date>, ‘A &amp; B’.</note> He</persName> said so again on</p><p '
        'part="I"><date/>5 May.</p><fw type="pageNum" place="bottom">27</fw></div></body>'
    ),
    "keep": (
        '<body xmlns="http://www.tei-c.org/ns/1.0"><div><pb n="27"/><fw type="header" pla'
        'ce="top">9.6 | Iraq: A &amp; B &lt;2003&gt;</fw><p n="12"><persName ref="#john-s'
        'mith&amp;&quot;co&quot;"><roleName>Sir</roleName> John Smith</persName> told the'
        ' JIC on <date when="2004-05-03">3 May 2004</date> that <orgName>R&amp;D &lt;cost'
        's&gt;</orgName> were <placeName>high-<lb break="no"/>er</placeName> <persName>th'
        'an expected.<note place="foot" n="4" xml:id="note-4">Minute Smith to Blair, <dat'
        'e when="2004-05-03">3 May 2004</date>, ‘A &amp; B’.</note> He</persName> said so'
        ' again on</p><p part="I"><date/>5 May.</p><fw type="pageNum" place="bottom">27</'
        "fw></div></body>"
    ),
}


def body_of(page: Page, line_breaks: LineBreaks, spans: list[Span]) -> str:
    layout = parse_layout(page, problems=[])
    find_markers(page, layout, problems=[])
    builder = BodyBuilder(ConvertOptions(line_breaks=line_breaks))
    builder.add(PageInput(page, layout, spans))
    return etree.tostring(builder.finish(), encoding="unicode")


@pytest.mark.parametrize("line_breaks", ["join", "keep"])
def test_hard_ranges_build_as_element_by_element(line_breaks: LineBreaks) -> None:
    page = read_text(PAGE, source="p.txt")[0]
    assert body_of(page, line_breaks, spans_for(page.text)) == EXPECTED[line_breaks]


def test_text_xml_cannot_hold_fails_as_lxml_fails() -> None:
    # read.py refuses such a page; one made by hand fails when the range is written
    page = Page(source="p.txt", text="12.\u2002A line\x01 and\nanother.", index=0)
    with pytest.raises(ValueError, match="XML compatible"):
        body_of(page, "keep", [Span(4, 8, "persName")])
