"""The API's shapes: what /api/v1/openapi.json publishes and every response is checked against."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema


class Error(Schema):
    detail: str = Field(description="出了什么问题(中文)")


class AgencyOut(Schema):
    code: str = Field(description="机构代码(统一社会信用代码或组织机构代码)")
    name: str
    short_name: str
    parent: str | None = Field(description="上级机构的机构代码")
    address: str
    phone: str
    portal: str = Field(description="政府信息公开专栏地址")


class CategoryOut(Schema):
    id: int
    kind: str = Field(description="theme 主题分类 / genre 体裁分类")
    name: str
    published: int = Field(description="已发布信息条数")


class ItemSummary(Schema):
    index_no: str = Field(description="索引号")
    title: str
    doc_number: str = Field(description="文号")
    publisher: str = Field(description="发布机构")
    formed: date = Field(description="成文日期")
    published: date | None = Field(description="发布日期")
    theme: str | None
    genre: str
    validity: str = Field(description="有效性:in_force/repealed/amended,非规范性文件为空")
    url: str = Field(description="门户中的信息页面")
    updated: datetime = Field(description="最后修改时间:同步方据此只取有变化的信息")
    body: str | None = Field(None, description="正文:仅当请求带 with_body=true 时提供")


class ItemOut(ItemSummary):
    state: str = Field(description="published 已发布 / withdrawn 已撤回")
    body: str | None = Field(description="正文(已撤回的信息不提供)")
    interprets: str | None = Field(description="所解读的规范性文件的索引号")


class ItemPage(Schema):
    items: list[ItemSummary]
    next: str | None = Field(description="下一页的 cursor;没有下一页时为 null")


class ReportSummary(Schema):
    year: int
    published_at: Any = Field(description="发布时间(ISO 8601)")
    url: str
    files: dict[str, str] = Field(description="docx、pdf、json 文件地址")


class ReportOut(ReportSummary):
    report: dict[str, Any] = Field(description="年报数据,格式见 report-model(与 json 文件相同)")
    sections: dict[str, str] = Field(description="正文各部分(一至六)的文字,键为部分编号")


class ItemIn(Schema):
    title: str = Field(max_length=300)
    publisher: str = Field("", max_length=200, description="发布机构,默认为本机构名称")
    doc_number: str = Field("", max_length=100)
    formed: date = Field(description="成文日期")
    genre: str = Field(description="体裁分类名称(本机构公开目录中的)")
    theme: str = Field("", description="主题分类名称(可选)")
    body: str = Field(max_length=200_000)


class ItemSubmitted(Schema):
    id: int
    index_no: str
    state: str
    privacy_findings: int = Field(description="发现的疑似个人信息处数,须在平台上处理后才能审核通过")


class ApplicationIn(Schema):
    channel: str = Field(description="in_person、mail_registered、mail_ordinary、fax、email、other")
    received: date | None = Field(None, description="收到日期(条例第三十一条);未确认的留空")
    applicant_kind: str = Field(description="natural 自然人 / legal 法人或其他组织")
    applicant_name: str
    id_type: str = "居民身份证"
    id_number: str = ""
    org_code: str = ""
    contact_person: str = ""
    phone: str
    email: str = ""
    address: str = ""
    postcode: str = ""
    sought: str
    purpose: str = ""
    delivery_form: str = Field(description="paper 纸质 / electronic 电子文档")
    delivery_method: str = Field(description="mail、pickup、email、online")


class ApplicationRegistered(Schema):
    number: str = Field(description="编号")
    tracking_number: str = Field(description="查询号")
    query_code: str = Field(description="查询码(只返回这一次,请告知申请人)")
    state: str


class ApplicationStatus(Schema):
    number: str
    tracking_number: str
    state: str
    state_label: str
    received: date | None
    due: date | None = Field(description="答复期限(含延期、扣除征求意见和缴费期间)")
    due_provisional: bool = Field(
        False, description="答复期限涉及尚未公布节假日安排的年份,按法定节假日暂定计算,公布后重新计算"
    )
    days_left: int | None = Field(description="剩余工作日,超期为负数")
    deadline: str = Field(description="期限说明")
    result: str | None = Field(description="办理结果代码(年报第三部分的行)")
    answered: date | None
