"""Case-level records of the monitor of complexe zorgvragen (RET's and BEN's): schema and loading.

One row per complex care question (casus) that was presented to a regionaal
expertteam (RET) or a bovenregionaal expertisenetwerk (BEN), in ``monitor.csv``
of a folder under ``data/``::

    casus_id,jeugdregio,period,niveau,functie,probleemtypen,opgepakt,afgerond
    17,JZ14,2019-H2,RET,consultatie_advies,ggz;lvb,1,0

- ``period``: half-year in which the question was presented (aangereikt);
- ``niveau``: :data:`NIVEAUS`; ``functie``: what the team did (:data:`FUNCTIES`);
- ``probleemtypen``: one or more of :data:`PROBLEEMTYPEN`, separated by ``;``
  (multi-label);
- ``opgepakt``, ``afgerond``: ``1``/``0``; a question can only be afgerond when
  it was opgepakt.

Every record is a presented question (aangereikt). The lists of problem types
and functions are the project's **assumption** (no national monitor format was
available); a region maps its own categories onto them. Case-level records are
person-level data: they live under ``data/`` and every chapter on them goes
through the disclosure gate. A folder with ``synthetic.json`` saying
``"synthetic": true`` holds synthetic records (:mod:`analysis.inputs.synthetic.monitor`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import MAX_AGGREGATE_BYTES
from analysis.errors import VoortgangError
from analysis.inputs.files import display_path, read_csv_table
from analysis.inputs.regions import jeugdregio_codes

#: File of the records in a monitor folder, and the synthetic-data manifest beside it.
MONITOR_FILE = "monitor.csv"
MONITOR_MANIFEST = "synthetic.json"
#: Level of the team that received the question.
NIVEAUS: tuple[str, ...] = ("RET", "BEN")
#: What the team did (assumption: the functions RET's and BEN's describe for themselves).
FUNCTIES: tuple[str, ...] = ("consultatie_advies", "regie", "doorbraak", "plaatsing")
#: Problem types (assumption; multi-label).
PROBLEEMTYPEN: tuple[str, ...] = (
    "ggz", "lvb", "gedrag", "autisme", "verslaving", "trauma", "eetstoornis", "gezin_veiligheid",
)
#: Columns of ``monitor.csv``.
COLUMNS: tuple[str, ...] = ("casus_id", "jeugdregio", "period", "niveau", "functie", "probleemtypen", "opgepakt",
                            "afgerond")


def _choice(values) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(v) for v in values))


@dataclass(frozen=True, eq=False)
class MonitorData:
    """The records (one row per question) and whether they are synthetic."""

    records: pd.DataFrame
    synthetic: bool
    source: str


def load_monitor(folder: Path | str) -> MonitorData:
    """Read and validate ``monitor.csv`` of a folder.

    Returns
    -------
    MonitorData
        ``records``: the columns of :data:`COLUMNS` (``opgepakt``/``afgerond``
        as bool, ``probleemtypen`` as a tuple of codes).

    Raises
    ------
    VoortgangError
        One line naming the file, the row (header = row 1) and the column: a
        missing column, an unknown code, a repeated ``casus_id``, or a question
        afgerond but not opgepakt.
    """
    folder = Path(folder)
    path = folder / MONITOR_FILE
    where = display_path(path)
    types = _choice(PROBLEEMTYPEN).pattern
    patterns = {
        "casus_id": re.compile(r"[A-Za-z0-9_-]{1,40}"),
        "jeugdregio": _choice(jeugdregio_codes()),
        "period": re.compile(r"(19|20)\d\d-H[12]"),
        "niveau": _choice(NIVEAUS),
        "functie": _choice(FUNCTIES),
        "probleemtypen": re.compile(f"(?:{types})(?:;(?:{types}))*"),
        "opgepakt": re.compile("[01]"),
        "afgerond": re.compile("[01]"),
    }
    if not path.is_file():
        raise VoortgangError(f"{where}: monitor file not found")
    frame = read_csv_table(path, patterns, MAX_AGGREGATE_BYTES)[list(COLUMNS)].copy()
    if (dup := frame["casus_id"].duplicated()).any():
        row = int(np.flatnonzero(dup)[0]) + 2
        raise VoortgangError(f"{where}: row {row}, column 'casus_id': repeats the casus of an earlier row")
    frame["opgepakt"] = frame["opgepakt"] == "1"
    frame["afgerond"] = frame["afgerond"] == "1"
    if (bad := frame["afgerond"] & ~frame["opgepakt"]).any():
        row = int(np.flatnonzero(bad)[0]) + 2
        raise VoortgangError(f"{where}: row {row}, column 'afgerond': afgerond but not opgepakt")
    frame["probleemtypen"] = [tuple(dict.fromkeys(v.split(";"))) for v in frame["probleemtypen"]]
    manifest = folder / MONITOR_MANIFEST
    synthetic = False
    if manifest.is_file():
        try:
            synthetic = bool(json.loads(manifest.read_text(encoding="utf-8")).get("synthetic"))
        except json.JSONDecodeError as exc:
            raise VoortgangError(f"{display_path(manifest)}: not JSON ({exc.msg})") from None
    return MonitorData(records=frame.reset_index(drop=True), synthetic=synthetic, source=where)
