"""Dutch labels of the codes in frames: cohort groups and outcomes, schemes, windows, kinds of care, sex, units.

The one place for these words: tables, charts and sentences take them from here."""

from __future__ import annotations

#: Dutch labels of the cohort groups (seed l.2141-2166).
GROUP_LABELS = {
    "verblijf": "Jeugdhulp met verblijf",
    "wel_jeugdhulp": "Wel jeugdhulp",
    "geen_jeugdhulp": "Geen jeugdhulp",
}
#: Dutch labels of outcome (category) pairs.
OUTCOME_LABELS = {
    ("woonsituatie", "zelfstandig"): "Zelfstandig wonend",
    ("woonsituatie", "thuiswonend"): "Hoofdzakelijk thuiswonend",
    ("woonsituatie", "institutioneel"): "Hoofdzakelijk institutioneel",
    ("woonsituatie", "overig"): "Overig",
    ("economisch_zelfstandig", "ja"): "Economisch zelfstandig",
    ("wanbetaler", "ja"): "Betalingsachterstand Zvw-premie",
    ("werk_onderwijs", "ja"): "Werk en/of onderwijs",
}
#: Dutch labels of follow-up schemes (cohort B).
SCHEME_LABELS = {
    "jeugdhulp": "Verlengde jeugdhulp",
    "zvw_ggz": "Zvw-GGZ",
    "wmo": "Wmo",
    "wlz": "Wlz",
    "totaal": "Vervolgzorg totaal (niet jeugdhulp)",
}
WINDOW_LABELS = {1: "< 1 maand", 3: "≤ 3 maanden", 6: "≤ 6 maanden"}
#: The two kinds of care counted, with their Dutch labels.
KIND_LABELS: dict[str, str] = {"jeugdhulp": "Jeugdhulp", "verblijf": "Jeugdhulp met verblijf"}
#: The kinds of care of a gemeente report (the sections of ``45-gemeente``).
GEMEENTE_KIND_LABELS: dict[str, str] = {
    "jeugdhulp": "Jeugdhulp", "jeugdbescherming": "Jeugdbescherming", "jeugdreclassering": "Jeugdreclassering"}
#: Per topic of the StatLine gemeente table (analysis.inputs.statline.gemeenten.TOPICS): the Dutch label of its
#: table, and the words after "In <jaar>" of a sentence with ``{pct}`` (the percentage as CBS publishes it) and
#: ``{plaats}``.
GEMEENTE_TOPIC_LABELS: dict[str, tuple[str, str]] = {
    "JongerenMetJeugdhulpInNatura_1": (
        "Jongeren met jeugdhulp in natura (% van de jongeren)",
        "had {pct} van de jongeren in {plaats} jeugdhulp in natura"),
    "JongerenMetJeugdhMetVerblInNat_2": (
        "Jeugdhulp met verblijf (% van de jongeren met jeugdhulp in natura)",
        "had {pct} van de jongeren met jeugdhulp in {plaats} jeugdhulp met verblijf"),
    "JongerenMetJeugdbescherming_3": (
        "Jongeren met jeugdbescherming (% van de jongeren)",
        "had {pct} van de jongeren in {plaats} jeugdbescherming"),
    "JeugdbeschEnJeugdhMetVerblInNat_4": (
        "Jeugdbescherming en jeugdhulp met verblijf (% van de jongeren met jeugdbescherming)",
        "had {pct} van de jongeren met jeugdbescherming in {plaats} ook jeugdhulp met verblijf"),
    "JongerenMetJeugdreclassering_5": (
        "Jongeren met jeugdreclassering (% van de jongeren)",
        "had {pct} van de jongeren in {plaats} jeugdreclassering"),
}
def age_label(group: str) -> str:
    """The CBS label of an age group code of :data:`analysis.config.AGE_GROUPS`: ``"0-4" -> "0 tot 4 jaar"``.

    CBS writes the upper bound as the first age *not* in the group ("4 tot 12 jaar" is aged 4-11);
    a code that is not of the form ``a-b`` is returned as written, with "jaar".
    """
    low, sep, high = group.partition("-")
    return f"{low} tot {high} jaar" if sep and low.isdigit() and high.isdigit() else f"{group} jaar"


#: Dutch labels of the sex codes (persons aged 0-17).
SEX_LABELS: dict[str, str] = {"M": "jongens", "V": "meisjes"}

#: Dutch names of the multiple-testing corrections (``correction`` of ``params/analysis.yaml``,
#: the keys of :data:`analysis.stats.multiple.CORRECTIONS`), and what each one limits.
CORRECTION_NAMES: dict[str, str] = {"holm": "Holm-correctie", "fdr_bh": "Benjamini-Hochberg-correctie",
                                    "none": "geen correctie"}
CORRECTION_LIMITS: dict[str, str] = {
    "holm": "de kans op één of meer onterechte afwijkingen",
    "fdr_bh": "het verwachte aandeel onterechte afwijkingen",
    "none": "niets: elke toets staat apart",
}

UNIT_TEXT = {
    "count": "aantal",
    "percent": "%",
    "percentage_point": "procentpunt",
    "percent_change": "% verandering",
    "one_in_n": "1 op de N",
    "eur": "euro",
    "eur_million": "miljoen euro",
    "index": "indexcijfer",
    "rate": "per",
}
DIRECTION_TEXT = {
    "higher_is_better": "hoger is beter",
    "lower_is_better": "lager is beter",
    "neutral": "geen gewenste richting",
}

#: Numbers that name something rather than count persons, and may stand in the text of a chapter
#: that reads person-level data: the ages of the age groups and cohorts (16-17, 18-19, 18+,
#: 18-23 jaar) and the levels of intervals and funnel limits (95%, 99,8%); years are allowed too.
#: Any other number there must be one its protected tables or figures show
#: (:func:`analysis.pipeline.gate.check_disclosure`).
LABEL_NUMBERS: frozenset[str] = frozenset(
    {"0", "3", "4", "11", "12", "16", "17", "18", "19", "22", "23", "95", "99,8"}
)
