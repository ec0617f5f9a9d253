"""How chapters show results, in the one shape both renderers understand.

A chapter's ``build()`` returns a :class:`ChapterOutput`: an ordered list of
blocks that a notebook displays as its last expression. Each block becomes one
or two notebook outputs:

- text: a ``text/markdown`` output (:meth:`ChapterOutput.markdown`);
- tables: an HTML ``<table>`` with a ``<caption>`` and optional cell classes
  (``gunstig`` / ``ongunstig`` / ``neutraal``), then its footnotes as markdown
  (:meth:`ChapterOutput.table`);
- figures: ``image/png`` with the alt text in the output metadata
  (:meth:`ChapterOutput.figure`).

A researcher's own notebook can use the same blocks one at a time with
:func:`show_markdown`, :func:`show_table` and :func:`show_figure`.

Disclosure control: every table and figure output carries
``metadata["voortgang"] = {"protected": bool}``. A table from person-level data
must be a :class:`~analysis.disclosure.marking.ProtectedTable` (it passed the gate); a
plain frame still marked as microdata is refused here, and a figure drawn from
person-level data must name the protected table it shows (``data=``). The build
refuses to render a chapter that reads microdata when any table or figure in it
lacks ``protected: True`` (:func:`analysis.pipeline.gate.check_disclosure`).
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from IPython.display import HTML, Image, Markdown, display

from analysis.config import MARKER
from analysis.disclosure.marking import ProtectedTable, assert_publishable
from analysis.present.numbers import numbers_in
from analysis.present.protected import FOOTNOTE, ROUNDING_NOTE
from analysis.present.protected import display as protected_display


def table_html(
    frame: pd.DataFrame,
    caption: str,
    cell_classes: Mapping[tuple[str, str], str] | None = None,
) -> str:
    """HTML of a table of strings, with a caption and optional cell classes.

    Parameters
    ----------
    frame : DataFrame
        Formatted strings; the index becomes the first column, its name the
        first header.
    caption : str
        Table caption (Dutch).
    cell_classes : mapping, optional
        ``(row label, column) -> class`` for colouring cells.

    Returns
    -------
    str
        A ``<table>`` element (escaped text, no inline styles or scripts).
    """
    classes = cell_classes or {}
    esc = html.escape
    head = "".join(f"<th>{esc(str(c))}</th>" for c in [frame.index.name or "", *frame.columns])
    body = []
    for label, row in frame.iterrows():
        cells = [f'<th scope="row">{esc(str(label))}</th>']
        for col, value in row.items():
            cls = classes.get((str(label), str(col)))
            attr = f' class="{esc(cls)}"' if cls else ""
            cells.append(f"<td{attr}>{esc(str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="voortgang-tabel"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


@dataclass(frozen=True)
class MarkdownBlock:
    """Dutch text (markdown)."""

    text: str

    def show(self) -> None:
        display(Markdown(self.text))


@dataclass(frozen=True)
class TableBlock:
    """A table as HTML, whether it passed the disclosure gate, and its footnotes."""

    html: str
    protected: bool
    footnotes: tuple[str, ...] = ()

    def show(self) -> None:
        display(HTML(self.html), metadata={MARKER: {"protected": self.protected}})
        if self.footnotes:
            # footnotes are plain text shown in italics: a CBS marker ("* voorlopig") is not emphasis
            display(Markdown("\n\n".join(f"*{note.replace('*', chr(92) + '*')}*" for note in self.footnotes)))


@dataclass(frozen=True)
class FigureBlock:
    """A figure as PNG bytes with its alt text, and whether it was drawn from a protected table."""

    png: bytes
    alt: str
    protected: bool
    numbers: tuple[str, ...] = ()
    #: The caption under the figure: its title, short; the alt text describes the whole figure.
    caption: str = ""

    def show(self) -> None:
        marker: dict[str, Any] = {"protected": self.protected}
        if self.numbers:
            marker["numbers"] = list(self.numbers)
        display(Image(data=self.png, format="png", metadata={"alt": self.alt, "caption": self.caption}),
                metadata={MARKER: marker})


Block = MarkdownBlock | TableBlock | FigureBlock


def table_block(
    frame: pd.DataFrame | ProtectedTable,
    caption: str,
    footnotes: Sequence[str] = (),
    cell_classes: Mapping[tuple[str, str], str] | None = None,
    index: str | None = None,
) -> TableBlock:
    """A formatted table (and its footnotes) as a block.

    Parameters
    ----------
    frame : DataFrame or ProtectedTable
        Formatted strings; or a table that passed the disclosure gate, shown with
        ``"."`` for suppressed cells and the CBS footnotes.
    caption : str
        Table caption (Dutch).
    footnotes : sequence of str
        Extra footnotes.
    cell_classes : mapping, optional
        ``(row label, column) -> class`` for colouring cells.
    index : str, optional
        For a ProtectedTable: the column to show as row labels.

    Raises
    ------
    DisclosureError
        When ``frame`` is person-level data that did not pass the gate.
    """
    protected = isinstance(frame, ProtectedTable)
    if protected:
        shown = protected_display(frame)
        if index is not None:
            shown = shown.set_index(index)
        footnotes = [*footnotes, FOOTNOTE] + ([ROUNDING_NOTE] if frame.settings.rounding_base > 1 else [])
    else:
        assert_publishable(frame, caption)
        shown = frame
    return TableBlock(table_html(shown, caption, cell_classes), protected, tuple(footnotes))


def figure_block(fig: Any, alt: str, data: ProtectedTable | Sequence[ProtectedTable] | None = None) -> FigureBlock:
    """A matplotlib figure as a PNG block with alt text; the figure is closed.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    alt : str
        Alt text (Dutch) describing what the figure shows; required.
    data : ProtectedTable or sequence of ProtectedTable, optional
        For a figure from person-level data: the protected table(s) it was drawn
        from, one per panel (marks the output as having passed the gate, and
        records the values they show: the gate allows text and alt text to quote
        only those).
    """
    if not alt.strip():
        raise ValueError("argument 'alt': every figure needs alt text")
    tables = [] if data is None else [data] if isinstance(data, ProtectedTable) else list(data)
    if data is not None and (not tables or not all(isinstance(t, ProtectedTable) for t in tables)):
        raise TypeError("argument 'data': a figure from person-level data must be drawn from ProtectedTables")
    buf = io.BytesIO()
    # PNG without the "Software" tag: equal figures give equal bytes (the manifest hashes them).
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    if fig.canvas.manager is not None:  # made with pyplot (a researcher's own chart): release it
        import matplotlib.pyplot as plt  # only then: our charts never import pyplot

        plt.close(fig)
    # the values the figure draws, as the gate shows them: text and alt text may quote these
    shown = [protected_display(table) for table in tables]
    numbers = sorted({n for frame in shown for column in frame.columns
                      for cell in frame[column].astype(str) for _, n, _ in numbers_in(cell)})
    return FigureBlock(buf.getvalue(), alt, data is not None, tuple(numbers), figure_title(fig))


def figure_title(fig: Any) -> str:
    """The title a figure draws (its suptitle, else the title of its only titled axes), on one line.

    The caption of the figure: the alt text says what the figure shows, the caption names it.
    Empty when the figure has no title, or several panels each with their own.
    """
    suptitle = getattr(fig, "_suptitle", None)
    # left or centre (the house style puts titles left; the right is the synthetic-data stamp)
    titles = [t for ax in fig.axes if (t := ax.get_title(loc="left") or ax.get_title(loc="center"))]
    text = suptitle.get_text() if suptitle is not None else titles[0] if len(titles) == 1 else ""
    return " ".join(text.split())


@dataclass
class ChapterOutput:
    """What a chapter shows, in order; a notebook displays it as its last expression."""

    blocks: list[Block] = field(default_factory=list)

    def markdown(self, text: str) -> None:
        """Add Dutch text (markdown)."""
        self.blocks.append(MarkdownBlock(text))

    def markdowns(self, texts: Iterable[str]) -> None:
        """Add several texts, each its own block."""
        for text in texts:
            self.markdown(text)

    def table(
        self,
        frame: pd.DataFrame | ProtectedTable,
        caption: str,
        footnotes: Sequence[str] = (),
        cell_classes: Mapping[tuple[str, str], str] | None = None,
        index: str | None = None,
    ) -> None:
        """Add a table (see :func:`table_block`)."""
        self.blocks.append(table_block(frame, caption, footnotes, cell_classes, index))

    def figure(self, fig: Any, alt: str, data: ProtectedTable | Sequence[ProtectedTable] | None = None) -> None:
        """Add a figure (see :func:`figure_block`)."""
        self.blocks.append(figure_block(fig, alt, data))

    def show(self) -> None:
        """Display every block, in order."""
        for block in self.blocks:
            block.show()

    def _ipython_display_(self) -> None:
        self.show()


def show_table(
    frame: pd.DataFrame | ProtectedTable,
    caption: str,
    footnotes: Sequence[str] = (),
    cell_classes: Mapping[tuple[str, str], str] | None = None,
    index: str | None = None,
) -> None:
    """Display a formatted table (and its footnotes) now (see :func:`table_block`)."""
    table_block(frame, caption, footnotes, cell_classes, index).show()


def show_markdown(text: str) -> None:
    """Display Dutch text (markdown) now."""
    MarkdownBlock(text).show()


def show_figure(fig: Any, alt: str, data: ProtectedTable | Sequence[ProtectedTable] | None = None) -> None:
    """Display a matplotlib figure now (see :func:`figure_block`)."""
    figure_block(fig, alt, data).show()
