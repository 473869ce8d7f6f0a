"""The two national formats of the annual report (政府信息公开工作年度报告) as data.

Codes are stable API (JSON, database, CLI): never rename one. Labels follow the official tables,
with their full-width punctuation (（一）予以公开, 本年收费金额（单位：万元）): exports print them as
the format does, and readers compare labels with punctuation and width folded away (label_key).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ReportVersion(StrEnum):
    V2019 = "2019"  # 国办公开办函〔2019〕60号, reports on 2019 and 2020
    V2021 = "2021"  # 国办公开办函〔2021〕30号, reports on 2021 and later

    @property
    def notice(self) -> str:
        return {"2019": "国办公开办函〔2019〕60号", "2021": "国办公开办函〔2021〕30号"}[self.value]


def version_for_year(year: int) -> ReportVersion:
    """The format required for a report on `year` (the 2019 regulation applies from 2019 on)."""
    if year < 2019:
        raise ValueError(f"{year}年的年报不适用2019年修订的条例格式(仅支持2019年及以后)")
    return ReportVersion.V2019 if year <= 2020 else ReportVersion.V2021


SECTIONS: tuple[tuple[str, str], ...] = (
    ("一", "总体情况"),
    ("二", "主动公开政府信息情况"),
    ("三", "收到和处理政府信息公开申请情况"),
    ("四", "政府信息公开行政复议、行政诉讼情况"),
    ("五", "存在的主要问题及改进情况"),
    ("六", "其他需要报告的事项"),
)
SECTION_KEYS: tuple[str, ...] = tuple(k for k, _ in SECTIONS)


class ValueKind(StrEnum):
    COUNT = "count"  # integer >= 0
    DELTA = "delta"  # integer, may be negative (2019 本年增/减)
    AMOUNT = "amount"  # decimal >= 0


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    kind: ValueKind = ValueKind.COUNT

    @property
    def unit(self) -> str | None:
        """The unit the format's own label states for an amount (本年收费金额（单位：万元）), if any."""
        for unit in ("万元", "亿元", "元"):
            if unit in self.label:
                return unit
        return None


@dataclass(frozen=True)
class ProactiveItem:
    """One row of section 二 (an Article 20 item)."""

    code: str
    clause: str  # 条款, e.g. 第二十条第(一)项
    label: str
    columns: tuple[Column, ...]

    def column(self, code: str) -> Column:
        for col in self.columns:
            if col.code == code:
                return col
        raise KeyError(code)


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    group: str = ""  # the heading the row stands under, e.g. (三)不予公开
    is_result: bool = False  # counted in (七)总计


@dataclass(frozen=True)
class ReportFormat:
    version: ReportVersion
    proactive: tuple[ProactiveItem, ...]
    application_rows: tuple[Row, ...]

    @property
    def application_columns(self) -> tuple[Column, ...]:
        return APPLICANT_COLUMNS

    @property
    def appeal_groups(self) -> tuple[tuple[str, str], ...]:
        return APPEAL_GROUPS

    @property
    def appeal_columns(self) -> tuple[Column, ...]:
        return APPEAL_COLUMNS

    @property
    def result_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.application_rows if r.is_result)

    def proactive_item(self, code: str) -> ProactiveItem:
        for item in self.proactive:
            if item.code == code:
                return item
        raise KeyError(code)

    def row(self, code: str) -> Row:
        for row in self.application_rows:
            if row.code == code:
                return row
        raise KeyError(code)


_C = ValueKind.COUNT
_MADE = (
    Column("made", "本年新制作数量"),
    Column("published", "本年新公开数量"),
    Column("total_public", "对外公开总数量"),
)
_PREV = (
    Column("prev_year", "上一年项目数量"),
    Column("change", "本年增/减", ValueKind.DELTA),
    Column("decisions", "处理决定数量"),
)
_ART20_1 = "第二十条第（一）项"
_ART20_5 = "第二十条第（五）项"
_ART20_6 = "第二十条第（六）项"
_ART20_8 = "第二十条第（八）项"
_ART20_9 = "第二十条第（九）项"

PROACTIVE_2019: tuple[ProactiveItem, ...] = (
    ProactiveItem("rules", _ART20_1, "规章", _MADE),
    ProactiveItem("normative_docs", _ART20_1, "规范性文件", _MADE),
    ProactiveItem("licensing", _ART20_5, "行政许可", _PREV),
    ProactiveItem("other_services", _ART20_5, "其他对外管理服务事项", _PREV),
    ProactiveItem("penalty", _ART20_6, "行政处罚", _PREV),
    ProactiveItem("coercion", _ART20_6, "行政强制", _PREV),
    ProactiveItem("fees", _ART20_8, "行政事业性收费", _PREV[:2]),
    ProactiveItem(
        "procurement",
        _ART20_9,
        "政府集中采购",
        (Column("count", "采购项目数量"), Column("amount", "采购总金额", ValueKind.AMOUNT)),
    ),
)

_ISSUED = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_DECISIONS = (Column("decisions", "本年处理决定数量"),)
PROACTIVE_2021: tuple[ProactiveItem, ...] = (
    ProactiveItem("rules", _ART20_1, "规章", _ISSUED),
    ProactiveItem("normative_docs", _ART20_1, "行政规范性文件", _ISSUED),
    ProactiveItem("licensing", _ART20_5, "行政许可", _DECISIONS),
    ProactiveItem("penalty", _ART20_6, "行政处罚", _DECISIONS),
    ProactiveItem("coercion", _ART20_6, "行政强制", _DECISIONS),
    ProactiveItem(
        "fees",
        _ART20_8,
        "行政事业性收费",
        (Column("amount_wan", "本年收费金额（单位：万元）", ValueKind.AMOUNT),),
    ),
)

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural", "自然人"),
    Column("business", "商业企业"),
    Column("research", "科研机构"),
    Column("ngo", "社会公益组织"),
    Column("legal", "法律服务机构"),
    Column("other", "其他"),
    Column("total", "总计"),
)
APPLICANT_KINDS: tuple[str, ...] = tuple(c.code for c in APPLICANT_COLUMNS if c.code != "total")

_WITHHELD = "（三）不予公开"
_UNABLE = "（四）无法提供"
_REJECTED = "（五）不予处理"
_OTHER = "（六）其他处理"

_HEAD_ROWS = (
    Row("new", "一、本年新收政府信息公开申请数量"),
    Row("carried_in", "二、上年结转政府信息公开申请数量"),
)
_RESULT_ROWS = (
    Row("granted", "（一）予以公开", "三、本年度办理结果", True),
    Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "三、本年度办理结果", True),
    Row("withheld_secret", "1.属于国家秘密", _WITHHELD, True),
    Row("withheld_law", "2.其他法律行政法规禁止公开", _WITHHELD, True),
    Row("withheld_safety", "3.危及“三安全一稳定”", _WITHHELD, True),
    Row("withheld_third_party", "4.保护第三方合法权益", _WITHHELD, True),
    Row("withheld_internal", "5.属于三类内部事务信息", _WITHHELD, True),
    Row("withheld_process", "6.属于四类过程性信息", _WITHHELD, True),
    Row("withheld_enforcement", "7.属于行政执法案卷", _WITHHELD, True),
    Row("withheld_query", "8.属于行政查询事项", _WITHHELD, True),
    Row("unable_not_held", "1.本机关不掌握相关政府信息", _UNABLE, True),
    Row("unable_to_create", "2.没有现成信息需要另行制作", _UNABLE, True),
    Row("unable_unclear", "3.补正后申请内容仍不明确", _UNABLE, True),
    Row("rejected_petition", "1.信访举报投诉类申请", _REJECTED, True),
    Row("rejected_repeat", "2.重复申请", _REJECTED, True),
    Row("rejected_publication", "3.要求提供公开出版物", _REJECTED, True),
    Row("rejected_abusive", "4.无正当理由大量反复申请", _REJECTED, True),
    Row("rejected_confirm", "5.要求行政机关确认或重新出具已获取信息", _REJECTED, True),
)
_TAIL_ROWS = (
    Row("handled_total", "（七）总计", "三、本年度办理结果"),
    Row("carried_out", "四、结转下年度继续办理"),
)
# The 2019 format's single （六）其他处理 row. Some reports on 2021 and later still print it instead of
# the 2021 format's three sub-rows (OTHER_2021_ROWS); read so, it holds their sum.
OTHER_2019 = Row("other", "（六）其他处理", "三、本年度办理结果", True)
OTHER_2021_ROWS = ("other_no_correction", "other_no_fee", "other_misc")
APPLICATION_ROWS_2019: tuple[Row, ...] = _HEAD_ROWS + _RESULT_ROWS + (OTHER_2019,) + _TAIL_ROWS
APPLICATION_ROWS_2021: tuple[Row, ...] = (
    _HEAD_ROWS
    + _RESULT_ROWS
    + (
        Row(
            "other_no_correction",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            _OTHER,
            True,
        ),
        Row(
            "other_no_fee",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            _OTHER,
            True,
        ),
        Row("other_misc", "3.其他", _OTHER, True),
    )
    + _TAIL_ROWS
)

APPEAL_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("suit_direct", "行政诉讼·未经复议直接起诉"),
    ("suit_after_review", "行政诉讼·复议后起诉"),
)
APPEAL_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)

FORMATS: dict[ReportVersion, ReportFormat] = {
    ReportVersion.V2019: ReportFormat(ReportVersion.V2019, PROACTIVE_2019, APPLICATION_ROWS_2019),
    ReportVersion.V2021: ReportFormat(ReportVersion.V2021, PROACTIVE_2021, APPLICATION_ROWS_2021),
}


def report_format(version: ReportVersion | str) -> ReportFormat:
    return FORMATS[ReportVersion(version)]
