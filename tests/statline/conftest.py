"""Fixtures of the StatLine tests: fixture pages served by a fake opener (no network)."""

from __future__ import annotations

import json
import urllib.error
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "statline"
FEED = "https://opendata.cbs.nl/ODataFeed/odata/"


def fixture_file(url: str) -> Path:
    """The fixture page for a feed URL: <table>/<endpoint>[.pageN].json."""
    parsed = urlparse(url)
    table, endpoint = parsed.path.rstrip("/").split("/")[-2:]
    folder = FIXTURES / table
    if endpoint == "TypedDataSet" and (folder / "TypedDataSet.page1.json").exists():
        skip = parse_qs(parsed.query).get("$skip")
        return folder / ("TypedDataSet.page2.json" if skip else "TypedDataSet.page1.json")
    return folder / f"{endpoint}.json"


class FakeFeed:
    """An opener that serves fixture pages and records every request.

    ``failures`` maps a URL substring to a list of exceptions (or ``b"..."`` bodies)
    returned, one per request, before the real page is served.
    """

    def __init__(self, failures: dict[str, list[BaseException | bytes]] | None = None) -> None:
        self.failures = {k: list(v) for k, v in (failures or {}).items()}
        self.requests: list[str] = []

    def __call__(self, url: str, timeout: float) -> bytes:
        self.requests.append(url)
        for part, queue in self.failures.items():
            if part in url and queue:
                item = queue.pop(0)
                if isinstance(item, bytes):
                    return item
                raise item
        path = fixture_file(url)
        if not path.exists():
            raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)  # type: ignore[arg-type]
        return path.read_bytes()


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def feed() -> Callable[..., FakeFeed]:
    """The FakeFeed class: ``feed(failures={...})`` builds an opener."""
    return FakeFeed


@pytest.fixture
def http_error() -> Callable[[int], urllib.error.HTTPError]:
    def make(code: int) -> urllib.error.HTTPError:
        return urllib.error.HTTPError("https://example.invalid", code, "error", {}, None)  # type: ignore[arg-type]

    return make


@pytest.fixture
def fixture_values() -> Callable[[str, str], list[dict]]:
    """``fixture_values(table, file)``: the ``value`` rows of a fixture page."""

    def load(table: str, name: str) -> list[dict]:
        return json.loads((FIXTURES / table / name).read_text(encoding="utf-8"))["value"]

    return load


@pytest.fixture
def parsed_99999(fixture_values):
    """The fictional half-year table parsed straight from its fixture pages."""
    from analysis.inputs.statline.parse import parse_table

    v = fixture_values
    return parse_table(
        "99999NED",
        v("99999NED", "TableInfos.json"),
        v("99999NED", "DataProperties.json"),
        {d: v("99999NED", f"{d}.json") for d in ("Leeftijd", "RegioS", "Perioden")},
        v("99999NED", "TypedDataSet.page1.json") + v("99999NED", "TypedDataSet.page2.json"),
        snapshot="2020-11-02",
    )


@pytest.fixture
def parsed_84799(fixture_values):
    """Kerncijfers wijken en buurten 2020 (real metadata, invented values)."""
    from analysis.inputs.statline.parse import parse_table

    v = fixture_values
    return parse_table(
        "84799NED",
        v("84799NED", "TableInfos.json"),
        v("84799NED", "DataProperties.json"),
        {"WijkenEnBuurten": v("84799NED", "WijkenEnBuurten.json")},
        v("84799NED", "TypedDataSet.json"),
        snapshot="2021-03-26",
    )
