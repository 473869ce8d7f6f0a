"""答复书 — the answer letter, from the agency's template for the result or the built-in wording,
with the legal basis and the applicant's right to reconsideration and litigation."""

from __future__ import annotations

from string import Template

from xxgk.applications.models import Application, LetterTemplate
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


def letter_docx(app: Application) -> bytes:
    doc = gbt9704.new_document()
    gbt9704.title(doc, LETTER_TITLE)
    lines = letter_text(app)
    gbt9704.paragraph(doc, lines[0], indent=False)  # the salutation stands at the left margin
    for line in lines[1:]:
        gbt9704.paragraph(doc, line)
    v = variables(app)
    gbt9704.paragraph(doc, "", indent=False)
    gbt9704.paragraph(doc, v["机关"], indent=False, align="right")
    gbt9704.paragraph(doc, v["答复日期"], indent=False, align="right")
    return gbt9704.to_bytes(doc)


def letter_html(app: Application) -> str:
    lines = letter_text(app)
    v = variables(app)
    paras = [f'<p class="salutation">{escape(lines[0])}</p>'] + [f"<p>{escape(x)}</p>" for x in lines[1:]]
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{LETTER_TITLE}</title><style>"
        "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }"
        'body { font-family: "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 28pt; }'
        'h1 { font-family: "Noto Serif CJK SC", serif; font-size: 22pt; text-align: center; }'
        "p { text-indent: 2em; margin: 0; } p.salutation { text-indent: 0; }"
        ".sign { text-align: right; margin-top: 28pt; }"
        f"</style></head><body><h1>{LETTER_TITLE}</h1>{''.join(paras)}"
        f'<p class="sign">{escape(v["机关"])}<br>{escape(v["答复日期"])}</p></body></html>'
    )


def letter_pdf(app: Application) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=letter_html(app)).write_pdf()
    return pdf
