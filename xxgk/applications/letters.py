"""答复书 — the answer letter, from the agency's template for the result or the built-in wording,
with the legal basis and the applicant's right to reconsideration and litigation."""

from __future__ import annotations

from dataclasses import dataclass
from string import Template

from xxgk.applications.models import Application, Consultation, ConsultationKind, LetterTemplate
from xxgk.reports.write import gbt9704
from xxgk.rules.applications import LEGAL_BASIS, result_label
from xxgk.rules.text import chinese_date
from xxgk.textsafe import html_text as escape


class LetterTemplateText(Template):
    """${申请人}-style placeholders: string.Template accepts only ASCII names by default."""

    idpattern = r"[^\W\d_]\w*"


LETTER_TITLE = "政府信息公开申请答复书"
DEFAULT_BODY = """${申请人}:
本机关于${收到日期}收到您提出的政府信息公开申请(编号:${编号}),您申请获取:${申请内容}。
经审查,现答复如下:${结论}${答复内容}
${依据说明}
如对本答复不服,可以自收到本答复之日起六十日内向${复议机关}申请行政复议,也可以自收到本答复之日起六个月内向${法院}提起行政诉讼。"""


def variables(app: Application) -> dict[str, str]:
    basis = LEGAL_BASIS.get(app.result)
    answered = app.answered
    return {
        "申请人": app.applicant_name,
        "编号": app.number,
        "收到日期": chinese_date(app.received) if app.received else "",
        "申请内容": app.sought.strip().rstrip("。") or "(未填写)",
        "结论": basis.summary if basis else "",
        "答复内容": app.answer_text.strip(),
        "法律依据": basis.articles if basis and basis.articles else "有关",
        # Where the Regulation has no article for the result, the letter cites none.
        "依据说明": (
            f"根据《中华人民共和国政府信息公开条例》{basis.articles}的规定,特此告知。"
            if basis and basis.articles
            else "特此告知。"
        ),
        "机关": app.agency.name,
        "答复日期": chinese_date(answered) if answered else "    年  月  日",
        "复议机关": app.agency.review_body or "本机关的上一级行政机关或本级人民政府",
        "法院": app.agency.court or "有管辖权的人民法院",
        "办理结果": result_label(app.result) if app.result else "",
    }


def letter_text(app: Application) -> list[str]:
    """The letter's paragraphs; the agency's template for this result wins over the built-in one."""
    custom = LetterTemplate.objects.filter(agency=app.agency, result=app.result).first()
    body = LetterTemplateText(custom.body if custom else DEFAULT_BODY).safe_substitute(variables(app))
    return [line.strip() for line in body.splitlines() if line.strip()]


@dataclass(frozen=True)
class Letter:
    """A letter to the applicant as GB/T 9704 sets it: title, salutation, paragraphs, sender, date."""

    title: str
    lines: list[str]  # the salutation first
    sender: str
    dated: str


def answer(app: Application) -> Letter:
    v = variables(app)
    return Letter(LETTER_TITLE, letter_text(app), v["机关"], v["答复日期"])


CORRECTION_TITLE = "政府信息公开申请补正告知书"


def correction(app: Application) -> Letter:
    """补正告知书 (Art. 30): what to correct, by when, and what follows if it is not corrected."""
    received = chinese_date(app.received) if app.received else ""
    due = chinese_date(app.correction_due) if app.correction_due else "(请填写补正期限)"
    lines = [
        f"{app.applicant_name}:",
        f"本机关于{received}收到您提出的政府信息公开申请(编号:{app.number})。经审查,您的申请内容不明确,"
        "根据《中华人民共和国政府信息公开条例》第三十条的规定,请您对以下事项作出补正:",
        app.correction_items.strip() or "(需要补正的事项)",
        f"请于{due}前将补正后的申请提交本机关。答复期限自本机关收到补正的申请之日起计算。"
        "无正当理由逾期不补正的,视为放弃申请,本机关不再处理该政府信息公开申请。",
    ]
    dated = chinese_date(app.correction_notice_date) if app.correction_notice_date else "    年  月  日"
    return Letter(CORRECTION_TITLE, lines, app.agency.name, dated)


CONSULTATION_TITLE = "政府信息公开征求意见函"


def consultation(app: Application, c: Consultation) -> Letter:
    """征求意见函 to a third party (Art. 32) or to the agency that made the information (Art. 34)."""
    received = chinese_date(app.received) if app.received else ""
    if c.kind == ConsultationKind.AGENCY:
        why = (
            "该信息由贵机关制作或者与本机关共同制作,"
            "根据《中华人民共和国政府信息公开条例》第三十四条的规定,现征求贵机关意见。"
        )
        silence = "逾期未提出意见的,视为同意公开。"
    else:
        why = (
            "公开该信息可能损害您(贵单位)的合法权益,"
            "根据《中华人民共和国政府信息公开条例》第三十二条的规定,现征求您(贵单位)的意见。"
        )
        silence = "逾期未提出意见的,由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。"
    lines = [
        f"{c.party}:",
        f"本机关于{received}收到政府信息公开申请(编号:{app.number}),申请公开:{app.sought.strip().rstrip('。')}。{why}",
        f"请自收到本函之日起15个工作日内书面提出是否同意公开的意见及理由。{silence}",
    ]
    return Letter(CONSULTATION_TITLE, lines, app.agency.name, chinese_date(c.sent))


def docx(letter: Letter) -> bytes:
    doc = gbt9704.new_document()
    gbt9704.title(doc, letter.title)
    gbt9704.paragraph(doc, letter.lines[0], indent=False)  # the salutation stands at the left margin
    for line in letter.lines[1:]:
        gbt9704.paragraph(doc, line)
    gbt9704.paragraph(doc, "", indent=False)
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
        ".sign { text-align: right; margin-top: 28pt; }"
        f"</style></head><body><h1>{escape(letter.title)}</h1>{''.join(paras)}"
        f'<p class="sign">{escape(letter.sender)}<br>{escape(letter.dated)}</p></body></html>'
    )


def pdf(letter: Letter) -> bytes:
    from weasyprint import HTML

    data: bytes = HTML(string=html(letter)).write_pdf()
    return data


def letter_docx(app: Application) -> bytes:
    return docx(answer(app))


def letter_html(app: Application) -> str:
    return html(answer(app))


def letter_pdf(app: Application) -> bytes:
    return pdf(answer(app))
