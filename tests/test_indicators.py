"""Kernindicatoren rows, display and paragraphs on a tiny hand-made registry and table."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import analysis.inputs.programme as programme_module
from analysis.errors import VoortgangError
from analysis.inputs.editions import load_edition
from analysis.inputs.headlines import load_kerncijfers
from analysis.inputs.programme import KernRowSpec, Programme
from analysis.inputs.published import load_published
from analysis.inputs.registry import load_registry, parse_registry
from analysis.measures.indicators import kern_rows
from analysis.measures.periods import column_year
from analysis.present.kernindicatoren import (
    TREND_COLUMN,
    headline_lines,
    kern_display,
    row_change,
    thema_paragraphs,
    with_trend_column,
)
from analysis.present.wording import period_label
from helpers import ANALYSIS, WORDS

REGISTRY = {
    "indicators": [
        {"id": "uhp", "label": "% uithuisplaatsingen", "unit": "percent",
         "direction": "lower_is_better", "kind": "outcome", "source": "CBS", "definition": "d",
         "first_period": "2016", "period_type": "year"},
        {"id": "thuis", "label": "Thuiszitters", "unit": "count",
         "direction": "lower_is_better", "kind": "outcome", "source": "Ingrado", "definition": "d",
         "first_period": "2015/2016", "period_type": "school_year"},
        {"id": "ander", "label": "Niet in de tabel", "unit": "count",
         "direction": "neutral", "kind": "context", "source": "CBS", "definition": "d",
         "first_period": "2016", "period_type": "year"},
    ],
}
SELECTION = (KernRowSpec(indicator="thuis", breakdown="totaal", label="Thuiszitters"),
             KernRowSpec(indicator="uhp", breakdown="totaal", label="UHP bij OTS"))
PROGRAMME = Programme(
    programma="Zorg voor de Jeugd", periode="2018-2021", cijfers_titel="In cijfers", kernindicatoren_titel="Kern",
    thema_woord="actielijn",
    themas=[{"id": 0, "titel": "Programmabreed"},
            {"id": 3, "titel": "Ontwikkelen", "beweging": "Minder thuiszitters.", "indicatoren": ["thuis", "ander"]},
            {"id": 5, "titel": "Beschermen", "beweging": "Minder uithuisplaatsingen.", "indicatoren": ["uhp"]}],
)

PUBLISHED = pd.DataFrame(
    {
        "indicator_id": ["uhp", "uhp", "uhp", "thuis", "thuis", "ander", "uhp"],
        "breakdown": ["totaal", "totaal", "totaal", "totaal", "totaal", "totaal", "OTS"],
        "period": ["2016", "2017", "2019", "2015/2016", "2018/2019", "2019", "2019"],
        "value": [34.0, math.nan, 27.0, 4194.0, 4790.0, 1.0, 99.0],
        "status": ["", "", "", "", "", "", ""],
    }
)
YEARS = [2015, 2016, 2017, 2018, 2019]


@pytest.fixture
def registry():
    return parse_registry(REGISTRY, "test")


def test_rows_follow_kern_order_and_breakdown(registry):
    rows = kern_rows(PUBLISHED, SELECTION, registry, YEARS)
    assert [r.label for r in rows] == ["Thuiszitters", "UHP bij OTS"]
    thuis, uhp = rows
    # school year 2015/2016 goes under 2016 (the year it ends)
    assert thuis.values[2016] == 4194 and thuis.values[2019] == 4790
    assert thuis.periods[2016] == "2015/2016"
    # the "OTS" breakdown (99) is not the kern breakdown and is ignored
    assert uhp.values[2019] == 27
    assert math.isnan(uhp.values[2017]) and math.isnan(uhp.values[2015])


def test_display_formats_dutch_with_dots_for_missing(registry):
    shown = kern_display(kern_rows(PUBLISHED, SELECTION, registry, YEARS), YEARS)
    assert list(shown.columns) == ["2015", "2016", "2017", "2018", "2019"]
    assert shown.loc["Thuiszitters"].tolist() == [".", "4.194", ".", ".", "4.790"]
    assert shown.loc["UHP bij OTS"].tolist() == [".", "34%", ".", ".", "27%"]


def test_paragraphs_per_actielijn(registry):
    rows = kern_rows(PUBLISHED, SELECTION, registry, YEARS)
    paragraphs = thema_paragraphs(rows, PROGRAMME, WORDS)
    assert list(paragraphs) == [3, 5]
    # 4194 -> 4790 = +14,2% (by hand): a rise, against the desired direction
    assert paragraphs[3] == (
        "**Actielijn 3: Ontwikkelen.** Thuiszitters: van 4.194 in 2015/2016 naar 4.790 in "
        "2018/2019, een stijging van 14% (niet in de gewenste richting)."
    )
    assert "een daling van 7 procentpunt (in de gewenste richting)" in paragraphs[5]


def test_row_with_one_value_has_no_change(registry):
    one = PUBLISHED[PUBLISHED["period"] != "2016"]
    rows = kern_rows(one, SELECTION, registry, YEARS)
    assert row_change(rows[1], WORDS) is None


def test_periods():
    assert column_year("2019") == 2019
    assert column_year("2018/2019") == 2019
    assert column_year("2015Q3") == 2015
    assert period_label("2015Q3") == "2015 (3e kwartaal)"
    with pytest.raises(VoortgangError, match="period '2016-2019' has no single year column"):
        column_year("2016-2019")
    with pytest.raises(VoortgangError, match="consecutive"):
        column_year("2015/2017")


def test_trend_column_and_colours(registry):
    rows = kern_rows(PUBLISHED, SELECTION, registry, YEARS)
    table, classes, notes = with_trend_column(kern_display(rows, YEARS), rows, ANALYSIS)
    # two points each: no test possible, the change is described (4194 -> 4790 = +14,2%; 34 -> 27 = -7 pp)
    assert table[TREND_COLUMN].tolist() == ["te weinig meetpunten voor een trendtoets; stijging van 14%",
                                            "te weinig meetpunten voor een trendtoets; daling van 7 procentpunt"]
    # no colour for a change that no test showed to be a trend
    assert classes == {("Thuiszitters", TREND_COLUMN): "neutraal", ("UHP bij OTS", TREND_COLUMN): "neutraal"}
    # each method used is named in a footnote: counts (quasi-Poisson), a percentage without denominator
    assert notes[0].startswith("Trend, quasi-Poisson: aantallen zijn registraties van de hele groep")
    assert notes[1].startswith("Trend, Mann-Kendall: een percentage zonder bekende noemer")
    assert "pas vanaf 5 meetpunten" in notes[1]


def test_headline_lines_follow_the_seed():
    registry = load_registry()
    lines = headline_lines(load_published(registry=registry), registry,
                           load_kerncijfers(load_edition("2020-H1"), registry), WORDS)
    # seed l.421-428: "443 duizend ... Dat is 3% meer dan in 2018", "1 op de 27 ... 1 op de 8",
    # "57% meer trajecten die langer dan 4 jaar duren", "van 27% in 2018 naar 23% in 2019"
    assert lines == [
        "Jeugdigen (0-23 jaar) met jeugdhulp, jeugdbescherming en/of jeugdreclassering: 443.000 in 2019, "
        "+3% ten opzichte van 2018.",
        "Kinderen met een vorm van jeugdhulp: van 1 op de 27 in 1997 naar 1 op de 8 in 2019.",
        "Trajecten die langer dan 4 jaar duren: +57% in 2019.",
        "Herhaald beroep op jeugdhulp: van 27% in 2018 naar 23% in 2019, een daling van 4 procentpunt.",
    ]


def test_kerncijfers_with_unknown_indicator(tmp_path, monkeypatch, registry):
    folder = tmp_path / "zorg-voor-de-jeugd"
    folder.mkdir()
    (folder / "in_cijfers.yaml").write_text(
        "kerncijfers:\n  - {indicator: uhp, breakdown: totaal, onderwerp: x, groei: bestaat_niet}\n")
    monkeypatch.setattr(programme_module, "CONTENT_DIR", tmp_path)
    with pytest.raises(VoortgangError, match=r"in_cijfers.yaml: kerncijfer 'uhp': .*'bestaat_niet'"):
        load_kerncijfers(load_edition("2020-H1"), registry)


def test_a_theme_without_indicators_in_the_table_gets_no_paragraph(registry):
    rows = kern_rows(PUBLISHED, SELECTION[:1], registry, YEARS)
    assert list(thema_paragraphs(rows, PROGRAMME, WORDS)) == [3]
