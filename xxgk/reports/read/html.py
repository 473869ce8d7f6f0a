"""HTML as saved from a government site: data tables (rowspan/colspan, <br> inside cells, nested
header rows) inside whatever layout tables, navigation, scripts and Word-exported (MSO) markup
surround the article.

Parsed with lxml's HTML parser (libxml2, in C) and walked directly: building a BeautifulSoup tree
cost three quarters of the time of reading a real report page.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from xxgk.reports.read.text import decode
from xxgk.reports.tokens import Token, cell, para

_BLOCKS = (
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "table", "blockquote", "pre", "center", "body", "form", "header", "footer", "dl", "dt", "dd", "tr",
)  # fmt: skip
_BLOCK_SET = frozenset(_BLOCKS)
_SKIP = ("script", "style", "noscript", "template", "iframe", "svg", "button", "select", "option", "object")
_HAS_BLOCK = etree.XPath("boolean(" + " | ".join(f".//{t}" for t in _BLOCKS) + ")")
_ROWS = etree.XPath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
_CELLS = etree.XPath("./td | ./th")


def tokenize_html(data: bytes) -> list[Token]:
    text = decode(data)
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):  # an empty or wholly broken document: no report in it
        return []
    title = _page_title(root)
    # Word's conditional comments are gone with the comments; scripts, styles and forms' widgets
    # hold no report text (their tails, the text after them, stay).
    etree.strip_elements(root, *_SKIP, with_tail=False)
    body = root.find("body")
    tokens: list[Token] = []
    _walk(body if body is not None else root, tokens, [0, 0], title)
    return tokens


def _page_title(root: etree._Element) -> str:
    """The article's title as the page states it: government sites put it in
    <meta name="ArticleTitle"> (the CMS's field); the <title> often adds the site's name."""
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and (meta.get("content") or "").strip():
            return str(meta.get("content")).strip()
    title = root.find(".//title")
    return (title.text_content() if title is not None else "").strip()


def _tag(node: etree._Element) -> str:
    tag = node.tag
    return tag.lower() if isinstance(tag, str) else ""


def _rows(table: etree._Element) -> list[etree._Element]:
    return list(_ROWS(table))


def _is_data_table(table: etree._Element) -> bool:
    """A table holding cells, not a page layout: no table nested inside it, and some row with two
    cells or more (a one-column table frames text, as pages exported from Word often do)."""
    if table.find(".//table") is not None:
        return False
    return any(len(_CELLS(tr)) > 1 for tr in _rows(table))


def _walk(node: etree._Element, tokens: list[Token], counter: list[int], page_title: str) -> None:
    buffer: list[str] = []

    def flush() -> None:
        text = "".join(buffer).strip()
        buffer.clear()
        if text:
            tokens.append(para(text, f"段落{len(tokens) + 1}"))

    if _tag(node) == "body" and page_title:
        tokens.append(para(page_title, "网页标题"))
    if node.text:
        buffer.append(node.text)
    for child in node:
        tag = _tag(child)
        if not tag:  # an entity or other node the parser kept: only its tail is text
            pass
        elif tag == "br":
            flush()
        elif tag == "table" and _is_data_table(child):
            flush()
            counter[0] += 1
            for r, tr in enumerate(_rows(child), start=1):
                counter[1] += 1
                for c, td in enumerate(_CELLS(tr), start=1):
                    # Cells split by <br> keep their parts together: 本年新<br>制作数量 → 本年新制作数量.
                    tokens.append(cell(td.text_content(), f"表{counter[0]}第{r}行第{c}格", counter[1]))
        elif tag in _BLOCK_SET or _HAS_BLOCK(child):
            flush()
            if tag == "table":  # a layout table: read its cells as containers
                for tr in _rows(child):
                    for td in _CELLS(tr):
                        _walk(td, tokens, counter, "")
            else:
                _walk(child, tokens, counter, "")
        else:
            buffer.append(child.text_content())
        if child.tail:
            buffer.append(child.tail)
    flush()
