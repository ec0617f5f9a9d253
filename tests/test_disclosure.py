"""The disclosure-control gate (issue 4, section 4).

Expected values are worked out by hand in the comments next to each table (the
rules: issue text and docs/disclosure.md); the property tests check the rules
themselves, and "no suppressed cell can be recomputed" with an independent integer
program (scipy's MILP) instead of the graph argument the module uses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.optimize import Bounds, LinearConstraint, milp

from analysis.config import PROJECT_ROOT
from analysis.disclosure.marking import (
    DisclosureError,
    ProtectedTable,
    assert_publishable,
    is_microdata,
    is_protected,
    mark_microdata,
)
from analysis.disclosure.suppression import (
    PERCENTAGE,
    TOTAL_LABEL,
    protect_counts,
    protect_proportions,
)
from analysis.errors import VoortgangError
from analysis.inputs.disclosure_settings import (
    CbsAkkoord,
    DisclosureSettings,
    load_disclosure_settings,
)
from analysis.present.methods import methods_paragraph
from analysis.present.protected import FOOTNOTE, display

DEFAULT = DisclosureSettings()
#: Settings below the CBS floor are valid only with an approval (a test stand-in).
AKKOORD = CbsAkkoord(door="test: CBS Microdataservices", datum="2020-04-01", kenmerk="test")
NA = pd.NA
T = TOTAL_LABEL


def table(rows: list[list[int]], index: str = "ABC", columns: str = "xyz") -> pd.DataFrame:
    return pd.DataFrame(rows, index=list(index)[: len(rows)], columns=list(columns)[: len(rows[0])])


def cells(values) -> list:
    """Values as a list with None for <NA> (a list holding NA cannot be compared)."""
    return [None if v is pd.NA else v for v in values]


def expected_frame(rows: list[list[object]], index: list, columns: list) -> pd.DataFrame:
    labels = {"index": pd.Index(index, dtype=object), "columns": pd.Index(columns, dtype=object)}
    return pd.DataFrame(rows, **labels).astype("Int64")


# --- settings -------------------------------------------------------------------------


def test_shipped_parameters_are_the_issue_defaults():
    # Issue 4, section 4: threshold 10, rounding base 5.
    s = load_disclosure_settings()
    assert (s.min_count, s.rounding_base) == (10, 5)
    assert s == DisclosureSettings()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("min_count: 0\nrounding_base: 5\n", ["min_count", "greater than or equal to 1"]),
        ("min_count: 10\nrounding_base: '5'\n", ["rounding_base", "integer"]),
        ("min_count: 10.5\n", ["min_count"]),
        ("min_count: true\n", ["min_count"]),
        ("min_cout: 10\n", ["min_cout", "Extra inputs"]),
        ("percentage_decimals: 7\n", ["percentage_decimals"]),
        ("min_count: 20\nrounding_base: 15\n", ["min_count", "rounding_base", "multiple"]),
        ("- 10\n- 5\n", ["expected a mapping"]),
        ("min_count: [10\n", ["not valid YAML"]),
    ],
)
def test_bad_parameters_name_file_and_key(tmp_path, text, names):
    path = tmp_path / "disclosure.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VoortgangError) as info:
        load_disclosure_settings(path)
    message = str(info.value)
    assert str(path) in message
    for name in names:
        assert name in message


def test_missing_parameters_file_is_named(tmp_path):
    with pytest.raises(VoortgangError, match="disclosure parameters file not found") as info:
        load_disclosure_settings(tmp_path / "nope.yaml")
    assert "nope.yaml" in str(info.value)


def test_settings_are_frozen():
    with pytest.raises(ValueError, match="frozen"):
        DEFAULT.min_count = 5


# --- cross tables: hand-computed -----------------------------------------------------


def test_lone_small_cell_gets_the_cheapest_rectangle():
    #        x   y   z | Totaal
    #   A    3  40  25 |  68
    #   B   20  30  15 |  65
    #   C   12  18  50 |  80
    #   Tot 35  88  90 | 213
    # Primary: A,x = 3 (the only count in 1..9; all totals >= 10).
    # Rectangles through A,x of inner cells (A,j), (i,j), (i,x):
    #   j=y,i=B: 40+30+20 = 90   j=y,i=C: 40+18+12 = 70
    #   j=z,i=B: 25+15+20 = 60   j=z,i=C: 25+50+12 = 87
    # (longer cycles need 5 published cells, at least 12+15+18+25+30 = 100).
    # So A,z, B,z and B,x are suppressed too. Rounded half up to 5:
    # 68->70, 65->65, 12->10, 18->20, 80->80, 35->35, 88->90, 213->215.
    result = protect_counts(table([[3, 40, 25], [20, 30, 15], [12, 18, 50]]), DEFAULT)
    expected = expected_frame(
        [[NA, 40, NA, 70], [NA, 30, NA, 65], [10, 20, 50, 80], [35, 90, 90, 215]],
        ["A", "B", "C", T],
        ["x", "y", "z", T],
    )
    pd.testing.assert_frame_equal(result.data, expected)
    assert (result.n_primary, result.n_secondary) == (1, 3)
    assert result.suppressed.to_numpy().sum() == 4
    shown = display(result)
    assert shown.loc["A"].tolist() == [".", "40", ".", "70"]
    assert shown.loc[T].tolist() == ["35", "90", "90", "215"]


def test_small_row_total_is_protected_by_a_second_total():
    #        x   y   z | Totaal
    #   A    2   3   0 |   5     A,x, A,y and the row total 5 are primary (1..9);
    #   B   20  30  15 |  65     the 0 is published.
    #   C   12  18  50 |  80
    #   Tot 34  51  65 | 150
    # A,x is on no cycle: the cheapest path A -> y -> i -> x through the suppressed
    # A,y costs B: 30+20 = 50, C: 18+12 = 30 -> C,y and C,x are suppressed.
    # The row total of A is still on no cycle: every path into the totals column
    # uses a total; cheapest A -> x -> C (suppressed) -> row total of C (80),
    # against B's row total via B,x: 20+65. So C's row total is suppressed.
    # Rounded: 34->35, 51->50, 65->65, 150->150.
    result = protect_counts(table([[2, 3, 0], [20, 30, 15], [12, 18, 50]]), DEFAULT)
    expected = expected_frame(
        [[NA, NA, 0, NA], [20, 30, 15, 65], [NA, NA, 50, NA], [35, 50, 65, 150]],
        ["A", "B", "C", T],
        ["x", "y", "z", T],
    )
    pd.testing.assert_frame_equal(result.data, expected)
    assert (result.n_primary, result.n_secondary) == (3, 3)
    assert display(result).loc["A"].tolist() == [".", ".", "0", "."]


DUMBBELL = [[2, 3, 4, 50], [5, 6, 40, 30], [45, 35, 7, 8], [60, 25, 9, 1]]


def test_two_to_a_line_is_not_enough():
    #        w   x   y   z | Tot
    #   A    2   3   4  50 |  59    The nine counts below 10 are primary: A,B x w,x
    #   B    5   6  40  30 |  81    (a cycle), C,D x y,z (a cycle) and A,y joining
    #   C   45  35   7   8 |  95    the two. Every row and column holds 0 or >= 2 of
    #   D   60  25   9   1 |  95    them, yet A,y is determined by published figures:
    #   Tot 112 69  60  89 | 330
    # rows A, B: (2+3+4) + (5+6) = (59-50) + (81-40-30) = 20;
    # columns w, x: (2+5) + (3+6) = (112-45-60) + (69-35-25) = 16; so A,y = 20-16 = 4.
    # Fix: one published cell joining the two blocks, the cheapest of A,z 50, B,y 40,
    # B,z 30, C,w 45, C,x 35, D,w 60, D,x 25 -> D,x. Rounded totals: 59->60, 81->80,
    # 95, 95; 112->110, 69->70, 60, 89->90; 330.
    frame = table(DUMBBELL, index="ABCD", columns="wxyz")
    true = with_totals(frame.to_numpy())
    primary = (true > 0) & (true < 10)
    assert 1 not in set(primary.sum(axis=0)) | set(primary.sum(axis=1))
    assert not other_value_possible(true, primary, (0, 2))  # A,y: the checker does fail

    result = protect_counts(frame, DEFAULT)
    expected = expected_frame(
        [
            [NA, NA, NA, 50, 60],
            [NA, NA, 40, 30, 80],
            [45, 35, NA, NA, 95],
            [60, NA, NA, NA, 95],
            [110, 70, 60, 90, 330],
        ],
        list("ABCD") + [T],
        list("wxyz") + [T],
    )
    pd.testing.assert_frame_equal(result.data, expected)
    assert (result.n_primary, result.n_secondary) == (9, 1)


def test_table_without_small_counts_is_only_rounded_half_up():
    # Base 10 has ties: 15 -> 20 and 25 -> 30 (half up; round-half-even would give 20, 20).
    # Totals: rows 15+25+14 = 54 -> 50, 30+45+10 = 85 -> 90; columns 45 -> 50,
    # 70 -> 70, 24 -> 20; grand total 139 -> 140.
    settings = DisclosureSettings(min_count=10, rounding_base=10)
    result = protect_counts(table([[15, 25, 14], [30, 45, 10]]), settings)
    expected = expected_frame(
        [[20, 30, 10, 50], [30, 50, 10, 90], [50, 70, 20, 140]], ["A", "B", T], ["x", "y", "z", T]
    )
    pd.testing.assert_frame_equal(result.data, expected)
    assert (result.n_primary, result.n_secondary) == (0, 0)


def test_display_uses_dutch_thousands_separator():
    # 12344 -> 12345 (base 5); totals 12344+20 = 12364 -> 12365, 12344+30 = 12374 -> 12375.
    result = protect_counts(table([[12344, 20], [30, 40]], columns="xy"), DEFAULT)
    shown = display(result)
    assert shown.loc["A", "x"] == "12.345"
    assert shown.loc["A", T] == "12.365"
    assert shown.loc[T, "x"] == "12.375"


def test_rounding_base_one_publishes_exact_counts():
    settings = DisclosureSettings(min_count=10, rounding_base=1, cbs_akkoord=AKKOORD)
    result = protect_counts(table([[11, 12], [13, 14]], columns="xy"), settings)
    assert result.data.loc["A"].tolist() == [11, 12, 23]
    assert result.data.loc[T].tolist() == [24, 26, 50]


@pytest.mark.parametrize(
    ("frame", "needles"),
    [
        (
            pd.DataFrame({"x": [1.0, np.nan], "y": [np.nan, 3.0]}),
            ["table", "2 value(s) missing", "'x'", "'y'"],
        ),
        (pd.DataFrame({"x": [1, -4], "y": [2, 3]}), ["table", "1 value(s) negative", "'x'"]),
        (pd.DataFrame({"x": [1.5, 2.0], "y": [2, 3]}), ["table", "1 value(s) not whole numbers", "'x'"]),
        (pd.DataFrame({"x": ["a", "b"], "y": [2, 3]}), ["table", "'x'", "not numeric"]),
        (pd.DataFrame({"x": [1, 2], "Totaal": [2, 3]}), ["table", "'Totaal' is reserved"]),
        (pd.DataFrame({"x": [1, 2]}, index=["A", "A"]), ["table", "1 duplicate row label"]),
        (pd.DataFrame({"x": []}), ["table", "empty"]),
    ],
)
def test_bad_cross_tables_are_refused_with_counts_not_values(frame, needles):
    with pytest.raises(VoortgangError) as info:
        protect_counts(frame, DEFAULT)
    for needle in needles:
        assert needle in str(info.value)
    assert "-4" not in str(info.value) and "1.5" not in str(info.value)


# --- proportions: hand-computed -------------------------------------------------------


def test_percentage_rules_for_yes_no_outcomes():
    frame = pd.DataFrame(
        {
            "group": list("ABCDEF"),
            "numerator": [4, 30, 5, 47, 0, 50],
            "denominator": [120, 33, 8, 212, 50, 50],
        }
    )
    # A: numerator 4 < 10                   -> numerator, % suppressed; 120 published
    # B: complement 33-30 = 3 < 10          -> numerator, % suppressed; 33 -> 35
    # C: denominator 8 < 10                 -> all suppressed
    # D: 47 -> 45, 212 -> 210; the percentage from the rounded counts: 45/210 = 21.43% -> 21.4
    # E: numerator 0 (0%)                   -> suppressed
    # F: complement 0 (100%)                -> suppressed
    result = protect_proportions(mark_microdata(frame), settings=DEFAULT)
    data = result.data
    assert data["group"].tolist() == list("ABCDEF")
    assert cells(data["numerator"]) == [None, None, None, 45, None, None]
    assert cells(data["denominator"]) == [120, 35, None, 210, 50, 50]
    assert cells(data[PERCENTAGE]) == [None, None, None, 21.4, None, None]
    assert (result.n_primary, result.n_secondary) == (6, 0)
    assert display(result)[["numerator", "denominator", PERCENTAGE]].loc[3].tolist() == ["45", "210", "21,4"]
    assert display(result)[PERCENTAGE].tolist() == [".", ".", ".", "21,4", ".", "."]


def test_percentage_is_rounded_half_up():
    # Counts that rounding to 5 leaves as they are: 25/200 = 12.5% -> 13 with 0 decimals
    # (half up); 65/400 = 16.25% -> 16.3 with 1 decimal; 15/80 = 18.75% -> 18.75 with 2 decimals.
    frame = pd.DataFrame({"numerator": [25, 65, 15], "denominator": [200, 400, 80]})
    got = [
        protect_proportions(frame, settings=DisclosureSettings(percentage_decimals=d)).data[PERCENTAGE]
        for d in (0, 1, 2)
    ]
    got = [column.tolist() for column in got]
    assert got == [[13.0, 16.0, 19.0], [12.5, 16.3, 18.8], [12.5, 16.25, 18.75]]


def test_exhaustive_categories_get_secondary_suppression():
    # Woonsituatie of 100 young people: thuis 40, zelfstandig 55, instelling 5.
    # instelling is primary (5 < 10); alone it would be 100 - 40 - 55, so the
    # smallest published non-zero category (thuis, 40) is suppressed too.
    # Second partition: 0 / 60 / 40 of 100: the 0 is primary (0%); the smallest
    # published non-zero (40) is suppressed with it.
    frame = pd.DataFrame(
        {
            "year": [2020] * 6,
            "regio": ["R1"] * 3 + ["R2"] * 3,
            "category": ["thuis", "zelfstandig", "instelling"] * 2,
            "numerator": [40, 55, 5, 0, 60, 40],
            "denominator": [100] * 6,
        }
    )
    result = protect_proportions(frame, settings=DEFAULT, partition_by=["year", "regio"])
    assert cells(result.data["numerator"]) == [None, 55, None, None, 60, None]
    assert cells(result.data[PERCENTAGE]) == [None, 55.0, None, None, 60.0, None]
    assert result.data["denominator"].tolist() == [100] * 6
    assert (result.n_primary, result.n_secondary) == (2, 2)


def test_single_category_partition_hides_its_denominator():
    # One exhaustive category: numerator = denominator = 30. The complement 0 makes
    # the numerator primary; with the denominator published it would be 30 again,
    # so the denominator is suppressed as well.
    frame = pd.DataFrame({"g": ["a"], "numerator": [30], "denominator": [30]})
    result = protect_proportions(frame, settings=DEFAULT, partition_by=["g"])
    assert cells(result.data[["numerator", "denominator", PERCENTAGE]].iloc[0]) == [None, None, None]
    assert (result.n_primary, result.n_secondary) == (1, 1)


@pytest.mark.parametrize(
    ("frame", "kwargs", "needles"),
    [
        (pd.DataFrame({"teller": [1]}), {}, ["'numerator'", "'denominator'", "not found"]),
        (pd.DataFrame({"numerator": [1], "denominator": [2], "percentage": [50.0]}), {}, ["'percentage'"]),
        (
            pd.DataFrame({"numerator": [3, 12], "denominator": [2, 20]}),
            {},
            ["1 row(s)", "'numerator' above 'denominator'"],
        ),
        (
            pd.DataFrame({"g": [1, 1], "numerator": [5, 5], "denominator": [10, 12]}),
            {"partition_by": ["g"]},
            ["1 partition(s)", "'g'", "different values of 'denominator'"],
        ),
        (
            pd.DataFrame({"g": [1, 1, 2], "numerator": [5, 4, 7], "denominator": [10, 10, 7]}),
            {"partition_by": ["g"]},
            ["1 partition(s)", "do not add up"],
        ),
        (
            pd.DataFrame({"numerator": [1, 2], "denominator": [2, 2]}),
            {"partition_by": ["regio"]},
            ["'regio'", "not found"],
        ),
    ],
)
def test_bad_proportion_frames_are_refused(frame, kwargs, needles):
    with pytest.raises(VoortgangError) as info:
        protect_proportions(frame, settings=DEFAULT, **kwargs)
    for needle in needles:
        assert needle in str(info.value)


# --- the render-time check -----------------------------------------------------------


@pytest.fixture
def persons() -> pd.DataFrame:
    return mark_microdata(
        pd.DataFrame(
            {
                "regio": ["R1", "R1", "R2", "R2", "R2"],
                "verblijf": [True, False, True, True, False],
                "jeugdhulp": [1, 1, 0, 1, 1],
            }
        )
    )


REGIONS = pd.DataFrame({"regio": ["R1", "R2"], "naam": ["Noord", "Zuid"]})

DERIVED = {
    "groupby.sum": lambda p: p.groupby("regio")[["jeugdhulp"]].sum(),
    "groupby.agg": lambda p: p.groupby("regio").agg(n=("jeugdhulp", "sum")),
    "groupby.size": lambda p: p.groupby(["regio", "verblijf"]).size(),
    "groupby.size.unstack": lambda p: p.groupby(["regio", "verblijf"]).size().unstack(fill_value=0),
    "pivot_table": lambda p: p.pivot_table(
        index="regio", columns="verblijf", values="jeugdhulp", aggfunc="count"
    ),
    "merge, marked left": lambda p: p.merge(REGIONS, on="regio"),
    "merge of an aggregate": lambda p: pd.merge(
        p.groupby("regio", as_index=False).size(), REGIONS, on="regio"
    ),
    "concat, marked first": lambda p: pd.concat([p, p]),
    "selection": lambda p: p.loc[p["verblijf"], ["regio"]],
    "assign + query": lambda p: p.assign(k=1).query("jeugdhulp == 1"),
}


@pytest.mark.parametrize("operation", sorted(DERIVED))
def test_derived_frames_stay_marked_and_are_refused(persons, operation):
    derived = DERIVED[operation](persons)
    assert is_microdata(derived)
    with pytest.raises(DisclosureError, match="table 'tabel 3.1' is derived from person-level data"):
        assert_publishable(derived, "tabel 3.1")


def test_mark_survives_parquet(persons, tmp_path):
    path = tmp_path / "persons.parquet"
    persons.to_parquet(path)
    with pytest.raises(DisclosureError, match="'jeugdhulp per regio'"):
        assert_publishable(pd.read_parquet(path).groupby("regio").sum(), "jeugdhulp per regio")


def test_fail_closed_mode_refuses_unmarked_frames(persons):
    # pd.crosstab and a merge with an unmarked frame on the left lose the mark
    # (module docstring); in a microdata section every unprotected table is refused.
    for lost in (pd.crosstab(persons["regio"], persons["verblijf"]), REGIONS.merge(persons, on="regio")):
        assert_publishable(lost, "kruistabel")  # the mark is gone ...
        with pytest.raises(DisclosureError, match="table 'kruistabel' comes from person-level data"):
            assert_publishable(lost, "kruistabel", from_microdata=True)  # ... fail-closed refuses


def test_protected_tables_pass(persons):
    counts = persons.groupby(["regio", "verblijf"]).size().unstack(fill_value=0)
    protected = protect_counts(counts, DEFAULT)
    proportions = protect_proportions(
        persons.groupby("regio").agg(numerator=("jeugdhulp", "sum"), denominator=("jeugdhulp", "size")),
        settings=DEFAULT,
    )
    for result in (protected, proportions):
        assert type(result.data) is pd.DataFrame and not is_microdata(result.data)
        for obj in (result, result.data, display(result)):
            assert is_protected(obj)
            assert_publishable(obj, "tabel", from_microdata=True)
    assert_publishable(REGIONS, "regio's")  # unmarked, not from microdata


def test_protected_table_cannot_wrap_microdata(persons):
    with pytest.raises(DisclosureError, match="marked as person-level data"):
        ProtectedTable(persons, persons.isna(), DEFAULT, 0, 0, ())


def test_display_refuses_an_unprotected_frame(persons):
    with pytest.raises(DisclosureError, match="expected a ProtectedTable, got MicrodataFrame"):
        display(persons)


# --- methods text ----------------------------------------------------------------------


def test_methods_paragraph_states_the_thresholds():
    text = methods_paragraph(DEFAULT)
    assert "minder dan 10 personen" in text
    assert "kleiner is dan 10" in text
    assert "veelvoud van 5" in text
    assert "1 decimaal" in text
    other = methods_paragraph(DisclosureSettings(min_count=20, rounding_base=1, percentage_decimals=0, cbs_akkoord=AKKOORD))
    assert "minder dan 20 personen" in other and "niet afgerond" in other and "hele procenten" in other
    assert "veelvoud" not in other


def test_footnote_explains_the_symbol():
    assert FOOTNOTE.startswith(". = geheim")


def test_docs_describe_the_gate_in_dutch_and_english():
    text = (PROJECT_ROOT / "docs" / "disclosure.md").read_text(encoding="utf-8")
    for needle in ("min_count", "rounding_base", "Secundaire onderdrukking", "Secondary suppression"):
        assert needle in text


# --- property tests ----------------------------------------------------------------------

SETTINGS = st.sampled_from(
    [
        DEFAULT,
        DisclosureSettings(min_count=10, rounding_base=10),
        DisclosureSettings(min_count=3, rounding_base=1, cbs_akkoord=AKKOORD),
    ]
)


#: Counts that are often small, so that suppression patterns are rich.
SMALL_OR_LARGE = st.one_of(st.integers(0, 200), st.integers(0, 12))


#: (numerator, denominator) with 0 <= numerator <= denominator.
NUMERATOR_DENOMINATOR = st.integers(0, 150).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d)))


@st.composite
def count_tables(draw) -> pd.DataFrame:
    shape = (draw(st.integers(2, 6)), draw(st.integers(2, 6)))
    values = draw(hnp.arrays(np.int64, shape, elements=SMALL_OR_LARGE))
    return pd.DataFrame(
        values, index=[f"r{i}" for i in range(shape[0])], columns=[f"c{j}" for j in range(shape[1])]
    )


def with_totals(values: np.ndarray) -> np.ndarray:
    out = np.zeros((values.shape[0] + 1, values.shape[1] + 1), dtype=np.int64)
    out[:-1, :-1] = values
    out[:-1, -1] = values.sum(axis=1)
    out[-1, :-1] = values.sum(axis=0)
    out[-1, -1] = values.sum()
    return out


def other_value_possible(true: np.ndarray, hidden: np.ndarray, target: tuple[int, int]) -> bool:
    """Is there a non-negative integer table, equal to ``true`` in every published cell
    (exact values: stronger than the rounded ones an outsider sees) and adding up to
    its totals, with another value in ``target``? Solved as an integer program."""
    cells = [tuple(c) for c in np.argwhere(hidden)]
    column = {c: k for k, c in enumerate(cells)}
    n_rows, n_cols = true.shape
    lines = [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    lines += [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    a = np.zeros((len(lines), len(cells)))
    b = np.zeros(len(lines))
    for e, line in enumerate(lines):  # inner cells of the line minus its total = 0
        for c in line:
            sign = -1.0 if c == line[-1] else 1.0
            if c in column:
                a[e, column[c]] += sign
            else:
                b[e] -= sign * true[c]
    bound = Bounds(0, 10 * (true[-1, -1] + 1))
    for direction in (1.0, -1.0):
        objective = np.zeros(len(cells))
        objective[column[target]] = direction
        res = milp(
            objective, constraints=LinearConstraint(a, b, b), integrality=np.ones(len(cells)), bounds=bound
        )
        assert res.status == 0, res.message  # the true table itself is feasible
        if round(res.x[column[target]]) != true[target]:
            return True
    return False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=count_tables(), s=SETTINGS)
def test_property_cross_tables(frame, s):
    result = protect_counts(frame, s)
    true = with_totals(frame.to_numpy())
    hidden = result.suppressed.to_numpy()
    published = result.data.to_numpy(dtype="float64", na_value=np.nan)

    # every count of 1..min_count-1 (cells and totals) is suppressed; zeros never are
    assert hidden[(true > 0) & (true < s.min_count)].all()
    assert not hidden[true == 0].any()
    # published: no count below the threshold except a true zero; multiples of the
    # base, within half a base of the true count; suppressed cells are missing
    shown = published[~hidden]
    assert ((shown == 0) | (shown >= s.min_count)).all()
    assert (shown[shown == 0] == true[~hidden][shown == 0]).all()
    assert (shown % s.rounding_base == 0).all()
    assert (np.abs(shown - true[~hidden]) <= s.rounding_base / 2).all()
    assert np.isnan(published[hidden]).all()
    # no row or column (totals row and column included) with exactly one suppressed cell
    assert 1 not in set(hidden.sum(axis=0)) | set(hidden.sum(axis=1))
    # the real test: no suppressed cell is determined by what is published
    for target in map(tuple, np.argwhere(hidden)):
        assert other_value_possible(true, hidden, target), f"cell {target} can be recomputed"


@settings(max_examples=200, deadline=None)
@given(
    pairs=st.lists(NUMERATOR_DENOMINATOR, min_size=1, max_size=8),
    s=SETTINGS,
)
def test_property_yes_no_percentages(pairs, s):
    num, den = (np.array(x) for x in zip(*pairs))
    result = protect_proportions(pd.DataFrame({"numerator": num, "denominator": den}), settings=s)
    data = result.data
    m = s.min_count
    expect_hidden = (num < m) | (den < m) | (den - num < m)
    assert data[PERCENTAGE].isna().tolist() == expect_hidden.tolist()
    assert data["numerator"].isna().tolist() == expect_hidden.tolist()
    assert data["denominator"].isna().tolist() == (den < m).tolist()
    for column, true in (("numerator", num), ("denominator", den)):
        shown = data[column].notna().to_numpy()
        values = data[column][shown].to_numpy(dtype="int64")
        assert (values >= m).all() and (values % s.rounding_base == 0).all()
        assert (np.abs(values - true[shown]) <= s.rounding_base / 2).all()
    shown = data[PERCENTAGE].notna().to_numpy()
    # the percentage of the published (rounded) counts, never of the unrounded ones
    base = s.rounding_base
    rounded_num, rounded_den = ((x + base // 2) // base * base for x in (num[shown], den[shown]))
    exact = 100 * rounded_num / rounded_den
    published = data[PERCENTAGE][shown].to_numpy(dtype="float64")
    assert (np.abs(published - exact) <= 0.5 * 10**-s.percentage_decimals + 1e-9).all()


@settings(max_examples=200, deadline=None)
@given(
    partitions=st.lists(st.lists(SMALL_OR_LARGE, min_size=1, max_size=5), min_size=1, max_size=4),
    s=SETTINGS,
)
def test_property_exhaustive_categories(partitions, s):
    rows = [(g, n, sum(cats)) for g, cats in enumerate(partitions) for n in cats]
    frame = pd.DataFrame(rows, columns=["g", "numerator", "denominator"])
    data = protect_proportions(frame, settings=s, partition_by=["g"]).data
    for g, cats in enumerate(partitions):
        part = data[data["g"] == g]
        hidden = part["numerator"].isna().to_numpy()
        assert (part[PERCENTAGE].isna().to_numpy() == hidden).all()
        d, n = sum(cats), np.array(cats)
        assert hidden[(n < s.min_count) | (d - n < s.min_count)].all()
        if part["denominator"].isna().any():
            assert part["denominator"].isna().all() and hidden.all()
            continue
        # with the denominator published: sum of hidden numerators = d - sum of published;
        # each hidden numerator must be able to take another non-negative integer value
        k = int(hidden.sum())
        for t in range(k):
            values = n[hidden]
            objective = np.eye(k)[t]
            eq = LinearConstraint(np.ones((1, k)), d - n[~hidden].sum(), d - n[~hidden].sum())
            lo = milp(objective, constraints=eq, integrality=np.ones(k), bounds=Bounds(0, d))
            hi = milp(-objective, constraints=eq, integrality=np.ones(k), bounds=Bounds(0, d))
            assert round(lo.x[t]) != values[t] or round(hi.x[t]) != values[t]
