"""How notebooks show results, in the one shape both renderers understand.

- text: ``text/markdown`` outputs (:func:`show_markdown`);
- tables: an HTML ``<table>`` with a ``<caption>`` and optional cell classes
  (``gunstig`` / ``ongunstig`` / ``neutraal``) plus footnotes as markdown
  (:func:`show_table`);
- figures: ``image/png`` with the alt text in the output metadata
  (:func:`show_figure`).
"""

from __future__ import annotations

import html
import io
from collections.abc import Mapping, Sequence

import pandas as pd
from IPython.display import HTML, Image, Markdown, display


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


def show_table(
    frame: pd.DataFrame,
    caption: str,
    footnotes: Sequence[str] = (),
    cell_classes: Mapping[tuple[str, str], str] | None = None,
) -> None:
    """Display a formatted table (and its footnotes) in a notebook."""
    display(HTML(table_html(frame, caption, cell_classes)))
    if footnotes:
        display(Markdown("\n\n".join(f"*{note}*" for note in footnotes)))


def show_markdown(text: str) -> None:
    """Display Dutch text (markdown) in a notebook."""
    display(Markdown(text))


def show_figure(fig, alt: str) -> None:
    """Display a matplotlib figure as PNG with alt text, then close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    alt : str
        Alt text (Dutch) describing what the figure shows; required.
    """
    if not alt.strip():
        raise ValueError("argument 'alt': every figure needs alt text")
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    display(Image(data=buf.getvalue(), format="png", metadata={"alt": alt}))
