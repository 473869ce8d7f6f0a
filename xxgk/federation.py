"""Federation (条例第二十四条: a unified platform): an agency whose information is published on
another xxgk platform points to it (Agency.remote_url); `xxgk sync`, and the worker's daily run,
pull its published items and annual reports through that platform's /api/v1/ into this one's portal
and 汇总, keeping their source addresses, updating changed items and withdrawing those no longer
published there. Everything is fetched first, with the fetcher's size and time limits; each record
is then written in its own short transaction."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction

from xxgk.agencies.models import Agency
from xxgk.reports.fetch import Fetcher, HostPacer

logger = logging.getLogger("xxgk.federation")
MAX_ITEMS = 200_000  # a runaway or hostile peer stops here
GONE = "源平台已不再公开此信息(xxgk sync)"
RETRY_AFTER_429 = (5.0, 15.0, 30.0)


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

    def __init__(self, base_url: str) -> None:
        if urlsplit(base_url).scheme not in ("http", "https"):
            raise SyncError(f"联邦平台地址“{base_url}”不是 http(s) 网址")
        self.base = base_url.rstrip("/") + "/"
        host = (urlsplit(self.base).hostname or "").lower()
        self.fetcher = Fetcher(allowed_hosts={host}, allow_private=True, pacer=HostPacer(delay=0.0))

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
    return value[:limit]


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _item_fields(agency: Agency, detail: dict[str, Any]) -> dict[str, Any]:
    index_no = _text(detail, "index_no", 64)
    if not index_no.startswith(f"{agency.code}/"):
        raise SyncError(f"索引号“{index_no}”不属于本机构")  # a peer may only speak for this agency
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
    from xxgk.publishing.services import mirror_item, mirror_withdrawn

    if not agency.remote_url:
        raise SyncError(f"{agency.name}没有设置联邦平台地址")
    peer = peer or Peer(agency.remote_url)
    peer_base = agency.remote_url.rstrip("/") + "/"
    result = SyncResult(agency.name)
    code = quote(agency.code, safe="")
    # The list first: what is published there now, and when each item last changed.
    listed: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = peer.get(f"api/v1/agencies/{code}/items?limit=100&with_body=true&cursor={quote(cursor)}")
        if not isinstance(page, dict) or not isinstance(page.get("items"), list):
            raise SyncError("联邦平台返回的信息列表格式不对")
        listed += [i for i in page["items"] if isinstance(i, dict)]
        cursor = str(page.get("next") or "")
        if not cursor or len(listed) >= MAX_ITEMS:
            break
    known = {
        i.index_no: i
        for i in Item.objects.filter(agency=agency)
        .exclude(source_url="")
        .only("index_no", "updated_at", "state")
    }
    seen: set[str] = set()
    for summary in listed:
        index_no = str(summary.get("index_no", ""))
        seen.add(index_no)
        mine = known.get(index_no)
        changed = str(summary.get("updated", ""))
        if mine is not None and mine.state == ItemState.PUBLISHED and _newer_here(mine.updated_at, changed):
            result.unchanged += 1
            continue
        number = index_no.split("/", 1)[-1]
        try:
            detail = summary
            if summary.get("body") is None:  # an older peer without with_body: one request an item
                detail = peer.get(f"api/v1/agencies/{code}/items/{quote(number, safe='')}")
            # The source address marks the copy as mirrored: where the peer gives none, its portal's.
            source = str(detail.get("url") or "") or urljoin(peer_base, f"gk/{code}/items/{number}/")
            outcome = mirror_item(agency, _item_fields(agency, detail), source[:500])
        except (SyncError, ValueError, ValidationError) as exc:  # one bad record, not the whole run
            result.problems.append(f"{index_no}:{_said(exc)}")
            continue
        if outcome == "conflict":
            result.problems.append(f"{index_no}:本平台已有同一索引号的信息,未覆盖")
        else:  # created, updated or unchanged: SyncResult counts each
            setattr(result, outcome, getattr(result, outcome) + 1)
    if len(listed) < MAX_ITEMS:  # a truncated list says nothing about what is gone
        for index_no, mine in known.items():
            if index_no not in seen and mine.state == ItemState.PUBLISHED:
                mirror_withdrawn(Item.objects.get(pk=mine.pk), GONE)
                result.withdrawn += 1
    result.reports = _sync_reports(agency, peer, code, result)
    return result


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
    for summary in listed:
        year = summary.get("year") if isinstance(summary, dict) else None
        if not isinstance(year, int):
            continue
        try:
            detail = peer.get(f"api/v1/agencies/{code}/reports/{year}")
            data = detail["report"]
            if not isinstance(data, dict) or data.get("year") != year:
                raise SyncError("年报数据与所列年度不符")
            AnnualReport.from_json(data)  # the report model's own reader refuses what it cannot read
            sections = {str(k): str(v)[:100_000] for k, v in (detail.get("sections") or {}).items()}
            when = detail.get("published_at")
            published_at = datetime.fromisoformat(str(when)) if when else None
        except (SyncError, KeyError, TypeError, ValueError, AttributeError) as exc:
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


def sync_all() -> list[SyncResult]:
    """Every agency that points to another platform; one failing agency does not stop the rest."""
    results = []
    for agency in Agency.objects.exclude(remote_url="").order_by("code"):
        try:
            results.append(sync_agency(agency))
        except SyncError as exc:
            failed = SyncResult(agency.name)
            failed.problems.append(str(exc))
            results.append(failed)
            logger.warning("同步%s失败:%s", agency.name, exc)
    return results
