"""The unique-key check of person-level tables (issue 15: cheap at millions of rows), against masks written by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.inputs.microdata.read import repeated_keys

KEY = ("person_id", "year")


def _frame(ids, years, dtype="int64") -> pd.DataFrame:
    return pd.DataFrame({"person_id": pd.array(ids, dtype=dtype), "year": pd.array(years, dtype="int64")})


@pytest.mark.parametrize(("keep", "expected"), [
    (False, [True, False, True, False, False]),  # (3, 2019) in rows 0 and 2; (1, 2018) differs from (1, 2019)
    ("first", [False, False, True, False, False]),
])
def test_a_repeated_key_in_rows_out_of_order(keep, expected):
    frame = _frame([3, 1, 3, 2, 1], [2019, 2019, 2019, 2019, 2018])
    assert repeated_keys(frame, KEY, keep=keep).tolist() == expected


def test_rows_in_key_order_with_and_without_a_repeat():
    assert repeated_keys(_frame([1, 1, 2, 5], [2018, 2019, 2018, 2016]), KEY).tolist() == [False] * 4
    assert repeated_keys(_frame([1, 2, 2, 5], [2018, 2018, 2018, 2016]), KEY).tolist() == [False, True, True, False]


def test_keys_that_do_not_pack_into_one_integer_are_still_checked():
    huge = 2**62  # the packed span would not fit an int64: pandas checks it
    assert repeated_keys(_frame([0, huge, huge], [2019, 2019, 2019]), KEY).tolist() == [False, True, True]
    # an empty person_id (nullable integer): pandas counts two empty ids of one year as the same key
    with_empty = _frame([None, 1, None], [2019, 2019, 2019], dtype="Int64")
    assert repeated_keys(with_empty, KEY).tolist() == [True, False, True]
    text = pd.DataFrame({"code": ["a", "b", "a"]})
    assert repeated_keys(text, ("code",)).tolist() == [True, False, True]


def test_an_empty_table_has_no_repeated_key():
    assert repeated_keys(_frame([], []), KEY).tolist() == []
    assert isinstance(repeated_keys(_frame([], []), KEY), np.ndarray)
