"""HTML with real, accessible tables in the official layout (portal export and reader test input)."""

from __future__ import annotations

from xxgk.reports.layout import Grid, grids, title_of
from xxgk.rules.formats import SECTIONS
from xxgk.rules.report import AnnualReport
from xxgk.textsafe import html_text as escape

STYLE = """
body { font-family: "FangSong", "仿宋_GB2312", "Noto Serif CJK SC", serif; line-height: 1.8; }
h1 { font-family: "方正小标宋简体", "Noto Serif CJK SC", serif; text-align: center; font-size: 1.6em; }
h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 1.15em; }
p { text-indent: 2em; margin: .3em 0; }
table.xxgk-report { border-collapse: collapse; width: 100%; margin: .8em 0; font-size: .85em; }
table.xxgk-report th, table.xxgk-report td { border: 1px solid #000; padding: .2em .3em; text-align: center; }
table.xxgk-report th { font-weight: normal; }
table.xxgk-report caption { caption-side: top; font-weight: bold; text-align: left; }
"""


def _mark(ref: str, marks: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The severity and message for a cell: its own finding, else its row's or its column's."""
    if not ref:
        return None
    section, row, col = ref.split("/")
    for key in (ref, f"{section}/{row}", f"{section}/{col}"):
        if key in marks:
            return marks[key]
    return None


def render_table(grid: Grid, marks: dict[str, tuple[str, str]] | None = None) -> str:
    """`marks`: location code → (severity, message), shown on the cells they concern."""
    out = [
        f'<table class="xxgk-report" data-section="{grid.section}">',
        f"<caption>{escape(grid.caption)}</caption>",
    ]
    for row in grid.rows:
        cells = []
        # Header cells in a row that also holds values label that row; the others label columns.
        scope = "row" if any(not c.header for c in row) else "col"
        for c in row:
            tag = "th" if c.header else "td"
            attrs = ""
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            if c.header and c.text:
                attrs += f' scope="{scope}"'
            mark = _mark(c.ref, marks or {})
            if mark:
                attrs += f' class="finding-{mark[0]}" title="{escape(mark[1])}" data-where="{escape(c.ref)}"'
            cells.append(f"<{tag}{attrs}>{escape(c.text)}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def render_body(report: AnnualReport) -> str:
    parts = [f"<h1>{escape(title_of(report))}</h1>"]
    parts += [f"<p>{escape(line)}</p>" for line in report.preamble.split("\n") if line]
    tables = grids(report)
    for key, title in SECTIONS:
        parts.append(f"<h2>{key}、{escape(title)}</h2>")
        section = report.section(key)
        if section and section.text:
            parts += [f"<p>{escape(line)}</p>" for line in section.text.split("\n") if line]
        if key in tables:
            parts.append(render_table(tables[key]))
    return "\n".join(parts)


def render_html(report: AnnualReport, extra_css: str = "") -> str:
    return (
        '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title_of(report))}</title>\n<style>{STYLE}{extra_css}</style>\n</head>\n"
        f"<body>\n{render_body(report)}\n</body>\n</html>\n"
    )
