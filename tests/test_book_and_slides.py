"""The book site and a lecture deck, opened from disk in headless Chromium as a reader would.

Builds ``make book`` and ``make slides SLIDES=02_dann``, then checks in Debian's Chromium (driven
by selenium through Debian's chromedriver) that the landing page, a chapter page, the search page
and the deck load with no console error, no failed request and no request leaving the disk; that
maths is typeset (MathJax elements, no raw ``$$``), images have loaded, search finds a word of one
chapter, and the deck advances to a second slide. Screenshots go to ``build/screenshots/``.

Without Chromium the test fails under CI (``CI=true``) and is skipped elsewhere; install it with
``apt-get update && apt-get install -y chromium chromium-driver`` (``.ci/run`` does).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "build" / "book"
SLIDES = ROOT / "build" / "slides"
SHOTS = ROOT / "build" / "screenshots"
DECK = "02_dann"
CHAPTER = "02_dann"
# a word that occurs in exactly one chapter (checked below against the notebooks)
SEARCH_WORD = "Cityscapes"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""",
                      re.I)


def _need_chromium():
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        message = (f"headless Chromium is needed for the browser test; missing {missing}: "
                   "apt-get update && apt-get install -y chromium chromium-driver")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def built():
    _need_chromium()
    started = time.monotonic()
    for target in (["book"], ["slides", f"SLIDES={DECK}"]):
        subprocess.run(["make", "--no-print-directory", *target], cwd=ROOT, check=True)
    print(f"book and deck built in {time.monotonic() - started:.0f} s")
    return BOOK, SLIDES


@pytest.fixture(scope="module")
def browser(built):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                # offline: any name lookup fails, so a request off the disk shows as failed
                "--host-resolver-rules=MAP * ~NOTFOUND"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def _open(driver, path: Path):
    assert path.exists(), path
    driver.get_log("browser"), driver.get_log("performance")  # drop earlier pages' entries
    driver.get(path.as_uri())


def _problems(driver) -> list[str]:
    """Console errors, failed requests and requests that do not come from the disk."""
    problems = [f"console: {e['message']}" for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith(("file:", "data:", "blob:", "about:")):
                problems.append(f"request off the disk: {url}")
        elif message["method"] == "Network.loadingFailed" and not params.get("canceled"):
            problems.append(f"failed request {params.get('requestId')}: {params.get('errorText')}")
    return problems


def _wait(driver, script: str, timeout: float = 30.0, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what or script}")


def _images_loaded(driver) -> tuple[int, list[str]]:
    _wait(driver, "return Array.from(document.images).every(i => i.complete)", what="images")
    images = driver.execute_script(
        "return Array.from(document.images).map(i => [i.currentSrc.slice(0, 80), i.naturalWidth])")
    return len(images), [src for src, width in images if not width > 0]


def _maths(driver) -> int:
    _wait(driver, "return window.MathJax && MathJax.startup && MathJax.startup.promise"
                  " && document.querySelectorAll('mjx-container').length > 0", what="MathJax")
    driver.execute_async_script("MathJax.startup.promise.then(arguments[arguments.length - 1])")
    return driver.execute_script("return document.querySelectorAll('mjx-container').length")


def test_pages_refer_to_nothing_off_the_disk(built):
    pages = list(BOOK.rglob("*.html")) + list(SLIDES.glob("*.slides.html"))
    assert pages
    offenders = [f"{p.relative_to(ROOT)}: {m.group(0)[:120]}" for p in pages
                 for m in EXTERNAL.finditer(p.read_text(errors="replace"))]
    assert not offenders, offenders
    # the stylesheets a deck links (reveal.js and its theme) import no web fonts either
    for deck in SLIDES.glob("*.slides.html"):
        for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', deck.read_text()):
            css = (deck.parent / href).read_text()
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", css), f"{href} loads from the web"


def test_landing_page_has_the_course_map(browser):
    _open(browser, BOOK / "index.html")
    _wait(browser, "return document.readyState === 'complete'")
    text = browser.find_element("tag name", "body").text
    assert "Course map" in text and "quick-profile run time" in text
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('article a')).map(a => a.getAttribute('href'))")
    for name in ("01_gan", "04_srdc", "08_auggan"):
        assert f"chapters/{name}.html" in links, links
    count, broken = _images_loaded(browser)
    assert not broken, broken
    browser.save_screenshot(str(SHOTS / "book_landing.png"))
    problems = _problems(browser)
    assert not problems, problems


def test_chapter_page_typesets_maths_and_shows_figures(browser):
    _open(browser, BOOK / "chapters" / f"{CHAPTER}.html")
    assert _maths(browser) > 10
    body = browser.find_element("tag name", "body").text
    assert "$$" not in body, "raw $$ left on the page"
    count, broken = _images_loaded(browser)
    assert count >= 3 and not broken, (count, broken)
    nav = browser.execute_script(
        "return Array.from(document.querySelectorAll('a.left-prev, a.right-next')).map(a => a.href)")
    assert any("01_gan" in h for h in nav) and any("03_amn" in h for h in nav), nav
    browser.save_screenshot(str(SHOTS / "book_chapter.png"))
    problems = _problems(browser)
    assert not problems, problems


def test_search_finds_a_word_of_one_chapter(browser):
    holders = sorted(p.stem for p in (ROOT / "course").glob("[0-9][0-9]_*.ipynb")
                     if SEARCH_WORD.lower() in p.read_text().lower())
    assert len(holders) == 1, f"pick a search word of one chapter; {SEARCH_WORD} is in {holders}"
    _open(browser, BOOK / "search.html")
    browser.get((BOOK / "search.html").as_uri() + f"?q={SEARCH_WORD}")
    found = _wait(browser, """
        const items = document.querySelectorAll('#search-results li a, ul.search li a');
        return items.length ? Array.from(items).map(a => a.getAttribute('href')) : null;""",
                  what="search results")
    chapters = {m.group(1) for href in found for m in [re.search(r"(\d\d_[a-z0-9_]+)\.html", href)] if m}
    assert chapters == set(holders), found
    browser.save_screenshot(str(SHOTS / "book_search.png"))
    problems = _problems(browser)
    assert not problems, problems


def test_deck_advances_to_a_second_slide(browser):
    _open(browser, SLIDES / f"{DECK}.slides.html")
    _wait(browser, "return window.Reveal && Reveal.isReady()", what="reveal.js")
    assert _maths(browser) > 10
    assert "$$" not in browser.find_element("tag name", "body").text
    total = browser.execute_script("return Reveal.getTotalSlides()")
    assert total >= 5, total
    first = browser.execute_script("return [Reveal.getIndices().h, Reveal.getCurrentSlide().innerText]")
    browser.save_screenshot(str(SHOTS / "slides_first.png"))
    browser.find_element("tag name", "body").send_keys("\ue014")  # the right-arrow key
    _wait(browser, f"return Reveal.getIndices().h !== {first[0]}", what="the second slide")
    time.sleep(1.0)  # the slide transition
    second = browser.execute_script("return Reveal.getCurrentSlide().innerText")
    assert second.strip() and second != first[1]
    browser.save_screenshot(str(SHOTS / "slides_second.png"))
    count, broken = _images_loaded(browser)
    assert count >= 3 and not broken, (count, broken)
    # a slide with a figure: jump to the first one
    browser.execute_script("""
        const slide = document.querySelector('.reveal .slides section img').closest('section');
        const at = Reveal.getIndices(slide); Reveal.slide(at.h, at.v);""")
    time.sleep(1.0)
    browser.save_screenshot(str(SHOTS / "slides_figure.png"))
    problems = _problems(browser)
    assert not problems, problems
