"""A letter as GB/T 9704-2012 sets it — title, 文号, salutation, paragraphs, the seal's place, sender
and date — written as DOCX (for the agency to edit and seal) or PDF (as sent). The letters to an
applicant and the 公开办's 整改通知 are written by the same code."""

from __future__ import annotations

from dataclasses import dataclass

from xxgk.reports.write import gbt9704
from xxgk.textsafe import html_text as escape


@dataclass(frozen=True)
class Letter:
    """A letter as GB/T 9704 sets it: title, salutation, paragraphs, sender, date."""

    title: str
    lines: list[str]  # the salutation first
    sender: str
    dated: str
    number: str = ""  # 文号, set by the document table (doc_number)


SEAL_PLACE = "(印章)"


def docx(letter: Letter) -> bytes:
    doc = gbt9704.new_document()
    gbt9704.title(doc, letter.title)
    if letter.number:  # 发文字号 under the title, centred (GB/T 9704)
        gbt9704.paragraph(doc, letter.number, indent=False, align="center")
    gbt9704.paragraph(doc, letter.lines[0], indent=False)  # the salutation stands at the left margin
    for line in letter.lines[1:]:
        gbt9704.paragraph(doc, line)
    gbt9704.paragraph(doc, "", indent=False)
    # The seal covers the sender's name and date; its place is left marked for the stamp.
    gbt9704.paragraph(doc, SEAL_PLACE, indent=False, align="right")
    gbt9704.paragraph(doc, letter.sender, indent=False, align="right")
    gbt9704.paragraph(doc, letter.dated, indent=False, align="right")
    return gbt9704.to_bytes(doc)


def html(letter: Letter) -> str:
    lines = letter.lines
    paras = [f'<p class="salutation">{escape(lines[0])}</p>'] + [f"<p>{escape(x)}</p>" for x in lines[1:]]
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(letter.title)}</title><style>"
        "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }"
        'body { font-family: "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 28pt; }'
        'h1 { font-family: "Noto Serif CJK SC", serif; font-size: 22pt; text-align: center; }'
        "p { text-indent: 2em; margin: 0; } p.salutation { text-indent: 0; }"
        ".sign { text-align: right; margin-top: 28pt; } .number { text-align: center; text-indent: 0; }"
        ".seal { color: #999; }"
        f"</style></head><body><h1>{escape(letter.title)}</h1>"
        + (f'<p class="number">{escape(letter.number)}</p>' if letter.number else "")
        + "".join(paras)
        + f'<p class="sign"><span class="seal">{SEAL_PLACE}</span><br>{escape(letter.sender)}<br>'
        f"{escape(letter.dated)}</p></body></html>"
    )


def pdf(letter: Letter) -> bytes:
    from weasyprint import HTML

    data: bytes = HTML(string=html(letter)).write_pdf()
    return data


def render(letter: Letter, kind: str) -> bytes:
    return pdf(letter) if kind == "pdf" else docx(letter)
