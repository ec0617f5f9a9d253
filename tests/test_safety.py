"""Safety (issue 16): the gate's floor and text rule, percentages, YAML, paths, build hygiene.

Expected values are hand calculations on tiny data or follow from the issue's
cases (JZ42 verblijf 2016: a rounded "10" of 825 residents with 1,3% gave back
exactly 11); none is copied from our own output.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nbformat.v4 import new_code_cell, new_notebook, new_output

from analysis.chapters.inleiding import regional_inleiding
from analysis.config import DATA_DIR, FORMATS, PROJECT_ROOT
from analysis.disclosure.suppression import PERCENTAGE, protect_proportions
from analysis.errors import BuildError, VoortgangError
from analysis.inputs.disclosure_settings import CbsAkkoord, DisclosureSettings, load_disclosure_settings
from analysis.inputs.editions import ChapterRun, load_edition
from analysis.inputs.files import inside_data, shorten
from analysis.inputs.groupings import Region
from analysis.inputs.yamlio import read_yaml
from analysis.pipeline.execution import orphans
from analysis.pipeline.gate import check_disclosure
from analysis.pipeline.publish import publish, remove_stale_staging
from analysis.present.display import MARKER, table_html
from analysis.present.methods import methods_paragraph
from analysis.present.safety import clean_markdown, plain_text

AKKOORD = CbsAkkoord(door="J. de Vries, CBS Microdataservices", datum="2020-04-01", kenmerk="MDS-2020-17")


# --- the floor of the gate ---------------------------------------------------------------------


@pytest.mark.parametrize(("min_count", "rounding_base"), [(1, 1), (5, 5), (10, 1), (5, 1)])
def test_settings_below_the_cbs_floor_are_refused_without_akkoord(min_count, rounding_base):
    with pytest.raises(ValueError, match="cbs_akkoord"):
        DisclosureSettings(min_count=min_count, rounding_base=rounding_base)


def test_akkoord_allows_lower_settings_and_the_report_names_it():
    settings = DisclosureSettings(min_count=5, rounding_base=1, cbs_akkoord=AKKOORD)
    text = methods_paragraph(settings)
    assert "minimaal 5 personen per cijfer, aantallen niet afgerond" in text
    assert "J. de Vries, CBS Microdataservices, 2020-04-01, kenmerk MDS-2020-17" in text


def test_the_settings_in_force_are_printed_in_a_regional_report():
    edition = load_edition("2020-H1")
    region = Region(code="JZ14", naam="Twente", niveau="jeugdregio", jeugdregios=("JZ14",), bron="CBS")
    text = regional_inleiding(edition, region)
    settings = load_disclosure_settings()
    assert f"minimaal {settings.min_count} personen per cijfer" in text
    assert f"aantallen afgerond op {settings.rounding_base}" in text


def test_a_settings_file_below_the_floor_is_one_line(tmp_path):
    path = tmp_path / "disclosure.yaml"
    path.write_text("min_count: 1\nrounding_base: 1\n", encoding="utf-8")
    with pytest.raises(VoortgangError) as info:
        load_disclosure_settings(path)
    assert "cbs_akkoord" in str(info.value) and "\n" not in str(info.value)


# --- percentages do not give the counts back ---------------------------------------------------


def test_the_issues_jz42_case_no_longer_gives_the_count_back():
    # 11 persons of 825: the count is published as 10 (base 5); from unrounded counts the
    # percentage was 1,3% and 825 x 1,3% pins 11 down. From the rounded counts: 10/825 = 1,21% -> 1,2.
    result = protect_proportions(pd.DataFrame({"numerator": [11], "denominator": [825]}), settings=DisclosureSettings())
    assert int(result.data["numerator"].iloc[0]) == 10
    assert int(result.data["denominator"].iloc[0]) == 825
    assert float(result.data[PERCENTAGE].iloc[0]) == 1.2


@given(st.integers(20, 5000).flatmap(lambda d: st.tuples(st.integers(10, d - 10), st.just(d))))
def test_no_published_count_can_be_recovered_from_its_percentage(pair):
    # Every unrounded numerator that rounds to the same published count gives the same published
    # row (count, denominator, percentage): the percentage adds nothing to what is published.
    n, d = pair
    settings = DisclosureSettings()
    base = settings.rounding_base
    published = protect_proportions(pd.DataFrame({"numerator": [n], "denominator": [d]}), settings=settings).data
    same_bucket = [m for m in range(n - base, n + base + 1)
                   if 10 <= m <= d - 10 and (m + base // 2) // base == (n + base // 2) // base]
    rows = {
        tuple(protect_proportions(pd.DataFrame({"numerator": [m], "denominator": [d]}), settings=settings)
              .data.iloc[0][["numerator", "denominator", PERCENTAGE]].astype(float))
        for m in same_bucket
    }
    assert rows == {tuple(published.iloc[0][["numerator", "denominator", PERCENTAGE]].astype(float))}
    assert len(same_bucket) >= 2 or n in (10, d - 10)  # rounding leaves at least two candidates


# --- numbers in text of person-level chapters --------------------------------------------------


def _chapter(tmp_path: Path, texts: list[str], alt: str = "Staafdiagram") -> Path:
    frame = pd.DataFrame({"Groep": ["Wel jeugdhulp"], "Aantal": ["45"], "Percentage": ["21,4"]}).set_index("Groep")
    outputs = [new_output("display_data", data={"text/html": table_html(frame, "Tabel"), "text/plain": "t"},
                          metadata={MARKER: {"protected": True}}),
               new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "f"},
                          metadata={MARKER: {"protected": True, "numbers": ["53,8"]}, "image/png": {"alt": alt}})]
    outputs += [new_output("display_data", data={"text/markdown": text}) for text in texts]
    path = tmp_path / "hoofdstuk.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("x", outputs=outputs)]), path)
    return path


RUN = ChapterRun("eigen", Path("eigen.ipynb"), {"edition": "2020-H1", "microdata": "data/synthetic/2020-H1",
                                               "cohort_years": [2016, 2017]})


def test_protected_numbers_years_labels_and_statistics_pass(tmp_path):
    text = ("In 2019 kreeg 21,4% van de 45 jongeren van 16-17 jaar jeugdhulp, tegenover 53,8% (grafiek); "
            "χ² = 1.922,4 met 5 vrijheidsgraden, p < 0,01; over 2016 en 2017.")
    check_disclosure(_chapter(tmp_path, [text], alt="Staafdiagram: 21,4% en 53,8% in 2019"), RUN)
    # the things counted, singular too, and the power of the detectable difference
    more = ("Nog 1 groep wijkt af, maar is te klein om het cijfer te tonen. Met een onderscheidend vermogen 80% "
            "had een regio van die omvang het kunnen aantonen; over 14 halfjaren.")
    check_disclosure(_chapter(tmp_path, [more]), RUN)


@pytest.mark.parametrize(
    ("texts", "alt", "what"),
    [
        (["precies 6883 personen"], "Staafdiagram", "the text of cell 1"),
        (["Een percentage van 21,43% uit de ruwe aantallen."], "Staafdiagram", "the text of cell 1"),
        ([], "Lijndiagram: Nederland 10,949% in 2019", "the alt text of cell 1"),
    ],
)
def test_a_number_from_no_protected_output_is_refused_naming_chapter_and_cell(tmp_path, texts, alt, what):
    with pytest.raises(BuildError) as info:
        check_disclosure(_chapter(tmp_path, texts, alt), RUN)
    message = str(info.value)
    assert "chapter 'eigen'" in message and what in message
    assert "6883" not in message and "10,949" not in message  # counts, never the value


def test_chapters_without_person_level_data_are_not_checked(tmp_path):
    run = ChapterRun("kern", Path("kern.ipynb"), {"edition": "2020-H1"})
    check_disclosure(_chapter(tmp_path, ["precies 6883 personen"]), run)


# --- the sanitiser -------------------------------------------------------------------------------


def test_clean_markdown_keeps_markdown_and_drops_everything_that_runs():
    out = clean_markdown("## Kop\n\n*nadruk* [cbs](https://www.cbs.nl) <script>alert(1)</script>\n\n"
                         "[x](javascript:alert(2)) ![p](data:image/png;base64,AA==) `a`{=html}\n\n"
                         "```{=typst}\n#set page(fill: red)\n```\n")
    assert "## Kop" in out and "*nadruk*" in out and "[cbs](https://www.cbs.nl)" in out
    for bad in ("<script", "javascript:", "data:image", "`a`{=html}", "```{=typst}"):
        assert bad not in out
    # read back as the renderer reads it: no raw block or inline for any format
    import pypandoc

    assert '"RawBlock"' not in pypandoc.convert_text(out, "json", format="markdown")
    assert '"RawInline"' not in pypandoc.convert_text(out, "json", format="markdown")


def test_plain_text_is_never_markup():
    assert plain_text("Noord <b>vet</b> [x](y)") == r"Noord vet \[x\]\(y\)"


# --- YAML, messages and paths ----------------------------------------------------------------------


def test_yaml_duplicate_key_is_refused_with_its_line(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\nb: 2\na: 3\n", encoding="utf-8")
    with pytest.raises(VoortgangError, match="key 'a' appears twice in one mapping \\(line 3\\)"):
        read_yaml(path)


def test_yaml_aliases_are_allowed_but_a_bomb_is_not(tmp_path):
    ok = tmp_path / "ok.yaml"
    ok.write_text("pad: &p data/x\nook: *p\n", encoding="utf-8")
    assert read_yaml(ok) == {"pad": "data/x", "ook": "data/x"}
    bomb = tmp_path / "bomb.yaml"  # 10^8 values when expanded, 600 bytes on disk
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + [
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    bomb.write_text("\n".join(levels) + "\n", encoding="utf-8")
    with pytest.raises(VoortgangError, match="aliases expanded"):
        read_yaml(bomb)


def test_shorten_bounds_every_value():
    assert len(shorten("x" * 5000)) < 100
    assert shorten([1] * 10**6) == "a list of 1000000 items"


def test_person_level_paths_must_resolve_inside_data(tmp_path):
    assert inside_data("data/synthetic/x", "key 'pad'") == (DATA_DIR / "synthetic" / "x").resolve()
    for outside in ("../elders", str(tmp_path), "data/../params"):
        with pytest.raises(VoortgangError, match="must stay inside data/"):
            inside_data(outside, "key 'pad'")


def test_a_link_inside_data_that_points_outside_is_refused(tmp_path):
    link = DATA_DIR / "synthetic" / f".test-link-{os.getpid()}"
    link.symlink_to(tmp_path)
    try:
        with pytest.raises(VoortgangError, match="must stay inside data/"):
            inside_data(f"data/synthetic/{link.name}", "key 'pad'")
    finally:
        link.unlink()


def test_voortgang_data_synth_refuses_an_outside_folder_and_writes_nothing(tmp_path):
    out = tmp_path / "buiten"
    proc = subprocess.run([sys.executable, "-m", "analysis", "data", "synth", "--persons", "100", "--out", str(out)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "must stay inside data/" in proc.stderr
    assert not out.exists()


# --- build hygiene -----------------------------------------------------------------------------------


def test_a_lock_that_is_a_link_is_never_followed_or_emptied(tmp_path):
    victim = tmp_path / "rapport.html"
    victim.write_text("vorig rapport\n", encoding="utf-8")
    edition_dir = tmp_path / "releases" / "2020-H1"
    edition_dir.mkdir(parents=True)
    (edition_dir / ".lock").symlink_to(victim)
    staging = edition_dir / ".tmp-staging"
    staging.mkdir()
    with pytest.raises(OSError) as info:
        publish(staging, tmp_path / "releases", "2020-H1", {"renderer": {}})
    assert info.value.errno == errno.ELOOP
    assert victim.read_text(encoding="utf-8") == "vorig rapport\n"


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_staging_of_killed_builds_is_removed_and_live_ones_kept(tmp_path):
    dead, alive = _dead_pid(), os.getpid()
    (tmp_path / f".tmp-{dead}-abc").mkdir()
    (tmp_path / f".tmp-{dead}-JZ14-def").mkdir()
    (tmp_path / f".tmp-{alive}-ghi").mkdir()
    (tmp_path / "v1").mkdir()
    assert sorted(remove_stale_staging(tmp_path)) == sorted([f".tmp-{dead}-abc", f".tmp-{dead}-JZ14-def"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f".tmp-{alive}-ghi", "v1"])


def test_kernels_of_a_killed_build_are_stopped_by_the_next(tmp_path):
    kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", "ipykernel_launcher"])
    try:
        (tmp_path / f"{_dead_pid()}-{kernel.pid}").touch()
        (tmp_path / f"{os.getpid()}-{kernel.pid + 10**6}").touch()  # this build's own: kept
        assert orphans.sweep(tmp_path) == [kernel.pid]
        deadline = time.monotonic() + 60
        while kernel.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert kernel.poll() is not None
        assert [p.name for p in tmp_path.iterdir()] == [f"{os.getpid()}-{kernel.pid + 10**6}"]
    finally:
        kernel.kill()
        kernel.wait()


def test_regional_formats_never_change_the_national_formats(monkeypatch):
    import analysis.pipeline.build as build_module
    from analysis.pipeline import cli

    seen = {}

    def fake_build(name, formats, **kwargs):
        seen.update(formats=list(formats), regional=kwargs.get("regional_formats"))
        raise VoortgangError("stop")

    monkeypatch.setattr(build_module, "build_edition", fake_build)
    monkeypatch.setattr(sys, "argv", ["voortgang", "build", "--regions", "JZ14", "--formats", "html"])
    with pytest.raises(SystemExit):
        cli.main()
    assert seen == {"formats": list(FORMATS), "regional": ["html"]}


@pytest.mark.parametrize(("number", "text"), [(errno.ENOSPC, "No space left on device"),
                                              (errno.EROFS, "Read-only file system")])
def test_disk_full_and_read_only_are_one_line_and_exit_1(monkeypatch, capsys, number, text):
    import analysis.pipeline.build as build_module
    from analysis.pipeline import cli

    def fake_build(*_args, **_kwargs):
        raise OSError(number, text, str(PROJECT_ROOT / "releases" / "2020-H1" / ".tmp-1-x" / "index.html"))

    monkeypatch.setattr(build_module, "build_edition", fake_build)
    monkeypatch.setattr(sys, "argv", ["voortgang", "build"])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and text in err and "index.html" in err


def test_help_answers_even_with_a_broken_reference_file(project_copy):
    from helpers import run_cli

    (project_copy / "data" / "reference" / "jeugdregios.csv").write_text("", encoding="utf-8")
    assert run_cli(project_copy, "--help").returncode == 0
    proc = run_cli(project_copy, "validate")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "fout: data/reference/jeugdregios.csv: not a readable CSV table (No columns to parse from file)"]
