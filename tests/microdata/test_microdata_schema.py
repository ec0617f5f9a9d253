"""The schema is the one place for tables, columns and codes."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis.inputs.microdata.schema as schema
from analysis.inputs.regions import jeugdregio_codes


def test_data_dictionary_lists_every_column_including_derived_ones():
    dd = schema.data_dictionary()
    for name, table in schema.TABLES.items():
        assert set(dd.loc[dd["table"] == name, "column"]) == set(table.names) | set(schema.DERIVED.get(name, {}))
    assert dd["description"].str.len().min() > 5


def test_module_docstring_carries_the_dictionary():
    for name, table in schema.TABLES.items():
        assert f"``{name}``" in schema.__doc__
        for col in table.names:
            assert f"``{col}``" in schema.__doc__


def test_codes_live_here_and_regions_come_from_the_reference_list():
    assert jeugdregio_codes() == schema.JEUGDREGIO and len(schema.JEUGDREGIO) == 42
    assert set(schema.VORM_VERBLIJF) == set(schema.VORM) - {"zonder_verblijf"}
    for codes in (schema.SEX, schema.VORM, schema.MAATREGEL, schema.WOONSITUATIE, schema.REGELING):
        assert all(c in schema.LABELS for c in codes)


def test_pandera_schema_checks_end_before_start_and_day_one():
    jh = pd.DataFrame(
        {
            "person_id": [1, 2],
            "start_date": pd.to_datetime(["2017-02-01", "2017-02-01"]).astype("datetime64[s]"),
            "end_date": pd.to_datetime(["2017-01-31", "2017-02-01"]).astype("datetime64[s]"),
            "vorm": pd.Categorical(["pleegzorg", "pleegzorg"], categories=schema.VORM),
        }
    )
    with pytest.raises(Exception, match="end_date_not_before_start_date"):
        schema.pandera_schema("jeugdhulp").validate(jh)
    persons = pd.DataFrame(
        {
            "person_id": [1],
            "birth_month": pd.to_datetime(["2000-03-15"]).astype("datetime64[s]"),
            "sex": pd.Categorical(["V"], categories=schema.SEX),
            "death_date": pd.to_datetime([None]).astype("datetime64[s]"),
            "emigration_date": pd.to_datetime([None]).astype("datetime64[s]"),
        }
    )
    with pytest.raises(Exception, match="is_first_day_of_month"):
        schema.pandera_schema("persons").validate(persons)
