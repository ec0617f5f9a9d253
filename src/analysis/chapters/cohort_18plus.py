"""Chapter "Actielijn 4 op microdata": the 18+ cohorts on person-level data.

Notebook ``notebooks/20-cohort-18plus.ipynb``. The published actielijn 4 figures (May
2020: 49,8% against 11,6%) are the factsheet chapter before it; this chapter shows the
same analysis on person-level data, and on the synthetic population it is a
demonstration of the method, marked as such. Reads the person-level data the
``microdata`` parameter names (CBS microdata or the synthetic population), the
disclosure settings, the programme of the edition (the actielijn's title) and the
researchers' text ``params/tekst/<edition>/cohort-18plus.md``. Every table and
figure passes the disclosure gate (:mod:`analysis.present.cohorts`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from analysis.config import PROJECT_ROOT
from analysis.inputs.disclosure_settings import load_disclosure_settings
from analysis.inputs.editions import load_edition
from analysis.inputs.microdata.load import load_microdata
from analysis.inputs.programme import load_programme
from analysis.inputs.registry import load_registry
from analysis.measures.cohorts import cohort_a, cohort_b
from analysis.present.charts.bar import bar_chart
from analysis.present.cohorts import (
    chart_frame,
    cohort_gap_findings,
    protect_cohort_a,
    protect_cohort_b,
    protected_gaps,
)
from analysis.present.display import ChapterOutput
from analysis.present.notices import (
    NOT_REAL_OUTCOMES,
    mark_synthetic,
    synthetic_chapter_callout,
    synthetic_footnotes,
)
from analysis.present.safety import own_text

#: Stem of the researchers' text of this chapter.
TEXT_ID = "cohort-18plus"
#: The three cohort A panels: outcome label and panel title.
PANELS: tuple[tuple[str, str], ...] = (
    ("Zelfstandig wonend", "Wonen: zelfstandig wonend (18-19 jaar)"),
    ("Economisch zelfstandig", "Inkomen: economisch zelfstandig (18-19 jaar)"),
    ("Werk en/of onderwijs", "Werk en/of onderwijs (18-19 jaar)"),
)
#: Title of the chapter, on the synthetic population (a demonstration) and on CBS microdata.
TITLE = {
    True: "Actielijn {thema}: de analyse op microdata (demonstratie)",
    False: "Actielijn {thema}: jongeren na hun 18e op CBS-microdata",
}
#: What the demonstration is, at the top of the chapter on the synthetic population (issue 12).
DEMONSTRATION = ("Zo ziet deze analyse eruit op microdata; de cijfers zijn synthetisch. De gepubliceerde "
                 "cijfers van deze actielijn staan in de factsheet hiervoor.")

#: The theme of the programme the 18+ cohorts report on (actielijn 4 of Zorg voor de Jeugd:
#: "Kwetsbare jongeren beter op weg helpen zelfstandig te worden").
THEMA = 4
#: Said when the first cohort years start before the data (see :mod:`analysis.measures.cohorts`).
COVERAGE_CAVEAT = (
    "*Kanttekening: voor de eerste cohortjaren valt een deel van de periode op 16-17-jarige leeftijd "
    "vóór het begin van de gegevens; jongeren met jeugdhulp alleen in die periode tellen dan mee als "
    "\"geen jeugdhulp\".*"
)


def build(edition: str, microdata: str, cohort_a_years: Sequence[int], cohort_b_years: Sequence[int]) -> ChapterOutput:
    """The 18+ cohort analysis of ``edition`` on the data in ``microdata`` (relative to the project).

    The published figures of the actielijn are the factsheet chapter before this one
    (``10-factsheet`` with the actielijn's factsheet); on the synthetic population
    this chapter is a demonstration of the method and says so at the top.
    """
    spec = load_edition(edition)
    programme = load_programme(spec, load_registry())
    line = programme.thema(THEMA)
    tables = load_microdata(PROJECT_ROOT / microdata)
    settings = load_disclosure_settings()
    with warnings.catch_warnings(record=True) as coverage_warnings:
        warnings.simplefilter("always")
        a = cohort_a(tables, cohort_a_years)
        b = cohort_b(tables, cohort_b_years)
    protected_a = protect_cohort_a(a, settings)
    protected_b = protect_cohort_b(b, settings)
    last = cohort_a_years[-1]
    gaps = protected_gaps(a, protected_a, last)
    synthetic = tables.synthetic

    out = ChapterOutput()
    out.markdown(f"# {TITLE[synthetic].format(thema=THEMA)}")
    if synthetic:
        out.markdown(synthetic_chapter_callout(f"{DEMONSTRATION} {NOT_REAL_OUTCOMES}"))
    out.markdown(f"**{line.titel}.** {line.beweging}")
    for outcome, title in PANELS:
        frame = chart_frame(protected_a, {"uitkomst": outcome}, x="year", hue="groep")
        fig, alt = bar_chart(frame, x="year", y="waarde", hue="groep", unit="percent", title=title,
                             ylabel="% van de groep", synthetic=synthetic)
        out.figure(fig, alt, data=protected_a)
    last_b = cohort_b_years[-1]
    frame = chart_frame(protected_b, {"year": last_b}, x="termijn", hue="regeling")
    fig, alt = bar_chart(frame, x="termijn", y="waarde", hue="regeling", unit="percent",
                         title=f"Verlengde jeugdhulp en vervolgzorg na de 18e verjaardag ({last_b})",
                         ylabel="% van de jongeren met jeugdhulp vlak voor 18", synthetic=synthetic)
    out.figure(fig, alt, data=protected_b)
    out.markdown("Bron: " + ("synthetische data (gesimuleerde CBS-microdata)" if synthetic
                             else "CBS microdata (Remote Access)"))
    out.table(gaps, caption=f"Verschil met leeftijdsgenoten zonder jeugdhulp in {last} (procentpunt, 95%-interval)",
              index="groep", footnotes=synthetic_footnotes(synthetic))
    out.markdown("## Wat zegt deze analyse ons?")
    own_words = own_text(edition, TEXT_ID)
    if own_words:
        out.markdown(own_words)
    out.markdowns(mark_synthetic(cohort_gap_findings(gaps, protected_a, last), synthetic))
    if coverage_warnings:
        out.markdown(COVERAGE_CAVEAT)
    return out
