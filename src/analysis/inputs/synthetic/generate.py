"""A calibrated synthetic population in the microdata schema (``voortgang data synth``; one chunk).

Every table of :mod:`analysis.inputs.microdata.schema` is generated for ``N`` persons
who are 0-22 years old ("0-23 jaar") in at least one of the observation years,
with national aggregates close to the published figures of the 4th
voortgangsrapportage (targets and parameters, each labelled published /
derived / assumption / calibrated, in ``params/synth.yaml``).

The model, in the order it is generated (all vectorised numpy, per chunk):

1. persons: birth month uniform over the birth years ``Y0-22 .. Y1``; sex;
   jeugdregio by the region weights (no moves); a gamma *frailty* (mean 1) that
   multiplies every care hazard of the person; death and emigration as constant
   hazards from the start of the observation period.
2. jeugdhulp: per year of age 0-17 a trajectory starts with a probability from
   an age profile, a sex ratio by age group (boys more at 4-11, girls more at
   12-17), regional factors, the frailty and a yearly trend. A trajectory is met
   verblijf with an age-group probability (with the AL2 trend 2016-2019);
   durations are lognormal. Care stops the day before the 18th birthday unless
   the person gets verlengde jeugdhulp (probability by verblijf and year of the
   birthday), which extends their last trajectory by a lognormal number of
   months (at most until the 23rd birthday).
3. jeugdbescherming: OTS (some after a voorlopige OTS), voogdij and
   jeugdreclassering by constant hazards times the frailty.
4. outcomes (ages 18-19 on 31 December only, what cohort A needs): woonsituatie,
   economisch zelfstandig, wanbetaler and werk/onderwijs, drawn from the
   published cohort A figures by the person's *true* class of jeugdhulp at 16-17
   (with the sex and regional effects of ``synth.yaml``).
5. vervolgzorg: for persons with jeugdhulp in the quarter before their 18th
   birthday, at most one scheme (so the total equals the sum of the schemes, as
   in the published table) starting within 1, 3, 6 or 6-12 months.
6. reason of ending of each ended trajectory, calibrated to the published
   shares by year of end (:mod:`analysis.inputs.synthetic.endings`).

Records are kept when they touch the observation period ``[1 Jan Y0, 31 Dec Y1]``
(a trajectory that started earlier keeps its start date; one still running at
the end has no end date). The regional heterogeneity that the pattern statistics
should find is listed under ``heterogeneity`` in ``synth.yaml``.

Output: one parquet file per table, written chunk by chunk (250,000 persons per
chunk, each from its own ``numpy.random.Generator`` spawned from
``SeedSequence(seed)``) so memory stays bounded, and byte-identical for the same
arguments. Every file carries the key-value metadata ``voortgang.synthetic =
true`` and the directory a manifest ``synthetic.json``: outputs made from these
data must say "synthetische data".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.config import YOUTH_AGE_GROUPS
from analysis.inputs.microdata.dates import age_group_index
from analysis.inputs.microdata.schema import (
    JEUGDREGIO,
    MAATREGEL,
    REDEN_EINDE,
    REGELING,
    SEX,
    VORM,
    WOONSITUATIE,
)
from analysis.inputs.synthetic.endings import reasons
from analysis.inputs.synthetic.params import (
    _NONE,
    MAX_AGE,
    LogNormal,
    SynthParams,
)

# --------------------------------------------------------------------------- date helpers
# Inside the generator dates are int64 day numbers since 1970-01-01 and birth months
# int64 month numbers since 1970-01 (fast integer arithmetic); the k-th birthday is the
# first day of month ``bm + 12 k``, as in analysis.measures.cohorts.


def _month_day(months: np.ndarray) -> np.ndarray:
    """Month numbers since 1970-01 -> day number of the first day of that month."""
    return np.asarray(months, dtype="int64").astype("datetime64[M]").astype("datetime64[D]").astype("int64")


def _birthday(bm: np.ndarray, age: int | np.ndarray, months: int = 0) -> np.ndarray:
    """Day number of the ``age``-th birthday plus ``months`` whole months."""
    return _month_day(bm + 12 * np.asarray(age) + months)


def _day(text: str) -> int:
    return int(np.datetime64(text, "D").astype("int64"))


def _year_of(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[Y]").astype("int64") + 1970


def _group_of_age(age: np.ndarray) -> np.ndarray:
    """Index into :data:`analysis.config.YOUTH_AGE_GROUPS` (0, 1, 2) of ages 0-17."""
    return age_group_index(age, YOUTH_AGE_GROUPS)


def _any_per_person(n: int, pidx: np.ndarray, flags: np.ndarray) -> np.ndarray:
    out = np.zeros(n, bool)
    out[pidx[flags]] = True
    return out


def _lognormal_days(rng: np.random.Generator, spec: LogNormal, size: int) -> np.ndarray:
    months = np.exp(np.log(spec.median) + spec.sigma * rng.standard_normal(size))
    return np.maximum(1, np.round(months * 30.4375)).astype("int64")


def _starts(rng: np.random.Generator, bm: np.ndarray, hazard: np.ndarray, ages: tuple[int, int] = (0, 17)):
    """A start in each year of age 0-17 with probability 1 - exp(-hazard[person, age]).

    Returns the person index, the age and the start day of every start; the day is
    uniform within that year of age.
    """
    age_all = np.arange(18)
    lo = _birthday(bm[:, None], age_all[None, :])
    length = _birthday(bm[:, None], age_all[None, :] + 1) - lo
    start = lo + np.floor(rng.random(lo.shape) * length).astype("int64")
    hit = rng.random(lo.shape) < -np.expm1(-hazard)
    hit &= (age_all[None, :] >= ages[0]) & (age_all[None, :] <= ages[1])
    pidx, age = np.nonzero(hit)
    return pidx, age, start[pidx, age]


# --------------------------------------------------------------------------- one chunk


@dataclass(frozen=True)
class _Window:
    """The observation period [1 January y0, 31 December y1] in day numbers."""

    y0: int
    y1: int

    @property
    def start(self) -> int:
        return _day(f"{self.y0}-01-01")

    @property
    def end(self) -> int:
        return _day(f"{self.y1}-12-31")


def generate_chunk(
    rng: np.random.Generator, first_id: int, n: int, years: tuple[int, int], params: SynthParams
) -> dict[str, pd.DataFrame]:
    """Generate the tables for ``n`` persons with ids ``first_id .. first_id + n - 1``.

    Pure function of its arguments (the random stream included); the model is
    described in the module docstring.

    Returns
    -------
    dict of str -> pandas.DataFrame
        One frame per schema table, in the schema's columns and dtypes.
    """
    win = _Window(*years)
    pop = params.population
    ids = np.arange(first_id, first_id + n, dtype="int64")

    # 1. persons
    bm = rng.integers((win.y0 - MAX_AGE - 1970) * 12, (win.y1 - 1970) * 12 + 12, n)
    birth = _month_day(bm)
    male = rng.random(n) < pop.male_share
    weights = np.array([pop.region_weights[c] for c in JEUGDREGIO])
    region = rng.choice(len(JEUGDREGIO), size=n, p=weights / weights.sum())
    frailty = rng.gamma(pop.frailty_shape, 1 / pop.frailty_shape, n)
    rate = pop.death_rate + pop.emigration_rate
    exit_day = np.maximum(birth, win.start) + np.floor(rng.exponential(365.25 / rate, n)).astype("int64")
    has_exit = exit_day <= win.end
    died = has_exit & (rng.random(n) < pop.death_rate / rate)
    exit_day = np.where(has_exit, exit_day, np.iinfo("int64").max)

    def regional(kind: str, default: float) -> np.ndarray:
        """Per person: the value of ``heterogeneity.<kind>`` for their region (``default`` elsewhere)."""
        f = np.full(len(JEUGDREGIO), default)
        for code, value in params.heterogeneity.get(kind, {}).items():
            f[JEUGDREGIO.index(code)] = value
        return f[region]

    # 2.-5. care and outcomes
    jh, true_cls, in_quarter = _jeugdhulp(rng, bm, male, frailty, regional, exit_day, win, params)
    jb = _jeugdbescherming(rng, bm, frailty, exit_day, win, params)
    outcomes = _outcomes(rng, bm, male, regional, exit_day, true_cls, win, params)
    vz = _vervolgzorg(rng, bm, in_quarter, exit_day, win, params)
    jh = _keep_in_window(jh, win)
    # 6. reason of ending, drawn last so that the other tables do not depend on it
    jh["reden"] = reasons(rng, jh["end"], jh["code"], regional("volgens_plan_odds", 1.0)[jh["pidx"]], params)

    # residence: every year in which the person lived in the Netherlands (one region, no moves)
    res_p = [np.flatnonzero((birth <= _day(f"{y}-12-31")) & (exit_day >= _day(f"{y}-01-01")))
             for y in range(win.y0, win.y1 + 1)]
    res_y = np.concatenate([np.full(len(p), y, dtype="int16") for y, p in zip(range(win.y0, win.y1 + 1), res_p)])
    res_p = np.concatenate(res_p)
    order = np.lexsort((res_y, res_p))
    res_p, res_y = res_p[order], res_y[order]

    return {
        "persons": pd.DataFrame(
            {
                "person_id": ids,
                "birth_month": _dates(birth),
                "sex": pd.Categorical.from_codes(np.where(male, 0, 1), categories=list(SEX)),
                "death_date": _dates(np.where(died, exit_day, _NONE)),
                "emigration_date": _dates(np.where(has_exit & ~died, exit_day, _NONE)),
            }
        ),
        "residence": pd.DataFrame(
            {
                "person_id": ids[res_p],
                "year": res_y,
                "jeugdregio": pd.Categorical.from_codes(region[res_p], categories=list(JEUGDREGIO)),
                "gemeente": pd.Series(pd.NA, index=range(len(res_p)), dtype="string"),
            }
        ),
        "jeugdhulp": _frame_intervals(ids, jh, "vorm", VORM).assign(
            reden_einde=pd.Categorical.from_codes(jh["reden"], categories=list(REDEN_EINDE))
        ),
        "jeugdbescherming": _frame_intervals(ids, _keep_in_window(jb, win), "maatregel", MAATREGEL),
        "outcomes": _frame_outcomes(ids, outcomes),
        "vervolgzorg": pd.DataFrame(
            {
                "person_id": ids[vz["pidx"]],
                "start_date": _dates(vz["start"]),
                "regeling": pd.Categorical.from_codes(vz["scheme"], categories=list(REGELING)),
            }
        ),
    }


def _jeugdhulp(rng, bm, male, frailty, regional, exit_day, win, params):
    """Trajectories (arrays) plus each person's true class at 16-17 and cohort-B membership.

    The true class and membership use the rules of :mod:`analysis.measures.cohorts` (care in
    ``[B16, B18)``, verblijf first; care in ``[B18 - 3 months, B18)``) on the person's
    whole history, before the cut to the observation period.
    """
    jp = params.jeugdhulp
    n = len(bm)
    ages = np.arange(18)
    sex_ratio = np.array([jp.sex_ratio[g] for g in YOUTH_AGE_GROUPS])[_group_of_age(ages)]
    # boys : girls = r with the mean of both fixed at 1, so the ratio does not move the level
    sex_f = np.where(male[:, None], 2 * sex_ratio / (1 + sex_ratio), 2 / (1 + sex_ratio))
    # the calendar-year trend is applied by the year in which each year of age starts
    year_of_age = _year_of(_birthday(bm[:, None], ages[None, :]))
    hazard = (
        jp.scale
        * np.asarray(jp.age_profile)[None, :]
        * sex_f
        * (regional("jeugdhulp_rate", 1.0) * frailty)[:, None]
        * jp.trend ** (year_of_age - jp.trend_reference_year)
    )
    pidx, age, start = _starts(rng, bm, hazard)
    # drop what cannot reach the observation period (care ends before the 23rd birthday)
    keep = (start <= win.end) & (_birthday(bm[pidx], 23) > win.start)
    pidx, age, start = pidx[keep], age[keep], start[keep]
    g = _group_of_age(age)
    years_since = _year_of(start) - jp.verblijf_trend_reference_year
    p_verblijf = (
        np.array([jp.verblijf_probability[k] for k in YOUTH_AGE_GROUPS])[g]
        * np.array([jp.verblijf_trend[k] for k in YOUTH_AGE_GROUPS])[g] ** years_since
        * regional("verblijf_rate", 1.0)[pidx]
        * np.sqrt(frailty[pidx])
    )
    verblijf = rng.random(len(pidx)) < np.minimum(p_verblijf, 0.95)
    forms = list(jp.verblijfsvorm)
    form = rng.choice(len(forms), size=len(pidx), p=[jp.verblijfsvorm[f] for f in forms])
    vorm = np.where(verblijf, np.array([VORM.index(f) for f in forms])[form], VORM.index("zonder_verblijf"))
    dur = np.where(
        verblijf,
        _lognormal_days(rng, jp.duration_months["verblijf"], len(pidx)),
        _lognormal_days(rng, jp.duration_months["zonder_verblijf"], len(pidx)),
    )
    end = start + dur - 1

    # verlengde jeugdhulp: continue the last trajectory of the quarter before 18, or stop at 18
    b16, b18, b23 = (_birthday(bm[pidx], a) for a in (16, 18, 23))
    q0 = _birthday(bm[pidx], 18, -3)
    inq = (start < b18) & (end >= q0)
    verblijf_q = _any_per_person(n, pidx, inq & verblijf)
    vl = jp.verlengd
    first_year = min(vl.verblijf)
    p_by_year = np.array([vl.verblijf[y] for y in sorted(vl.verblijf)])
    y18 = np.clip(_year_of(_birthday(bm, 18)), first_year, max(vl.verblijf)) - first_year
    p_verl = np.where(verblijf_q, p_by_year[y18], vl.ambulant) + regional("verlengd_pp", 0.0) / 100
    verlengd = _any_per_person(n, pidx, inq) & (rng.random(n) < np.clip(p_verl, 0, 1))
    cand = np.flatnonzero(inq & verlengd[pidx])
    order = cand[np.lexsort((end[cand], pidx[cand]))]
    ext = order[np.r_[pidx[order][1:] != pidx[order][:-1], True]] if len(order) else order
    after = np.where(
        verblijf[ext],
        _lognormal_days(rng, vl.months_after["verblijf"], len(ext)),
        _lognormal_days(rng, vl.months_after["zonder_verblijf"], len(ext)),
    )
    clip = end >= b18
    clip[ext] = False
    end = np.where(clip, b18 - 1, end)
    end[ext] = np.minimum(b18[ext] - 1 + after, b23[ext] - 1)

    # death or emigration stops care
    alive = start <= exit_day[pidx]
    end = np.minimum(end, exit_day[pidx])
    care16 = alive & (start < b18) & (end >= b16)
    v16 = _any_per_person(n, pidx, care16 & verblijf)
    true_cls = np.where(v16, 2, np.where(_any_per_person(n, pidx, care16), 1, 0))  # 2 verblijf, 1 zonder, 0 geen
    in_quarter = _any_per_person(n, pidx, alive & (start < b18) & (end >= q0))
    traj = {"pidx": pidx[alive], "start": start[alive], "end": end[alive], "code": vorm[alive]}
    return traj, true_cls, in_quarter


def _keep_in_window(t: dict, win: _Window) -> dict:
    """Records touching the observation period; an end after it becomes 'still running'."""
    keep = (t["end"] >= win.start) & (t["start"] <= win.end)
    out = {k: v[keep] for k, v in t.items()}
    out["end"] = np.where(out["end"] > win.end, _NONE, out["end"])
    order = np.lexsort((out["start"], out["pidx"]))
    return {k: v[order] for k, v in out.items()}


def _jeugdbescherming(rng, bm, frailty, exit_day, win, params) -> dict:
    """OTS (some after a voorlopige OTS), voogdij until 18, jeugdreclassering."""
    jb = params.jeugdbescherming
    b18 = _birthday(bm, 18)
    parts = []
    for code, measure in (("ots", jb.ots), ("voogdij", jb.voogdij), ("jr", jb.jr)):
        p, _, s = _starts(rng, bm, measure.hazard * frailty[:, None] * np.ones((1, 18)), measure.ages)
        if code == "voogdij":
            e = b18[p] - 1
        else:
            e = s + _lognormal_days(rng, LogNormal(median=measure.median, sigma=measure.sigma), len(p)) - 1
            # an OTS ends at 18; jeugdreclassering may run up to a year longer
            e = np.minimum(e, b18[p] - 1 if code == "ots" else b18[p] + 365)
        parts.append((p, s, e, MAATREGEL.index(code)))
        if code == "ots":
            pre = rng.random(len(p)) < jb.vots_before_ots
            parts.append((p[pre], s[pre] - 91, s[pre] - 1, MAATREGEL.index("vots")))
    pidx = np.concatenate([q[0] for q in parts])
    start = np.concatenate([q[1] for q in parts])
    end = np.concatenate([q[2] for q in parts])
    code = np.concatenate([np.full(len(q[0]), q[3]) for q in parts])
    keep = (start <= exit_day[pidx]) & (end >= start)
    return {"pidx": pidx[keep], "start": start[keep], "end": np.minimum(end, exit_day[pidx])[keep], "code": code[keep]}


def _class_probabilities(params: SynthParams, year: int) -> dict[str, np.ndarray]:
    """Outcome probabilities per true class (0 geen, 1 zonder verblijf, 2 verblijf) for one year.

    The published figures are for the groups verblijf, wel jeugdhulp (= verblijf +
    zonder verblijf) and geen jeugdhulp; the class "zonder verblijf" is solved from
    wel = s * verblijf + (1 - s) * zonder with s = ``cohort_a.verblijf_share_in_wel``.
    Years without published figures use the nearest published year.
    """
    ca = params.cohort_a
    s = ca.verblijf_share_in_wel

    def value(indicator: str, breakdown: str) -> float:
        series = params.targets[indicator].values[breakdown]
        nearest = min((int(y) for y in series), key=lambda y: (abs(y - year), -y))
        return series[str(nearest)] / 100

    labels = {"zelfstandig": "zelfstandig wonend", "thuiswonend": "hoofdzakelijk thuiswonend",
              "institutioneel": "hoofdzakelijk institutioneel", "overig": "overig"}
    woon = {}
    for group in ("jeugdhulp met verblijf", "wel jeugdhulp", "geen jeugdhulp"):
        v = np.array([value("cohort18_woonsituatie_pct", f"18-19; {group}; {labels[c]}") for c in WOONSITUATIE])
        woon[group] = v / v.sum()  # published columns sum to 99-101
    v, wel, geen = woon["jeugdhulp met verblijf"], woon["wel jeugdhulp"], woon["geen jeugdhulp"]
    zonder = np.clip((wel - s * v) / (1 - s), 0, None)
    out = {"woonsituatie": np.vstack([geen, zonder / zonder.sum(), v])}
    binaries = {
        "economisch_zelfstandig": ("cohort18_econ_zelfstandig_pct", "18-19; wel jeugdhulp",
                                   "18-19; geen jeugdhulp (referentiegroep)"),
        "werk_onderwijs": ("cohort18_werk_onderwijs_pct", "18-19; wel jeugdhulp; wel werk/onderwijs",
                           "18-19; geen jeugdhulp; wel werk/onderwijs"),
        "wanbetaler": ("cohort18_betalingsachterstand_zvw_pct", "18-19; wel jeugdhulp", "18-19; geen jeugdhulp"),
    }
    for name, (indicator, b_wel, b_geen) in binaries.items():
        p_wel, p_geen = value(indicator, b_wel), value(indicator, b_geen)
        p_v = np.clip(p_wel + ca.verblijf_minus_wel_pp[name] / 100, 0, 1)
        p_z = np.clip((p_wel - s * p_v) / (1 - s), 0, 1)
        out[name] = np.array([p_geen, p_z, p_v])
    return out


def _outcomes(rng, bm, male, regional, exit_day, true_cls, win, params) -> dict:
    """Outcome records for person-years at ages 18-19 on 31 December (still living in NL)."""
    ca = params.cohort_a
    birth_year = bm // 12 + 1970
    sex_pp = np.where(male, ca.zelfstandig_sex_pp["M"], ca.zelfstandig_sex_pp["V"]) / 100
    econ_pp = regional("econ_gap_pp", 0.0) / 100
    cols: dict[str, list] = {k: [] for k in ("pidx", "year", "woon", "econ", "econ_known", "wanb", "werk", "present")}
    for y in range(win.y0, win.y1 + 1):
        idx = np.flatnonzero((y - birth_year >= 18) & (y - birth_year <= 19) & (exit_day > _day(f"{y}-12-31")))
        probs = _class_probabilities(params, y)
        cls = true_cls[idx]
        woon = probs["woonsituatie"][cls].copy()
        woon[:, 0] = np.clip(woon[:, 0] + sex_pp[idx], 0, 1)  # zelfstandig, taken from thuiswonend
        woon[:, 1] = np.clip(1 - woon[:, 0] - woon[:, 2] - woon[:, 3], 0, 1)
        cum = np.cumsum(woon, axis=1)
        u = rng.random(len(idx))[:, None] * cum[:, -1:]
        cols["woon"].append((u >= cum).sum(axis=1))
        p_econ = probs["economisch_zelfstandig"][cls] + np.where(cls > 0, econ_pp[idx], 0)
        cols["econ"].append(rng.random(len(idx)) < np.clip(p_econ, 0, 1))
        cols["econ_known"].append(rng.random(len(idx)) >= ca.missing_econ)
        cols["wanb"].append(rng.random(len(idx)) < probs["wanbetaler"][cls])
        cols["werk"].append(rng.random(len(idx)) < probs["werk_onderwijs"][cls])
        cols["present"].append(rng.random(len(idx)) >= ca.missing_record)
        cols["pidx"].append(idx)
        cols["year"].append(np.full(len(idx), y, dtype="int16"))
    out = {k: np.concatenate(v) for k, v in cols.items()}
    keep = out.pop("present")
    return {k: v[keep] for k, v in out.items()}


def _vervolgzorg(rng, bm, in_quarter, exit_day, win, params) -> dict:
    """At most one scheme per cohort-B person, starting 0-1, 1-3, 3-6 or 6-12 months after 18.

    One scheme per person makes the total equal the sum of the schemes, as in the
    published table (l.2170-2174); the window probabilities are the differences of the
    published cumulative shares.
    """
    published = params.targets["cohort18_vervolgzorg_pct"].values
    label = {"zvw_ggz": "Zvw-GGZ", "wmo": "Wmo", "wlz": "Wlz"}
    windows = ("<1 maand", "<=3 maanden", "<=6 maanden")
    bounds = np.array([0, 1, 3, 6, 12])
    probs = []  # per scheme: P(start in months [0,1), [1,3), [3,6), [6,12))
    for scheme in REGELING:
        cum = [published[f"cohort 2017; {label[scheme]}; {w}"]["2017"] / 100 for w in windows]
        probs += [cum[0], cum[1] - cum[0], cum[2] - cum[1], params.cohort_b.after_6_months[scheme]]
    people = np.flatnonzero(in_quarter)
    slot = np.searchsorted(np.cumsum(probs), rng.random(len(people)), side="right")
    got = slot < len(probs)
    people, slot = people[got], slot[got]
    lo = _birthday(bm[people], 18, bounds[slot % 4])
    hi = _birthday(bm[people], 18, bounds[slot % 4 + 1])
    start = lo + np.floor(rng.random(len(people)) * (hi - lo)).astype("int64")
    keep = (start >= win.start) & (start <= win.end) & (start <= exit_day[people])
    order = np.lexsort((start[keep], people[keep]))
    return {"pidx": people[keep][order], "start": start[keep][order], "scheme": (slot // 4)[keep][order]}


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers (``_NONE`` = no date) -> datetime64[s] with NaT."""
    days = np.asarray(days, dtype="int64")
    none = days == _NONE
    out = np.where(none, 0, days).astype("datetime64[D]").astype("datetime64[s]")
    out[none] = np.datetime64("NaT")
    return out


def _frame_intervals(ids: np.ndarray, t: dict, code_col: str, codes: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": ids[t["pidx"]],
            "start_date": _dates(t["start"]),
            "end_date": _dates(t["end"]),
            code_col: pd.Categorical.from_codes(t["code"].astype("int64"), categories=list(codes)),
        }
    )


def _frame_outcomes(ids: np.ndarray, o: dict) -> pd.DataFrame:
    econ = pd.array(o["econ"].astype(bool), dtype="boolean")
    econ[~o["econ_known"].astype(bool)] = pd.NA
    return pd.DataFrame(
        {
            "person_id": ids[o["pidx"].astype("int64")],
            "year": o["year"].astype("int16"),
            "woonsituatie": pd.Categorical.from_codes(o["woon"].astype("int64"), categories=list(WOONSITUATIE)),
            "economisch_zelfstandig": econ,
            "wanbetaler": pd.array(o["wanb"].astype(bool), dtype="boolean"),
            "werk_onderwijs": pd.array(o["werk"].astype(bool), dtype="boolean"),
        }
    )
