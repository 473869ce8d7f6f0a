"""HTML as saved from a government site: data tables (rowspan/colspan, <br> inside cells, nested
header rows) inside whatever layout tables and page chrome surround the article."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

from xxgk.reports.read.text import decode
from xxgk.reports.tokens import Token, cell, para

_BLOCKS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "table", "blockquote", "pre", "center", "body", "form", "header", "footer", "dl", "dt", "dd", "tr",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "head", "iframe", "svg", "button", "select", "option"}


def tokenize_html(data: bytes) -> list[Token]:
    soup = BeautifulSoup(decode(data), "lxml")
    tokens: list[Token] = []
    title = soup.find("title")
    body = soup.body or soup
    _walk(body, tokens, [0, 0], _page_title(soup, title))
    return tokens


def _page_title(soup: BeautifulSoup, title: Tag | NavigableString | None) -> str:
    """The article's title as the page states it: government sites put it in
    <meta name="ArticleTitle"> (the CMS's field), the <title> often adds the site's name."""
    meta = soup.find("meta", attrs={"name": lambda v: bool(v) and v.lower() == "articletitle"})
    if isinstance(meta, Tag) and str(meta.get("content") or "").strip():
        return str(meta.get("content")).strip()
    return title.get_text(strip=True) if isinstance(title, Tag) else ""


def _cell_text(td: Tag) -> str:
    # Cells split by <br> keep their parts together: 本年新<br>制作数量 → 本年新制作数量.
    return "".join(s for s in td.strings if s.parent is None or s.parent.name not in _SKIP)


def _is_data_table(table: Tag) -> bool:
    """A table holding cells, not a page layout: no table nested inside it, and some row with two
    cells or more (a one-column table frames text, as pages exported from Word often do)."""
    if table.find("table") is not None:
        return False
    return any(len(tr.find_all(["td", "th"], recursive=False)) > 1 for tr in _rows(table))


def _rows(table: Tag) -> list[Tag]:
    # Rows of this table only (thead/tbody/tfoot included), not of tables nested deeper.
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _walk(node: Tag, tokens: list[Token], counter: list[int], page_title: str) -> None:
    buffer: list[str] = []

    def flush() -> None:
        text = "".join(buffer).strip()
        buffer.clear()
        if text:
            tokens.append(para(text, f"段落{len(tokens) + 1}"))

    if node.name == "body" and page_title:
        tokens.append(para(page_title, "网页标题"))
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment, CDATA or doctype
                buffer.append(str(child))
            continue
        if not isinstance(child, Tag) or child.name in _SKIP:
            continue
        if child.name == "br":
            flush()
        elif child.name == "table" and _is_data_table(child):
            flush()
            counter[0] += 1
            for r, tr in enumerate(_rows(child), start=1):
                counter[1] += 1
                for c, td in enumerate(tr.find_all(["td", "th"], recursive=False), start=1):
                    tokens.append(cell(_cell_text(td), f"表{counter[0]}第{r}行第{c}格", counter[1]))
        elif child.name in _BLOCKS or child.find(list(_BLOCKS)) is not None:
            flush()
            if child.name == "table":  # a layout table: read its cells as containers
                for tr in _rows(child):
                    for td in tr.find_all(["td", "th"], recursive=False):
                        _walk(td, tokens, counter, "")
            else:
                _walk(child, tokens, counter, "")
        else:
            buffer.append(child.get_text())
    flush()
