"""Flattened text, the shape a published page's text takes when saved (and the seed's shape)."""

from __future__ import annotations

from xxgk.reports.layout import grids, title_of
from xxgk.rules.formats import SECTIONS
from xxgk.rules.report import AnnualReport


def render_text(report: AnnualReport) -> str:
    lines = [title_of(report)]
    if report.preamble:
        lines += report.preamble.split("\n")
    tables = grids(report)
    for key, title in SECTIONS:
        lines.append(f"{key}、{title}")
        section = report.section(key)
        if section and section.text:
            lines += section.text.split("\n")
        if key in tables:
            cells = [c.text for row in tables[key].rows for c in row]
            lines += [f"{text} |" if text else "|" for text in cells[:-1]]
            lines.append(cells[-1])
    return "\n".join(lines) + "\n"
