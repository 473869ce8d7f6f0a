"""Federation (条例第二十四条: a unified platform): an agency whose information is published on
another xxgk platform points to it (Agency.remote_url); `xxgk sync`, and the worker's daily run,
pull its published items and annual reports through that platform's /api/v1/ into this one's portal
and 汇总, keeping their source addresses, updating changed items and withdrawing those no longer
published there.

A peer is another party's server, possibly broken or hostile, so what this platform does for it is
bounded: each agency gets a page and a time budget per run; a repeated or non-advancing cursor, or an
empty page that still offers a next one, ends the list; each page is written as it arrives (memory
stays flat whatever the peer sends); every text is cleaned like any input, every date and 索引号
checked by the same rules as a form's, new categories limited per run; a bad record is a problem of
that record. Only a list read to its end withdraws what the peer no longer publishes."""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction

from xxgk.agencies.models import Agency
from xxgk.reports.fetch import Fetcher, HostPacer
from xxgk.textsafe import clean

logger = logging.getLogger("xxgk.federation")
GONE = "源平台已不再公开此信息(xxgk sync)"
RETRY_AFTER_429 = (5.0, 15.0, 30.0)


@dataclass(frozen=True)
class Budget:
    """What one run may spend on one agency's peer. 100 items a page: 2,000 pages are 200,000
    items, more than any agency publishes; ten minutes leave the daily run for the others."""

    pages: int = 2_000
    seconds: float = 600.0
    new_categories: int = 20  # 体裁/主题 names a run may add: a peer cannot fill the catalogue
    page_bytes: int = 20 * 1024 * 1024


# What follows the agency's code in a peer's 索引号: letters, digits and - _ . (no path tricks).
INDEX_TAIL = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.-]{0,60}")


class SyncError(Exception):
    """Why an agency could not be synchronised, in Chinese."""


@dataclass
class SyncResult:
    agency: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    reports: int = 0
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.agency}:新增{self.created}条,更新{self.updated}条,未变{self.unchanged}条,"
            f"撤回{self.withdrawn}条,年报{self.reports}份"
        )
        return text + (";" + ";".join(self.problems) if self.problems else "")


class Peer:
    """Another platform's API, read with the same fetcher as 年报核查's links (size and time limits;
    redirects only within that host). Private addresses are allowed: platforms of one province
    usually talk over the government network, and only a superuser sets remote_url."""

    def __init__(self, base_url: str, budget: Budget | None = None) -> None:
        if urlsplit(base_url).scheme not in ("http", "https"):
            raise SyncError(f"联邦平台地址“{base_url}”不是 http(s) 网址")
        self.base = base_url.rstrip("/") + "/"
        self.budget = budget or Budget()
        host = (urlsplit(self.base).hostname or "").lower()
        self.fetcher = Fetcher(
            allowed_hosts={host},
            allow_private=True,
            pacer=HostPacer(delay=0.0),
            max_bytes=self.budget.page_bytes,
        )

    def get(self, path: str) -> Any:
        url = urljoin(self.base, path.lstrip("/"))
        fetched = self.fetcher.fetch(url)
        for wait in RETRY_AFTER_429:  # the peer's rate limit: slow down, then try again
            if fetched.status != 429:
                break
            time.sleep(wait)
            fetched = self.fetcher.fetch(url)
        if fetched.error:
            raise SyncError(f"读取 {url} 失败:{fetched.error}")
        try:
            return json.loads(fetched.data)
        except ValueError:
            raise SyncError(f"{url} 返回的不是 JSON") from None


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        raise SyncError(f"字段 {key} 不是文字")
    return clean(value)[:limit]


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _item_fields(agency: Agency, detail: dict[str, Any]) -> dict[str, Any]:
    index_no = _text(detail, "index_no", 64)
    if not index_no.startswith(f"{agency.code}/"):
        raise SyncError(f"索引号“{index_no}”不属于本机构")  # a peer may only speak for this agency
    tail = index_no.removeprefix(f"{agency.code}/")
    if not INDEX_TAIL.fullmatch(tail) or ".." in tail:
        raise SyncError(f"索引号“{index_no}”格式不对")
    formed = _day(detail.get("formed"))
    if formed is None:
        raise SyncError(f"{index_no} 缺少成文日期")
    return {
        "index_no": index_no,
        "title": _text(detail, "title", 300),
        "publisher": _text(detail, "publisher", 200),
        "doc_number": _text(detail, "doc_number", 100),
        "formed": formed,
        "published": _day(detail.get("published")),
        "validity": _text(detail, "validity", 16),
        "body": _text(detail, "body", 1_000_000),
        "genre": _text(detail, "genre", 100) or "其他",
        "theme": _text(detail, "theme", 100),
    }


def sync_agency(agency: Agency, peer: Peer | None = None) -> SyncResult:
    from xxgk.publishing.models import Item, ItemState
    from xxgk.publishing.services import mirror_withdrawn

    if not agency.remote_url:
        raise SyncError(f"{agency.name}没有设置联邦平台地址")
    peer = peer or Peer(agency.remote_url)
    budget, started = peer.budget, time.monotonic()
    result = SyncResult(agency.name)
    code = quote(agency.code, safe="")
    known = {
        i.index_no: i
        for i in Item.objects.filter(agency=agency)
        .exclude(source_url="")
        .only("index_no", "updated_at", "state")
    }
    seen: set[str] = set()
    cursors: set[str] = set()
    categories = CategoryBudget(budget.new_categories)
    cursor, pages, complete = "", 0, False
    while True:  # page by page: each written before the next is read
        if pages >= budget.pages or time.monotonic() - started > budget.seconds:
            result.problems.append(f"已读{pages}页,超出本次同步的页数或时间限额,其余下次继续")
            break
        page = peer.get(f"api/v1/agencies/{code}/items?limit=100&with_body=true&cursor={quote(cursor)}")
        pages += 1
        if not isinstance(page, dict) or not isinstance(page.get("items"), list):
            raise SyncError("联邦平台返回的信息列表格式不对")
        items = [i for i in page["items"] if isinstance(i, dict)]
        for summary in items:
            _mirror_one(agency, peer, code, summary, known, seen, categories, result)
        cursor = str(page.get("next") or "")
        if not cursor:
            complete = True
            break
        if not items or cursor in cursors:
            why = "返回空页却仍给出下一页" if not items else "重复返回同一页"
            result.problems.append(f"联邦平台{why},已停止读取列表")
            break
        cursors.add(cursor)
    if complete:  # a list not read to its end says nothing about what is gone
        for index_no, mine in known.items():
            if index_no not in seen and mine.state == ItemState.PUBLISHED:
                mirror_withdrawn(Item.objects.get(pk=mine.pk), GONE)
                result.withdrawn += 1
    result.reports = _sync_reports(agency, peer, code, result)
    return result


class CategoryBudget:
    """How many new 体裁/主题 names this run may still add for the agency."""

    def __init__(self, left: int) -> None:
        self.left = left

    def allows(self, agency: Agency, genre: str, theme: str) -> bool:
        from xxgk.publishing.models import Category, CategoryKind

        wanted = [(CategoryKind.GENRE, genre), (CategoryKind.THEME, theme)]
        categories = Category.objects.filter(agency=agency)
        new = [n for kind, n in wanted if n and not categories.filter(kind=kind, name=n).exists()]
        if len(new) > self.left:
            return False
        self.left -= len(new)
        return True


def _mirror_one(
    agency: Agency,
    peer: Peer,
    code: str,
    summary: dict[str, Any],
    known: dict[str, Any],
    seen: set[str],
    categories: CategoryBudget,
    result: SyncResult,
) -> None:
    """One listed item: fetched if it changed, checked, written; whatever is wrong with it is a
    problem of this record only."""
    from xxgk.publishing.models import ItemState
    from xxgk.publishing.services import mirror_item

    index_no = clean(str(summary.get("index_no", "")))[:64]
    seen.add(index_no)
    mine = known.get(index_no)
    changed = str(summary.get("updated", ""))
    if mine is not None and mine.state == ItemState.PUBLISHED and _newer_here(mine.updated_at, changed):
        result.unchanged += 1
        return
    number = index_no.split("/", 1)[-1]
    try:
        detail = summary
        if summary.get("body") is None:  # an older peer without with_body: one request an item
            detail = peer.get(f"api/v1/agencies/{code}/items/{quote(number, safe='')}")
            if not isinstance(detail, dict):
                raise SyncError("信息详情格式不对")
        fields = _item_fields(agency, detail)
        if not categories.allows(agency, fields["genre"], fields["theme"]):
            raise SyncError(f"本次同步新增的分类已达{peer.budget.new_categories}个,未新增“{fields['genre']}”")
        # The source address marks the copy as mirrored: where the peer gives none, its portal's.
        peer_base = agency.remote_url.rstrip("/") + "/"
        source = clean(str(detail.get("url") or "")) or urljoin(
            peer_base, f"gk/{code}/items/{quote(number)}/"
        )
        outcome = mirror_item(agency, fields, source[:500])
    except (SyncError, ValueError, ValidationError, TypeError, AttributeError, KeyError) as exc:
        result.problems.append(f"{index_no}:{_said(exc)}")
        return
    if outcome == "conflict":
        result.problems.append(f"{index_no}:本平台已有同一索引号的信息,未覆盖")
    else:  # created, updated or unchanged: SyncResult counts each
        setattr(result, outcome, getattr(result, outcome) + 1)


def _said(exc: Exception) -> str:
    """What was wrong with a record, naming the field where the model said which."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        from xxgk.publishing.models import Item

        def label(name: str) -> str:
            try:
                return str(Item._meta.get_field(name).verbose_name)
            except Exception:  # a non-field error
                return name

        return ";".join(f"{label(k)}:{v[0]}" for k, v in exc.message_dict.items())
    return ";".join(getattr(exc, "messages", [str(exc)]))


def _newer_here(local: datetime, remote: str) -> bool:
    """The copy here was written after the source's last change: nothing to fetch."""
    try:
        return local >= datetime.fromisoformat(remote.replace("Z", "+00:00"))
    except (ValueError, TypeError):  # unreadable, or without a time zone: fetch it again
        return False


def _sync_reports(agency: Agency, peer: Peer, code: str, result: SyncResult) -> int:
    from xxgk.annual.models import Report, ReportState
    from xxgk.rules.report import AnnualReport

    count = 0
    listed = peer.get(f"api/v1/agencies/{code}/reports")
    if not isinstance(listed, list):
        raise SyncError("联邦平台返回的年报列表格式不对")
    today = date.today()
    for summary in listed[:50]:  # a report a year since the 2008 Regulation: 50 is plenty
        year = summary.get("year") if isinstance(summary, dict) else None
        # A year the platform can have a report of: from the first year of reports to last year.
        if not isinstance(year, int) or not 2008 <= year < today.year + 1:
            continue
        try:
            detail = peer.get(f"api/v1/agencies/{code}/reports/{year}")
            data = detail["report"]
            if not isinstance(data, dict) or data.get("year") != year:
                raise SyncError("年报数据与所列年度不符")
            AnnualReport.from_json(data)  # the report model's own reader refuses what it cannot read
            sections = {
                clean(str(k))[:10]: clean(str(v))[:100_000] for k, v in (detail.get("sections") or {}).items()
            }
            published_at = _published_at(detail.get("published_at"), year)
        except (SyncError, KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            result.problems.append(f"{year}年年报:{exc}")
            continue
        with transaction.atomic():
            report = Report.objects.select_for_update().filter(agency=agency, year=year).first()
            if report is not None and not report.source_url:
                result.problems.append(f"{year}年年报:本平台已有该年度的年报,未覆盖")
                continue
            report = report or Report(agency=agency, year=year)
            report.version = str(data.get("version", ""))
            report.state, report.published_at = ReportState.PUBLISHED, published_at
            report.snapshot = {**data, "sections": sections}
            fallback = urljoin(agency.remote_url.rstrip("/") + "/", f"gk/{code}/reports/{year}/")
            report.source_url = (str(detail.get("url") or "") or fallback)[:500]
            report.save()
        count += 1
    return count


def _published_at(value: Any, year: int) -> datetime | None:
    """A peer's publication time of a year's report: with its time zone, after the year began and
    not in the future."""
    from django.utils import timezone

    if not value:
        return None
    when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise SyncError(f"发布时间“{value}”没有时区")
    if not datetime(year, 1, 1, tzinfo=when.tzinfo) <= when <= timezone.now():
        raise SyncError(f"发布时间“{value}”不在{year}年以后至今的范围内")
    return when


def sync_all() -> list[SyncResult]:
    """Every agency that points to another platform; one failing agency does not stop the rest."""
    results = []
    for agency in Agency.objects.exclude(remote_url="").order_by("code"):
        try:
            results.append(sync_agency(agency))
        except Exception as exc:
            failed = SyncResult(agency.name)
            failed.problems.append(
                str(exc) if isinstance(exc, SyncError) else f"同步出错:{type(exc).__name__}"
            )
            results.append(failed)
            logger.warning("同步%s失败:%s", agency.name, exc, exc_info=not isinstance(exc, SyncError))
    return results
