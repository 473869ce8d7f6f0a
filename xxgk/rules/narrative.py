"""Narrative sections of the annual report (一、五、六) as templates with fields such as {新收申请}.

A field is filled from the same tables and records the report's tables come from, so the text and the
tables cannot disagree: the clerk writes prose around the fields instead of copying numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from xxgk.rules.formats import ReportVersion
from xxgk.rules.report import AnnualReport, Cell, Table

FIELD_RE = re.compile(r"\{([^{}\s]{1,20})\}")


@dataclass(frozen=True)
class Field:
    name: str
    description: str


# Fields computed from the report's own tables (table_fields) ...
TABLE_FIELDS: tuple[Field, ...] = (
    Field("年度", "报告年度,如2025"),
    Field("下一年度", "报告年度的下一年"),
    Field("规范性文件制发", "本年制发(新制作)的规范性文件件数"),
    Field("规范性文件现行有效", "现行有效(对外公开)的规范性文件件数"),
    Field("新收申请", "本年新收政府信息公开申请件数"),
    Field("上年结转", "上年结转的申请件数"),
    Field("办结", "本年度办理结果总计件数"),
    Field("予以公开", "予以公开件数"),
    Field("部分公开", "部分公开件数"),
    Field("不予公开", "不予公开件数(各项理由合计)"),
    Field("无法提供", "无法提供件数(各项理由合计)"),
    Field("不予处理", "不予处理件数(各项理由合计)"),
    Field("其他处理", "其他处理件数"),
    Field("结转下年", "结转下年度继续办理的件数"),
    Field("行政复议", "行政复议总计件数"),
    Field("行政诉讼", "行政诉讼总计件数(直接起诉和复议后起诉)"),
    Field("复议诉讼纠正", "复议和诉讼中结果被纠正的件数"),
)
# ... and fields the records give (the service computes them).
RECORD_FIELDS: tuple[Field, ...] = (
    Field("机关", "本机关的简称,如“我委”"),
    Field("主动公开情况", "“共公开政府信息N条,其中……”,按体裁分类列出每一类"),
    Field("主动公开总数", "本年主动公开的政府信息条数"),
    Field("按期答复", "本年答复的申请中在法定期限内答复的件数"),
    Field("逾期答复", "本年答复的申请中超过法定期限答复的件数"),
    Field("收费情况", "信息处理费的通知和收取情况"),
    Field("政策解读情况", "“发布政策解读N篇,其中图解……;主要负责人解读……”,按解读形式和解读人列出"),
)
FIELDS: tuple[Field, ...] = TABLE_FIELDS + RECORD_FIELDS
FIELD_NAMES = frozenset(f.name for f in FIELDS)


class NarrativeError(ValueError):
    """A template names fields that do not exist; `problems` says which and where."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(";".join(problems))
        self.problems = problems


def _n(cell: Cell) -> str:
    return "—" if cell is None else str(cell)


def _sum(cells: list[Cell]) -> str:
    if any(c is None for c in cells):
        return "—"
    return str(sum(c for c in cells if c is not None))


# The result rows of section 三 as a reader names them: the narrative's fields and the dashboard.
RESULT_GROUPS: tuple[tuple[str, str], ...] = (
    ("予以公开", "granted"),
    ("部分公开", "partial"),
    ("不予公开", "withheld_"),
    ("无法提供", "unable_"),
    ("不予处理", "rejected_"),
    ("其他处理", "other"),  # 2019: one row; 2021: other_no_correction, other_no_fee, other_misc
)


def result_groups(applications: Table) -> list[tuple[str, Cell]]:
    """(name, total) per group of result rows; None when a row of the group is unknown."""
    out: list[tuple[str, Cell]] = []
    for name, prefix in RESULT_GROUPS:
        cells = [cells["total"] for row, cells in applications.items() if row.startswith(prefix)]
        out.append((name, None if any(c is None for c in cells) else sum(c for c in cells if c is not None)))
    return out


def table_fields(report: AnnualReport) -> dict[str, str]:
    """The fields that follow from the report's tables (version-aware)."""
    apps = report.applications
    total = "total"
    results = dict(result_groups(apps))

    docs = report.proactive.get("normative_docs", {})
    v2019 = report.version is ReportVersion.V2019
    appeals = report.appeals
    groups = ("review", "suit_direct", "suit_after_review")
    year = report.year
    return {
        "年度": str(year) if year else "—",
        "下一年度": str(year + 1) if year else "—",
        "规范性文件制发": _n(docs.get("made" if v2019 else "issued")),
        "规范性文件现行有效": _n(docs.get("total_public" if v2019 else "in_force")),
        "新收申请": _n(apps["new"][total]),
        "上年结转": _n(apps["carried_in"][total]),
        "办结": _n(apps["handled_total"][total]),
        "予以公开": _n(apps["granted"][total]),
        "部分公开": _n(apps["partial"][total]),
        "不予公开": _n(results["不予公开"]),
        "无法提供": _n(results["无法提供"]),
        "不予处理": _n(results["不予处理"]),
        "其他处理": _n(results["其他处理"]),
        "结转下年": _n(apps["carried_out"][total]),
        "行政复议": _n(appeals["review"]["total"]),
        "行政诉讼": _sum([appeals["suit_direct"]["total"], appeals["suit_after_review"]["total"]]),
        "复议诉讼纠正": _sum([appeals[g]["corrected"] for g in groups]),
    }


def check_fields(template: str) -> list[str]:
    """Problems with the fields a template names (unknown names), each with its line."""
    problems = []
    for lineno, line in enumerate(template.splitlines(), start=1):
        for m in FIELD_RE.finditer(line):
            if m.group(1) not in FIELD_NAMES:
                problems.append(f"第{lineno}行的“{{{m.group(1)}}}”不是可用的数据项")
    return problems


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with every field replaced by its value."""
    problems = check_fields(template)
    if problems:
        raise NarrativeError(problems)
    return FIELD_RE.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def proactive_sentence(total: int, by_genre: list[tuple[str, int]]) -> str:
    """共公开政府信息81条,其中财务公开4条、…: every genre listed, so the parts add up (text.totals)."""
    if total == 0:
        return "未主动公开政府信息"
    parts = "、".join(f"{name}{n}条" for name, n in by_genre)
    return f"共公开政府信息{total}条,其中{parts}"


_OVERVIEW = (
    "{年度}年,{机关}认真贯彻落实《中华人民共和国政府信息公开条例》,扎实推进政府信息公开工作。\n"
    "(一)主动公开\n"
    "{年度}年,{机关}{主动公开情况}。制发规范性文件{规范性文件制发}件,现行有效{规范性文件现行有效}件。"
    "{政策解读情况}。\n"
    "(二)依申请公开\n"
    "{年度}年,{机关}新收政府信息公开申请{新收申请}件,上年结转{上年结转}件;"
    "办结{办结}件,其中予以公开{予以公开}件、部分公开{部分公开}件、不予公开{不予公开}件、"
    "无法提供{无法提供}件、不予处理{不予处理}件、其他处理{其他处理}件;"
    "结转下年度继续办理{结转下年}件。在法定期限内答复{按期答复}件,超过期限答复{逾期答复}件。"
    "因政府信息公开引起行政复议{行政复议}件、行政诉讼{行政诉讼}件。\n"
)
_OVERVIEW_2021 = (
    "(三)政府信息管理\n(请填写政府信息管理、公开目录和指南更新等情况。)\n"
    "(四)平台建设\n(请填写政府网站信息公开专栏等平台建设情况。)\n"
    "(五)监督保障\n(请填写考核、社会评议、责任追究和培训等情况。)"
)
_PROBLEMS = "(一){年度}年存在的主要问题\n(请填写。)\n(二)改进措施\n{下一年度}年,{机关}将……(请填写。)"
_PROBLEMS_2021 = (
    "(一)上年度问题整改情况\n(请填写。)\n(二){年度}年存在的主要问题\n(请填写。)\n"
    "(三)改进措施\n{下一年度}年,{机关}将……(请填写。)"
)


def default_templates(version: ReportVersion | str) -> dict[str, str]:
    """What a new report's sections 一、五、六 start from (国办公开办函〔2019〕60号 / 〔2021〕30号)."""
    if ReportVersion(version) is ReportVersion.V2019:
        return {"一": _OVERVIEW.rstrip("\n"), "五": _PROBLEMS, "六": "无。"}
    return {
        "一": _OVERVIEW + _OVERVIEW_2021,
        "五": _PROBLEMS_2021,
        "六": "{收费情况}。无其他需要报告的事项。",
    }
