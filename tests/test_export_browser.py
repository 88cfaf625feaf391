"""The reading edition in a real browser: Debian's headless Chromium, driven by selenium through
Debian's chromium-driver, pages opened from ``file://``.

Skipped where Chromium, its driver or selenium are missing, except in CI (``CI=true``), where
that is a broken setup and fails.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import teikit
from teikit.safexml import parse_file

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data" / "export"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("TEIKIT_CHROMIUM", "/usr/bin/chromium")
DRIVER = os.environ.get("TEIKIT_CHROMEDRIVER", "/usr/bin/chromedriver")
TEI = "{http://www.tei-c.org/ns/1.0}"

# The page's text as a reader gets it: everything in <body> once scripts have run, minus
# <script> and <template>, minus what the edition adds (paragraph numbers, note markers, page
# labels carry data-label) and the running heads (fw), which are not paragraph text.
READ_TEXT = """
const body = document.body.cloneNode(true);
body.querySelectorAll('script, template, [data-label], .fw').forEach(e => e.remove());
return body.textContent;
"""


def _unavailable(why: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why}; CI installs chromium, chromium-driver and selenium")
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ModuleNotFoundError:
        _unavailable("selenium is not installed")
    for path in (CHROMIUM, DRIVER):
        if not Path(path).is_file():
            _unavailable(f"{path} not found (apt-get install chromium chromium-driver)")
    profile = tempfile.mkdtemp(prefix="teikit-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1100,1400",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def squeeze(text: str) -> str:
    """Text without any whitespace: block boundaries differ between TEI and HTML, words not."""
    return re.sub(r"\s+", "", text)


def tei_texts(path: Path) -> tuple[list[str], list[str]]:
    """(paragraph texts, footnote texts) of a TEI file: a paragraph without its notes and
    running heads, a note's own text."""
    root = parse_file(path).getroot().find(f"{TEI}text")
    assert root is not None

    def text(element: Any, skip: tuple[str, ...]) -> str:
        parts = [element.text or ""]
        for child in element:
            if isinstance(child.tag, str) and child.tag.removeprefix(TEI) not in skip:
                parts.append(text(child, skip))
            parts.append(child.tail or "")
        return "".join(parts)

    paragraphs = [
        text(p, ("note", "fw"))
        for p in root.iter(f"{TEI}p")
        if not any(a.tag in (f"{TEI}p", f"{TEI}note") for a in p.iterancestors())
    ]
    notes = [text(n, ("fw",)) for n in root.iter(f"{TEI}note")]
    return [p for p in paragraphs if p.strip()], [n for n in notes if n.strip()]


def check_every_text_is_rendered(driver: Any, site: Path, tei_dir: Path) -> int:
    checked = 0
    for tei in sorted(tei_dir.glob("*.xml")):
        driver.get((site / f"{tei.stem}.html").as_uri())
        rendered = squeeze(driver.execute_script(READ_TEXT))
        paragraphs, notes = tei_texts(tei)
        for text in paragraphs + notes:
            assert squeeze(text) in rendered, f"{tei.name}: not rendered: {text[:80]!r}"
            checked += 1
    return checked


def test_fixture_edition_renders_every_paragraph_and_note(browser: Any, tmp_path: Path) -> None:
    teikit.export([DATA], to="html", out=tmp_path / "site")
    assert check_every_text_is_rendered(browser, tmp_path / "site", DATA) == 10


def test_seed_edition_renders_every_paragraph_and_note(browser: Any, tmp_path: Path) -> None:
    build = tmp_path / "build"
    for conversion in teikit.convert([SEEDS]):
        conversion.write(build)
    teikit.export([build], to="html", out=tmp_path / "site")
    assert check_every_text_is_rendered(browser, tmp_path / "site", build) > 100
    browser.get((tmp_path / "site" / "section-9.6.html").as_uri())
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "export-section-9.6.png"))


def target_id(driver: Any) -> str:
    return str(
        driver.execute_script(
            "const t = document.querySelector(':target'); return t ? t.id + ' ' + t.className : '';"
        )
    )


def test_footnotes_go_to_their_note_and_back(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    teikit.export([DATA], to="html", out=tmp_path / "site")
    browser.get((tmp_path / "site" / "alpha.html").as_uri())
    markers = browser.find_elements(By.CSS_SELECTOR, "a.noteref")
    assert [m.text for m in markers] == ["264", "265", "266"]
    # every marker points to a note of the page, every note back to its marker
    assert browser.execute_script("""
        return [...document.querySelectorAll('a.noteref')].every(a => {
            const note = document.getElementById(a.hash.slice(1));
            const back = note && note.querySelector('a[role=doc-backlink]');
            return note && note.matches('li.note') && back && back.hash === '#' + a.id;
        });""")
    markers[0].click()
    assert target_id(browser) == "note-264 note"
    note = browser.find_element(By.ID, "note-264")
    assert "Minute Binns to CJO" in note.text
    note.find_element(By.CSS_SELECTOR, "a[role=doc-backlink]").click()
    assert target_id(browser) == "ref-note-264 noteref"
    # keyboard: the marker is a link, reachable and followed with Enter
    from selenium.webdriver.common.keys import Keys

    markers = browser.find_elements(By.CSS_SELECTOR, "a.noteref")
    markers[1].send_keys(Keys.ENTER)
    assert target_id(browser) == "note-265 note"
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "export-fixture-note.png"))


def test_person_links_land_on_the_register_entry(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    teikit.export([DATA], to="html", out=tmp_path / "site")
    site = tmp_path / "site"
    browser.get((site / "persons.html").as_uri())
    entries = set(
        browser.execute_script(
            "return [...document.querySelectorAll('section.register-entry')].map(s => s.id);"
        )
    )
    assert entries == {"pers-binns", "pers-browne", "pers-maliki", "pers-petraeus"}
    for page in ("alpha.html", "beta.html"):
        browser.get((site / page).as_uri())
        hrefs = browser.execute_script(
            "return [...document.querySelectorAll('a.person')].map(a => a.hash.slice(1));"
        )
        assert hrefs and set(hrefs) <= entries
    browser.get((site / "beta.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, "a.person[href$='#pers-petraeus']").click()
    assert browser.current_url.endswith("persons.html#pers-petraeus")
    assert target_id(browser) == "pers-petraeus register-entry"
    # and from the register back to the mention, by document and page
    entry = browser.find_element(By.ID, "pers-petraeus")
    assert "p. 301" in entry.text
    entry.find_element(By.CSS_SELECTOR, "ul.mentions ul a").click()
    assert browser.current_url.endswith("beta.html#m-1")
    assert target_id(browser) == "m-1 person"


def test_person_links_land_on_a_split_register(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from selenium.webdriver.common.by import By

    from teikit.export import html

    monkeypatch.setattr(html, "PERSONS_PER_PAGE", 3)  # 4 persons: persons-1.html, -2.html
    teikit.export([DATA], to="html", out=tmp_path / "site")
    site = tmp_path / "site"
    browser.get((site / "beta.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, "a.person[href$='#pers-petraeus']").click()
    assert browser.current_url.endswith("persons-2.html#pers-petraeus")
    assert target_id(browser) == "pers-petraeus register-entry"
    # the index lists every person and leads to the entry too
    browser.get((site / "persons.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, "ul.register-index a[href$='#pers-binns']").click()
    assert browser.current_url.endswith("persons-1.html#pers-binns")
    assert target_id(browser) == "pers-binns register-entry"


def test_dates_show_iso_and_pages_show_numbers(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    teikit.export([DATA], to="html", out=tmp_path / "site")
    browser.get((tmp_path / "site" / "alpha.html").as_uri())
    dates = browser.execute_script(
        "return [...document.querySelectorAll('a.date')].map(a => [a.textContent, a.title]);"
    )
    assert ["1 November", "2007-11-01"] in dates
    assert ["29 October and 2 November", "2007-10-29/2007-11-02"] in dates
    pages = browser.execute_script(
        "return [...document.querySelectorAll('.pb')].map(e => e.textContent);"
    )
    assert pages == ["p. 287", "p. 288"]
    browser.find_element(By.CSS_SELECTOR, "a.date[href*='#alpha.d-5']").click()
    assert browser.current_url.endswith("timeline-2007.html#alpha.d-5")
    assert target_id(browser) == "alpha.d-5 "
    isos = browser.execute_script(
        "return [...document.querySelectorAll('time.iso')].map(e => e.textContent);"
    )
    assert isos[0] == "2007-06/2008-04" and len(isos) == 6
