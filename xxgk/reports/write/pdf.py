"""PDF through WeasyPrint, with the CJK fonts embedded (Debian's fonts-noto-cjk)."""

from __future__ import annotations

from xxgk.reports.write.html import render_html
from xxgk.rules.report import AnnualReport

PAGE_CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center { content: "— " counter(page) " —"; } }
body, h1, h2 { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; }
h2 { font-family: "Noto Sans CJK SC", sans-serif; }
table.xxgk-report { font-size: 8pt; page-break-inside: auto; }
table.xxgk-report tr { page-break-inside: avoid; }
table.xxgk-report caption { display: none; }  /* the section heading above says it on paper */
"""


def render_pdf(report: AnnualReport) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=render_html(report, PAGE_CSS)).write_pdf()
    return pdf
