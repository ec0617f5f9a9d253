"""The built-in offline renderer: a Quarto book project -> HTML, DOCX and PDF.

Used by the build when ``quarto`` is not installed. It reads the same
``_quarto.yml`` as Quarto (:mod:`analysis.pipeline.render.project`) and needs only PyPI
packages:

1. each chapter to pandoc's AST: executed notebooks through nbconvert
   (:mod:`analysis.pipeline.render.notebook`: hidden code, figures with alt text,
   HTML tables parsed into real tables), ``.qmd``/``.md`` text chapters
   directly (Quarto's executable ``{python}`` chunks are dropped: execution is
   off and code hidden);
2. the chapters joined into one book with unique heading ids
   (:mod:`analysis.pipeline.render.pandoc_ast`), part titles as unnumbered level-1
   headings;
3. pandoc (bundled with ``pypandoc-binary``) writes
   - ``index.html``: standalone and self-contained (CSS and images embedded),
     table of contents, ``lang`` from the project, ``templates/voortgang.css``;
   - ``<stem>.docx`` with a reference document built from pandoc's default
     (:mod:`analysis.pipeline.render.docx_style`);
   - ``<stem>.pdf`` via typst (``templates/voortgang.typst``, the ``typst``
     package, embedded fonts only): title page, table of contents.

``<stem>`` is ``book.output-file`` from ``_quarto.yml`` (as Quarto uses it),
else a slug of ``book.title``. Per format, ``toc`` (default true),
``toc-depth`` (default 2) and ``number-sections`` (default false) are read from
``format.html`` / ``format.docx`` / ``format.typst``; ``papersize`` from
``format.typst`` (default A4).

Every output is written to a temporary file in the project directory and
moved into place only when its format succeeded, so a failure keeps the
previous good file.
"""

from __future__ import annotations

import errno
import html
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import nbformat
import pypandoc
import yaml

from analysis.config import FORMATS, TEMPLATES_DIR
from analysis.errors import VoortgangError
from analysis.inputs.editions import check_formats
from analysis.inputs.house_style import HouseStyle, load_house_style
from analysis.pipeline.render.docx_style import (
    build_reference_docx,
    shade_judgement_cells,
)
from analysis.pipeline.render.notebook import md_escape, notebook_to_markdown
from analysis.pipeline.render.pandoc_ast import (
    book,
    chapter_blocks,
    read_markdown,
    relink_images,
    unique_header_ids,
)
from analysis.pipeline.render.project import (
    BookChapter,
    BookProject,
    Part,
    load_project,
)
from analysis.present.notices import CONCEPT_MARK, CONCEPT_NOTE
from analysis.present.safety import CSP_META, plain_text

log = logging.getLogger(__name__)

HTML_FILE = "index.html"
CSS_FILE: Path = TEMPLATES_DIR / "voortgang.css"
TYPST_TEMPLATE: Path = TEMPLATES_DIR / "voortgang.typst"
WRITE_FILTER: Path = TEMPLATES_DIR / "house_style.lua"
#: Title of the table of contents in every format (report text is Dutch).
TOC_TITLE = "Inhoud"
DEFAULT_TOC_DEPTH = 2
#: Quarto's executable code chunks in text chapters, e.g. ```` ```{python} ````.
_CODE_CHUNK = re.compile(
    r"^(?P<fence>`{3,})[ \t]*\{[A-Za-z][^}\n]*\}[^\n]*\n.*?^(?P=fence)[ \t]*$\n?",
    re.MULTILINE | re.DOTALL,
)
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def output_paths(project: BookProject, formats: Sequence[str]) -> dict[str, Path]:
    """Where each format is written: ``index.html``, ``<stem>.docx``, ``<stem>.pdf``."""
    names = {"html": HTML_FILE, "docx": f"{project.output_stem}.docx", "pdf": f"{project.output_stem}.pdf"}
    return {fmt: project.directory / names[fmt] for fmt in formats}


#: Receives each finished step of a render (its name) and the number of steps in all.
StepCallback = Callable[[str, int], None]


def render_offline(
    project_dir: Path, formats: Sequence[str] = FORMATS, on_step: StepCallback | None = None
) -> dict[str, Path]:
    """Render a Quarto book project without Quarto.

    Parameters
    ----------
    project_dir : Path
        Directory with ``_quarto.yml`` (``reports/<edition>/``); the outputs
        are written here.
    formats : sequence of str
        Any of ``"html"``, ``"docx"``, ``"pdf"``.
    on_step : callable, optional
        Called after every step (each chapter converted, each format written)
        with the step's name and the number of steps: the progress bar's feed.

    Returns
    -------
    dict of str to Path
        Format to written file, for the formats that were requested.

    Raises
    ------
    VoortgangError
        Bad ``formats`` argument or project file, a chapter that cannot be
        converted (nothing is written), or a format that failed (the other
        formats are written; the failed format's previous file is kept). The
        message names the argument, file, chapter or format.
    """
    wanted = check_formats(formats)
    project = load_project(Path(project_dir))
    style = load_house_style()
    targets = output_paths(project, wanted)
    written: dict[str, Path] = {}
    failures: list[str] = []
    total = len(project.contents) + len(wanted)
    step = on_step or (lambda _name, _total: None)
    with tempfile.TemporaryDirectory(prefix=".render-", dir=project.directory) as tmp:
        work = Path(tmp)
        book_json = prepare_book(project, work, lambda name: step(name, total))
        meta = write_metadata(project, style, work)
        for fmt in wanted:
            try:
                produced = WRITERS[fmt](project, style, book_json, meta, work)
            except Exception as exc:  # pypandoc: RuntimeError; typst: TypstError; OS errors
                _raise_disk_error(exc)
                log.warning("format %s failed", fmt, exc_info=exc)
                failures.append(
                    f"format {fmt!r} failed ({_first_lines(exc)}); "
                    f"the previous {targets[fmt].name} is kept"
                )
                continue
            finally:
                step(fmt, total)
            os.replace(produced, targets[fmt])
            written[fmt] = targets[fmt]
    if failures:
        raise VoortgangError(f"{project.directory}: " + "; ".join(failures))
    return written


#: errno of a full disk, a read-only file system or a refused write: not a renderer failure,
#: so it reaches the command line as one line (exit code 1) instead of a renderer's backtrace.
DISK_ERRNOS: frozenset[int] = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})
_DISK_TEXTS: dict[str, int] = {"No space left on device": errno.ENOSPC, "Read-only file system": errno.EROFS,
                               "Permission denied": errno.EACCES}


def _raise_disk_error(exc: BaseException) -> None:
    """Re-raise a file-system failure as an OSError (pandoc and typst report one only in their text)."""
    if isinstance(exc, OSError) and exc.errno in DISK_ERRNOS:
        raise exc
    text = str(exc)
    for phrase, number in _DISK_TEXTS.items():
        if phrase in text:
            raise OSError(number, phrase) from exc


def _first_lines(exc: BaseException, n: int = 6) -> str:
    lines = [line for line in str(exc).strip().splitlines() if line.strip()]
    return f"{type(exc).__name__}: " + " | ".join(lines[:n])


# --------------------------------------------------------------------- chapters


def prepare_book(project: BookProject, work: Path, done: Callable[[str], None] | None = None) -> Path:
    """Convert every chapter and write the joined book as pandoc JSON.

    Figures go to ``work/<chapter key>_files/``; the book is ``work/book.json``.
    ``done`` receives the name of each part or chapter once it is converted.

    Raises
    ------
    VoortgangError
        Naming the chapter file that could not be converted.
    """
    chapters: list[list[dict[str, Any]]] = []
    api_version: list[int] = []
    for item in project.contents:
        if isinstance(item, Part):
            doc = read_markdown(f"# {md_escape(item.title)} {{.unnumbered .part}}\n", notebook=False)
            chapters.append(doc["blocks"])
            if done:
                done(item.title)
            continue
        try:
            doc = _chapter_document(item, work)
        except VoortgangError:
            raise
        except Exception as exc:  # nbformat, JSON, OS and pandoc errors alike
            rel = item.path.relative_to(project.directory)
            raise VoortgangError(
                f"{project.directory / '_quarto.yml'}: chapter {rel}: cannot convert: {_first_lines(exc)}"
            ) from None
        api_version = doc["pandoc-api-version"]
        chapters.append(chapter_blocks(doc))
        if done:
            done(item.path.stem)
    unique_header_ids(chapters)
    path = work / "book.json"
    path.write_text(json.dumps(book(chapters, api_version)), encoding="utf-8")
    return path


def _chapter_document(chapter: BookChapter, work: Path) -> dict[str, Any]:
    """Pandoc AST of one chapter, its figures copied into ``work``."""
    name = chapter.path.name
    if chapter.is_notebook:
        nb = nbformat.read(chapter.path, as_version=4)
        markdown, figures = notebook_to_markdown(nb, chapter.key, name)
        for rel, data in figures.items():
            dest = work / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
    else:
        markdown = _CODE_CHUNK.sub("", chapter.path.read_text(encoding="utf-8"))
    doc = read_markdown(markdown, notebook=chapter.is_notebook)
    relink_images(doc["blocks"], _image_relinker(chapter, work))
    return doc


def _image_relinker(chapter: BookChapter, work: Path) -> Callable[[str], str]:
    """Copy images that a chapter's own text refers to into ``work`` (typst reads
    files only below its root, and the HTML embeds from there)."""
    own = f"{chapter.key}_files/"

    def relink(target: str) -> str:
        if not target or target.startswith(own) or _URL.match(target):
            return target
        source = (chapter.path.parent / target).resolve()
        if not source.is_file():
            raise VoortgangError(f"chapter {chapter.path.name}: image {target!r} not found ({source})")
        dest = work / own / "text" / source.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
        return dest.relative_to(work).as_posix()

    return relink


# ---------------------------------------------------------------------- writers


def running_header(project: BookProject) -> str:
    """The header of every page of the PDF and DOCX: the title, and that the report holds synthetic figures.

    (The notice under the title, ``abstract`` in ``_quarto.yml``, is only set for synthetic chapters.)
    """
    return plain_text(project.title) + (" · bevat synthetische data" if project.notice else "")


def write_metadata(project: BookProject, style: HouseStyle, work: Path) -> Path:
    """Write the book metadata (front matter, colours for the Lua filter) as YAML."""
    # pandoc reads metadata values as markdown: titles from the edition file are plain text
    meta: dict[str, Any] = {
        "title": plain_text(project.title),
        "lang": project.lang,
        "toc-title": TOC_TITLE,
        "house-colours": dict(style.judgement_colours),
    }
    if project.subtitle:
        meta["subtitle"] = plain_text(project.subtitle)
    if project.authors:
        meta["author"] = [plain_text(a) for a in project.authors]
    if project.date:
        meta["date"] = plain_text(project.date)
    if project.notice:
        # on the cover (an abstract with its own heading), and as subject/description in DOCX and PDF
        notice = plain_text(project.notice)
        meta.update({"abstract": notice, "abstract-title": plain_text(project.notice_title),
                     "subject": notice, "description": notice, "description-meta": notice})
    if project.keywords:
        meta["keywords"] = [plain_text(k) for k in project.keywords]
    meta["running-header"] = running_header(project)
    path = work / "metadata.yaml"
    path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _common_args(project: BookProject, fmt: str, meta: Path, work: Path) -> list[str]:
    options = project.options.get(fmt, {})
    args = [
        "--standalone",
        f"--metadata-file={meta}",
        f"--resource-path={work}{os.pathsep}{project.directory}",
    ]
    if options.get("toc", True):
        args += ["--toc", f"--toc-depth={int(options.get('toc-depth', DEFAULT_TOC_DEPTH))}"]
    if options.get("number-sections", False):
        args.append("--number-sections")
    return args


def _pandoc(book_json: Path, to: str, out: Path, args: list[str], work: Path) -> None:
    pypandoc.convert_file(
        str(book_json),
        to,
        format="json",
        outputfile=str(out),
        extra_args=args,
        filters=[str(WRITE_FILTER)],
        verify_format=False,
        cworkdir=str(work),
    )


def write_html(project: BookProject, style: HouseStyle, book_json: Path, meta: Path, work: Path) -> Path:
    """Self-contained HTML5 (embedded CSS and images) in ``work``; returns its path."""
    colours = {
        "text": style.text_colour,
        "accent": style.accent_colour,
        "rule": style.rule_colour,
        **style.judgement_colours,
    }
    css_vars = "".join(f"--{name}:{value};" for name, value in colours.items())
    include = work / "house-colours.html"
    include.write_text(f"<style>:root{{{css_vars}}}</style>\n", encoding="utf-8")
    out = work / "out.html"
    args = _common_args(project, "html", meta, work) + [
        "--embed-resources",
        f"--css={CSS_FILE}",
        f"--include-in-header={include}",
    ]
    if project.concept:
        banner = work / "concept.html"
        banner.write_text(f'<p class="concept-banner" role="note">{html.escape(CONCEPT_NOTE)}</p>\n', encoding="utf-8")
        args.append(f"--include-before-body={banner}")
    _pandoc(book_json, "html5", out, args, work)
    # the Content-Security-Policy as the first element of <head>, before any style or content
    page = out.read_text(encoding="utf-8")
    out.write_text(page.replace("<head>", f"<head>\n{CSP_META}", 1), encoding="utf-8")
    return out


def write_docx(project: BookProject, style: HouseStyle, book_json: Path, meta: Path, work: Path) -> Path:
    """DOCX with the house reference document and shaded judgement cells."""
    header = running_header(project) + (f" · {CONCEPT_NOTE}" if project.concept else "")
    reference = build_reference_docx(work / "reference.docx", style, header)
    out = work / "out.docx"
    args = _common_args(project, "docx", meta, work) + [f"--reference-doc={reference}"]
    _pandoc(book_json, "docx", out, args, work)
    shade_judgement_cells(out, style)
    return out


def write_pdf(project: BookProject, style: HouseStyle, book_json: Path, meta: Path, work: Path) -> Path:
    """PDF via pandoc's typst writer and the ``typst`` package (embedded fonts only)."""
    import typst

    source = work / "book.typ"
    options = project.options.get("pdf", {})
    args = _common_args(project, "pdf", meta, work) + [
        f"--template={TYPST_TEMPLATE}",
        "--wrap=none",  # metadata lists (keywords) must not be broken across lines in the typst source
        f"--variable=papersize:{options.get('papersize', 'a4')}",
        f"--variable=house-text:{style.text_colour}",
        f"--variable=house-accent:{style.accent_colour}",
        f"--variable=house-rule:{style.rule_colour}",
    ] + ([f"--variable=concept-mark:{CONCEPT_MARK}"] if project.concept else [])
    _pandoc(book_json, "typst", source, args, work)
    out = work / "out.pdf"
    typst.compile(str(source), output=str(out), root=str(work), ignore_system_fonts=True)
    return out


#: Writer of each format: (project, style, book JSON, metadata, work dir) -> file in work dir.
WRITERS: dict[str, Callable[[BookProject, HouseStyle, Path, Path, Path], Path]] = {
    "html": write_html,
    "docx": write_docx,
    "pdf": write_pdf,
}
