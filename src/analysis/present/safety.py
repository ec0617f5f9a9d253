"""Output safety: the one sanitiser for text from files that reaches a report.

Researchers' texts (``params/tekst/<edition>/*.md``), edition titles, region and
group names and sources come from files that kenniswerkplaatsen supply. Markdown
lets such text carry raw HTML (``<script>``, ``<img onerror=...>``), links to
``javascript:`` or ``data:`` URLs, and raw blocks for one output format
(```` ```{=html} ````, ```` `#...`{=typst} ````, ``{=openxml}``) that would run or
inject in the HTML, PDF or DOCX. So:

- :func:`clean_markdown` (a researcher's markdown): pandoc reads it, raw HTML
  is dropped (a ``<script>`` or ``<img onerror>`` is removed, not converted), the
  rest is written as HTML and
  `nh3 <https://nh3.readthedocs.io>`_ (the Rust *ammonia* sanitiser) keeps only
  :data:`ALLOWED_TAGS` with :data:`ALLOWED_ATTRIBUTES` and URLs of
  :data:`URL_SCHEMES`, and pandoc writes it back as markdown **without** raw
  HTML or raw blocks. What a researcher needs (headings, emphasis, lists, links,
  tables, quotes, code, images next to the text) survives; nothing else does.
- :func:`plain_text` (a name, title or source inside generated markdown): nh3
  with no tags at all, then every markdown-special character escaped, so the
  value is shown as typed and can never become markup.

The HTML report also carries a strict Content-Security-Policy
(:data:`CONTENT_SECURITY_POLICY`): no script, no request to anywhere; images and
fonts only embedded. Tables are escaped where they are made
(:func:`analysis.present.display.table_html`).
"""

from __future__ import annotations

import html
import json
import re

import nh3

from analysis.inputs.texts import researcher_text

#: HTML elements that the markdown a researcher writes can produce, and nothing else.
ALLOWED_TAGS: frozenset[str] = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "sub", "sup", "del",
    "a", "ul", "ol", "li", "blockquote", "code", "pre", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
})
#: Attributes kept per element (no ``style``, no event handlers, no ``id`` or ``class``).
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "img": {"src", "alt", "title"},
                                           "ol": {"start"}, "th": {"align"}, "td": {"align"}}
#: URL schemes of links and images; relative paths (an image next to the text) are kept.
#: ``javascript:``, ``data:``, ``vbscript:`` and every other scheme are removed.
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

#: The Content-Security-Policy of every HTML report and index page: nothing runs, nothing
#: is fetched. The self-contained report embeds its CSS inline and its images and fonts as
#: ``data:`` URLs, which is all it needs.
CONTENT_SECURITY_POLICY: str = (
    "default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "img-src data:; font-src data:; style-src 'unsafe-inline'"
)
#: The policy as the first element of a document's ``<head>``.
CSP_META: str = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'

#: Pandoc's markdown as researchers write it, and as we write it back: without raw HTML,
#: raw blocks or attributes, so the sanitised text stays what nh3 left.
_READ = "markdown-raw_tex-raw_attribute"
_WRITE = "markdown-raw_html-raw_attribute-raw_tex-native_divs-native_spans-fenced_divs-bracketed_spans" \
         "-link_attributes-header_attributes-inline_code_attributes-fenced_code_attributes"
#: Characters with a meaning in pandoc markdown (escaped in plain text).
_BRACE_AFTER_CODE = re.compile(r"(`)\{")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~^$@&:;\"'=])")


def sanitise_html(fragment: str) -> str:
    """An HTML fragment reduced to the allow-list (tags, attributes, URL schemes).

    Examples
    --------
    >>> sanitise_html('<p onclick="x()">a<script>b</script><a href="javascript:c()">d</a></p>')
    '<p>a<a rel="noopener noreferrer">d</a></p>'
    """
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
    )


def clean_markdown(text: str) -> str:
    """A researcher's markdown with everything but the allow-listed markdown removed.

    Parameters
    ----------
    text : str
        Markdown as written in ``params/tekst/<edition>/<chapter>.md``.

    Returns
    -------
    str
        Pandoc markdown without raw HTML, raw blocks for any format, attributes,
        or links and images other than ``http(s)``, ``mailto`` and relative ones.
    """
    if not text.strip():
        return ""
    import pypandoc  # only for a researcher's text: a build without one starts no pandoc

    doc = json.loads(pypandoc.convert_text(text, "json", format=_READ))
    doc["blocks"] = _without_raw(doc["blocks"])  # no raw HTML at all: a tag is removed, not converted
    as_html = pypandoc.convert_text(json.dumps(doc), "html", format="json", extra_args=["--wrap=none"])
    safe = sanitise_html(as_html)
    written = pypandoc.convert_text(safe, _WRITE, format="html", extra_args=["--wrap=none"]).strip()
    # Pandoc's writer leaves "`code`{=typst}" as it is, which the renderer's reader takes for a
    # raw block again; a brace right after a backtick is escaped.
    written = _BRACE_AFTER_CODE.sub(r"\1\\{", written)
    if _unsafe_nodes(written):  # the last guard: read back exactly as the renderer reads it
        return plain_text(text)
    return written


def _without_raw(node: object) -> object:
    """The pandoc AST without its raw HTML (``RawBlock``/``RawInline`` nodes)."""
    if isinstance(node, list):
        return [_without_raw(n) for n in node
                if not (isinstance(n, dict) and n.get("t") in ("RawBlock", "RawInline"))]
    if isinstance(node, dict):
        return {k: _without_raw(v) for k, v in node.items()}
    return node


def _unsafe_nodes(markdown: str) -> list[str]:
    """Raw blocks, raw inlines and links or images to other schemes in ``markdown`` as the renderer reads it."""
    import pypandoc

    doc = json.loads(pypandoc.convert_text(markdown, "json", format="markdown"))
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            kind = node.get("t")
            if kind in ("RawBlock", "RawInline"):
                found.append(kind)
            elif kind in ("Link", "Image"):
                target = str(node["c"][2][0])
                scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", target)
                if scheme and scheme.group(1).lower() not in URL_SCHEMES:
                    found.append(f"{kind} {scheme.group(1)}:")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc["blocks"])
    return found


def plain_text(value: object) -> str:
    """A name, title or source from a file as plain text inside markdown: no tag, no markup.

    HTML tags are removed by nh3 (with the content of ``script`` and ``style``),
    whitespace is folded, and every markdown-special character is escaped, so the
    value is shown as it was typed.

    Examples
    --------
    >>> plain_text("Noord <script>alert(1)</script>[x](javascript:y)")
    'Noord \\\\[x\\\\]\\\\(javascript\\\\:y\\\\)'
    """
    stripped = html.unescape(nh3.clean(str(value), tags=set(), strip_comments=True))
    return _MD_SPECIAL.sub(r"\\\1", " ".join(stripped.split()))


def own_text(edition: str, chapter: str) -> str | None:
    """The researchers' own text of a chapter (:func:`analysis.inputs.texts.researcher_text`), sanitised."""
    text = researcher_text(edition, chapter)
    return clean_markdown(text) if text is not None else None
