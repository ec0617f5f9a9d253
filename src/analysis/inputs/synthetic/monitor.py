"""A synthetic monitor of complexe zorgvragen (RET/BEN) in the layout of :mod:`analysis.inputs.monitor`.

Per jeugdregio and half-year a Poisson number of presented questions
(``monitor.cases_per_100000_per_halfyear`` x the region weight of
``population.region_weights``, in thousands of inhabitants); per question the
level (RET/BEN), the function, one or more problem types (each with its own
probability, lvb more often in the landsdelen of ``lvb_landsdeel``), opgepakt
(odds ratio per region ``opgepakt_odds``) and afgerond. Every number is an
assumption of ``params/synth.yaml`` (``monitor``). The folder gets
``synthetic.json`` ``{"synthetic": true}``: every output says "synthetische data".
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import VoortgangError
from analysis.inputs.monitor import COLUMNS, FUNCTIES, MONITOR_FILE, MONITOR_MANIFEST, NIVEAUS, PROBLEEMTYPEN
from analysis.inputs.regions import landsdeel_grouping
from analysis.inputs.synthetic.params import SynthParams, load_params


def monitor_records(seed: int, years: tuple[int, int], params: SynthParams) -> pd.DataFrame:
    """The records of every jeugdregio and half-year of ``years`` (pure; a fixed seed gives the same frame)."""
    from scipy.special import expit, logit  # generating only (scipy is slow to import)

    spec = params.monitor
    rng = np.random.default_rng([int(seed), 13])
    grouping = landsdeel_grouping()
    landsdeel = dict(zip(grouping["jeugdregio"], grouping["landsdeel"], strict=True))
    rows = []
    for year in range(years[0], years[1] + 1):
        for half in (1, 2):
            for code, weight in sorted(params.population.region_weights.items()):
                n = rng.poisson(spec.cases_per_100000_per_halfyear * weight / 100)
                for _ in range(n):
                    probs = np.array([spec.probleemtype[t] for t in PROBLEEMTYPEN])
                    probs[PROBLEEMTYPEN.index("lvb")] *= spec.lvb_landsdeel.get(landsdeel.get(code, ""), 1.0)
                    chosen = rng.random(len(PROBLEEMTYPEN)) < np.minimum(probs, 0.95)
                    if not chosen.any():
                        chosen[int(rng.choice(len(PROBLEEMTYPEN), p=probs / probs.sum()))] = True
                    p_op = expit(logit(spec.opgepakt) + np.log(spec.opgepakt_odds.get(code, 1.0)))
                    opgepakt = bool(rng.random() < p_op)
                    rows.append({
                        "jeugdregio": code,
                        "period": f"{year}-H{half}",
                        "niveau": NIVEAUS[int(rng.random() < spec.ben_share)],
                        "functie": FUNCTIES[int(rng.choice(len(FUNCTIES), p=[spec.functie[f] for f in FUNCTIES]))],
                        "probleemtypen": ";".join(t for t, c in zip(PROBLEEMTYPEN, chosen, strict=True) if c),
                        "opgepakt": int(opgepakt),
                        "afgerond": int(opgepakt and rng.random() < spec.afgerond),
                    })
    frame = pd.DataFrame(rows, columns=list(COLUMNS[1:]))
    frame.insert(0, "casus_id", [f"S{i + 1:06d}" for i in range(len(frame))])
    return frame


def ensure_monitor(out: Path, seed: int, years: tuple[int, int]) -> bool:
    """Write the synthetic monitor into ``out`` unless the same one is there; True when written."""
    params = load_params()
    manifest = {"synthetic": True, "notice": "synthetische data - geen echte casussen", "seed": int(seed),
                "years": list(years), "monitor": params.monitor.model_dump()}
    path = Path(out) / MONITOR_MANIFEST
    if path.is_file() and (Path(out) / MONITOR_FILE).is_file():
        try:
            if json.loads(path.read_text(encoding="utf-8")) == manifest:
                return False
        except json.JSONDecodeError:
            pass
    try:
        Path(out).mkdir(parents=True, exist_ok=True)
        monitor_records(seed, years, params).to_csv(Path(out) / MONITOR_FILE, index=False)
        path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    except OSError as exc:
        raise VoortgangError(f"{out}: cannot write the synthetic monitor ({exc.strerror})") from exc
    return True
