"""The HTML report in a real browser: Debian's Chromium, headless, driven by Playwright.

Never Playwright's own browser download: the system ``/usr/bin/chromium``
(``.ci/run`` installs the Debian package when missing). Skipped, with the
reason shown, when it is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.inputs.house_style import load_house_style
from helpers import browser_facts, chromium_or_skip

pytestmark = pytest.mark.browser

def _rgb(hex_colour: str) -> str:
    """``"#d9eed9" -> "rgb(217, 238, 217)"`` as getComputedStyle reports it."""
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


@pytest.fixture(scope="module")
def page_report(rendered: dict[str, Path], tmp_path_factory: pytest.TempPathFactory):
    chromium_or_skip()
    shots = tmp_path_factory.mktemp("screenshots")
    return browser_facts(
        rendered["html"],
        shots / "index.png",
        extra={
            "cell_colours": "() => Object.fromEntries(['gunstig', 'ongunstig', 'neutraal'].map("
            "c => [c, getComputedStyle(document.querySelector('td.' + c)).backgroundColor]))"
        },
    )


def test_no_console_errors_or_failed_requests(page_report) -> None:
    assert page_report["problems"] == []
    assert page_report["failed_requests"] == []


def test_every_image_loads_and_has_alt(page_report) -> None:
    images = page_report["images"]
    assert len(images) == 2
    for image in images:
        assert image["complete"] and image["width"] > 0
        assert image["alt"].strip()


def test_every_toc_link_resolves(page_report) -> None:
    assert len(page_report["toc"]) == 7  # 4 chapter-level headings + 3 sections
    assert page_report["missing_targets"] == []


def test_judgement_colours_from_the_house_style(page_report) -> None:
    colours = load_house_style().judgement_colours
    assert page_report["cell_colours"] == {k: _rgb(v) for k, v in colours.items()}


def test_screenshot_saved(page_report) -> None:
    assert page_report["lang"] == "nl"
    data = page_report["screenshot"].read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
