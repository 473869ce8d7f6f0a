"""Use cases of 年报核查: take a batch (files, links), check it in the background, show its progress,
sum it, export the workbook.

The request only stores what the reviewer gave and queues the batch; the worker (`xxgk worker`) reads
every report with the parser's time and memory limits, outside any database transaction, saving each
report as soon as it is checked. A batch holds a lease that its worker renews after every report: a
batch whose worker stopped is taken up by the next worker where it stopped.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import BinaryIO

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from xxgk.agencies.models import Agency
from xxgk.agencies.selectors import member_agencies
from xxgk.reports.compare import Comparison, compare
from xxgk.reports.fetch import Fetcher, Listed
from xxgk.reports.review import (
    CheckedReport,
    Upload,
    chain,
    fingerprints,
    read_link,
    read_one,
    rechain,
    sum_reports,
    workbook,
)
from xxgk.reports.write.letter import Letter
from xxgk.review.models import (
    BatchState,
    Decision,
    Evidence,
    FindingDecision,
    ItemState,
    ReviewBatch,
    ReviewItem,
    ReviewSource,
)
from xxgk.review.uploads import Expanded, expand
from xxgk.rules.report import AnnualReport, Finding, Outcome
from xxgk.security.models import SecurityKind
from xxgk.security.services import record

# Longer than one step can take (a link: the page and up to three files, each fetch capped at a
# minute, each read at READ_SECONDS), so a live worker never loses its batch. A worker restarted on
# the same machine need not wait for it: a lease whose process is gone is free at once.
LEASE = timedelta(minutes=25)
MAX_LINKS = 1000


def create_batch(
    *,
    agency: Agency,
    user: AbstractBaseUser | None,
    files: list[tuple[str, bytes | BinaryIO]] = (),  # type: ignore[assignment]
    links: list[Listed] = (),  # type: ignore[assignment]
    title: str = "",
) -> ReviewBatch:
    """Store the files and links and queue the batch; nothing is parsed here. Written in one
    transaction with its task: the batch is there whole and queued, or not at all."""
    if user is not None and not member_agencies(user).filter(pk=agency.pk).exists():
        raise PermissionDenied("只能以本人所在机关的名义核查年报")
    if len(links) > MAX_LINKS:
        raise ValueError(f"一次最多核查{MAX_LINKS}个网址")
    if not files and not links:
        raise ValueError("请上传年报文件或填写年报网址")
    count = len(files) + len(links)
    with transaction.atomic():
        batch = ReviewBatch.objects.create(
            agency=agency,
            title=title or f"{count}份年报({timezone.localtime():%Y-%m-%d %H:%M})",
            created_by=user if user is not None and user.pk else None,
            allow_private=agency.review_fetch_private,
        )
        for name, data in files:
            content = ContentFile(data) if isinstance(data, bytes) else File(data)
            source = ReviewSource(batch=batch, name=name[:255])
            source.file.save(f"{uuid.uuid4().hex}.upload", content, save=False)
            source.save()
        ReviewItem.objects.bulk_create(
            [
                ReviewItem(batch=batch, source=link.url[:500], url=link.url, listed_agency=link.agency[:200])
                for link in links
            ]
        )
        # The queue is a table of this database: the task commits with the batch, or neither does.
        enqueue(batch.pk)
    return batch


def enqueue(batch_id: int) -> None:
    from xxgk.background import queue

    queue.enqueue("review.run_batch", batch_id)


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _claim(batch_id: int, owner: str) -> bool:
    """Take the batch's lease if it is free or has run out; exactly one worker succeeds."""
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now) | Q(lease_owner=owner)
    taken = (
        ReviewBatch.objects.filter(free, pk=batch_id)
        .exclude(state=BatchState.DONE)
        .update(lease_owner=owner, lease_until=now + LEASE)
    )
    return taken == 1


def _renew(batch_id: int, owner: str) -> bool:
    renewed = ReviewBatch.objects.filter(pk=batch_id, lease_owner=owner).update(
        lease_until=timezone.now() + LEASE
    )
    return renewed == 1


def process_batch(batch_id: int, owner: str | None = None) -> None:
    """Check every report of the batch not yet checked. Safe to run again, and by several workers:
    only the lease holder works, and what is saved is never done twice."""
    owner = owner or _owner()
    if not _claim(batch_id, owner):
        return
    ReviewBatch.objects.filter(pk=batch_id, started_at__isnull=True).update(started_at=timezone.now())
    ReviewBatch.objects.filter(pk=batch_id).update(state=BatchState.RUNNING)
    for source in ReviewSource.objects.filter(batch_id=batch_id, expanded=False):
        if not _renew(batch_id, owner):
            return
        _expand_source(source)
    batch = ReviewBatch.objects.get(pk=batch_id)
    links = ReviewItem.objects.filter(batch_id=batch_id).exclude(url="").values_list("url", flat=True)
    fetcher = Fetcher.for_list(links, allow_private=batch.allow_private)
    while True:
        item = ReviewItem.objects.filter(batch_id=batch_id, state=ItemState.PENDING).order_by("pk").first()
        if item is None:
            break
        if not _renew(batch_id, owner):
            return  # another worker has the batch now
        _check_item(item, fetcher)
    _finish(batch_id, owner)


def _expand_source(source: ReviewSource) -> None:
    """A stored upload → pending items (a ZIP member by member, within the size limits)."""
    expanded = Expanded()
    try:
        with source.file.open("rb") as stream:
            expand(source.name, stream, expanded)
    except OSError as exc:
        expanded.rejected.append((source.name, f"无法读取上传的文件:{exc}"))
    with transaction.atomic():
        batch = ReviewBatch.objects.select_for_update().get(pk=source.batch_id)
        ReviewItem.objects.bulk_create(
            [
                ReviewItem(batch=batch, source=u.source[:500], file_name=u.name[:255], content=u.data)
                for u in expanded.uploads
            ]
        )
        batch.rejected = [*batch.rejected, *(list(r) for r in expanded.rejected)]
        batch.save(update_fields=["rejected"])
        source.expanded = True
        source.save(update_fields=["expanded"])
    source.file.delete(save=True)  # its reports are items now; the upload itself is not kept


def _check_item(item: ReviewItem, fetcher: Fetcher) -> None:
    evidence: list[Evidence] = []
    if item.url:
        read = read_link(fetcher, item.url)
        checked = read.checked
        if checked.report is not None and not checked.report.agency and item.listed_agency:
            checked.report.agency = item.listed_agency
        if read.document is not None:
            item.content, item.file_name = read.document.data, read.document.file_name[:255]
        evidence = [
            Evidence(
                item=item,
                url=f.url,
                final_url=f.final_url,
                fetched_at=f.fetched_at,
                status=f.status,
                content_type=f.content_type[:200],
                sha256=f.sha256,
                size=len(f.data),
                content=f.data,
                error=f.error,
            )
            for f in read.evidence
        ]
    else:
        checked = read_one(Upload(item.file_name, bytes(item.content), item.source))
    chain([checked])  # this report alone; _finish checks consecutive years together
    _store(item, checked)
    item.state = ItemState.DONE
    with transaction.atomic():
        item.save()
        Evidence.objects.bulk_create(evidence)


def _store(item: ReviewItem, checked: CheckedReport) -> None:
    report = checked.report
    item.agency_name = (report.agency or "")[:200] if report else ""
    item.year = report.year if report else None
    item.version = report.version.value if report else ""
    item.errors, item.warnings = checked.errors, checked.warnings
    item.result = checked.as_json() if report else None
    item.tokens = checked.tokens
    item.error = checked.error or ""


def _finish(batch_id: int, owner: str) -> None:
    """Once every report is read: check each against the same agency's previous year, if present."""
    items = list(
        ReviewItem.objects.filter(batch_id=batch_id, result__isnull=False).defer("content", "tokens")
    )
    checked = [checked_of(i) for i in items]
    rechained = {id(c) for c in rechain(checked)}
    changed = []
    for item, c in zip(items, checked, strict=True):
        if id(c) in rechained:
            item.result = {
                **item.result,
                "findings": [f.as_dict() for f in c.findings],
                "checklist": [o.as_dict() for o in c.checklist],
            }
            item.errors, item.warnings = c.errors, c.warnings
            changed.append(item)
    with transaction.atomic():
        ReviewItem.objects.bulk_update(changed, ["result", "errors", "warnings"])
        ReviewBatch.objects.filter(pk=batch_id, lease_owner=owner).update(
            state=BatchState.DONE, finished_at=timezone.now(), lease_owner="", lease_until=None
        )


def _alive_here(owner: str) -> bool:
    """Whether a lease belongs to a process still running on this machine (a restarted worker need
    not wait for the lease of the one it replaced to run out)."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine's worker: only its lease's end tells
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def resume_stalled() -> list[int]:
    """Queue again every unfinished batch that no worker holds and no queued task will start: after
    a restart, a crash, or a worker that was never running. Returns the batches queued."""
    from django_tasks_db.models import DBTaskResult

    from xxgk.background import queue

    run_batch = queue.task("review.run_batch")
    waiting = {
        (r.args_kwargs or {}).get("args", [None])[0]
        for r in DBTaskResult.objects.ready().filter(task_path=run_batch.module_path)
    }
    now = timezone.now()
    resumed = []
    for batch in ReviewBatch.objects.exclude(state=BatchState.DONE).only("pk", "lease_owner", "lease_until"):
        if batch.pk in waiting:
            continue
        held = batch.lease_until is not None and batch.lease_until > now and _alive_here(batch.lease_owner)
        if held:
            continue
        if batch.lease_until is not None and batch.lease_until > now:
            # Its holder died on this machine: free the lease so that the new task may take it.
            ReviewBatch.objects.filter(pk=batch.pk, lease_owner=batch.lease_owner).update(lease_until=None)
        enqueue(batch.pk)
        resumed.append(batch.pk)
    return resumed


# --- what the pages show --------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    state: str
    state_label: str
    done: int
    total: int
    unpacking: bool  # uploaded ZIPs not yet unpacked: the total will grow
    with_errors: int
    with_warnings: int
    unreadable: int
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def seconds(self) -> float:
        if self.started_at is None:
            return 0.0
        end = self.finished_at or timezone.now()
        return max((end - self.started_at).total_seconds(), 0.0)

    @property
    def rate(self) -> float:
        """Reports checked per second since the batch started."""
        return self.done / self.seconds if self.seconds > 0 else 0.0

    def as_json(self) -> dict[str, object]:
        return {
            "state": self.state,
            "state_label": self.state_label,
            "done": self.done,
            "total": self.total,
            "unpacking": self.unpacking,
            "with_errors": self.with_errors,
            "with_warnings": self.with_warnings,
            "unreadable": self.unreadable,
            "seconds": round(self.seconds, 1),
            "rate": round(self.rate, 2),
            "finished": self.state == BatchState.DONE,
        }


def progress(batch: ReviewBatch) -> Progress:
    done = Q(state=ItemState.DONE)
    counts = batch.items.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=done),
        with_errors=Count("pk", filter=done & Q(errors__gt=0)),
        with_warnings=Count("pk", filter=done & Q(warnings__gt=0)),
        unreadable=Count("pk", filter=done & ~Q(error="")),
    )
    return Progress(
        state=batch.state,
        state_label=BatchState(batch.state).label,
        unpacking=batch.sources.filter(expanded=False).exists(),
        started_at=batch.started_at,
        finished_at=batch.finished_at,
        **counts,
    )


def checked_of(item: ReviewItem) -> CheckedReport:
    if item.result is None:
        return CheckedReport(item.source, error=item.error or "无法读取")
    report = AnnualReport.from_json(item.result)
    if "sections" in item.result:
        report.with_standard_sections(item.result["sections"])
    findings = [Finding.from_dict(f) for f in item.result.get("findings", [])]
    outcomes = [Outcome.from_dict(o) for o in item.result.get("checklist", [])]
    return CheckedReport(item.source, report=report, findings=findings, checklist=outcomes)


def _checked_items(batch: ReviewBatch) -> list[ReviewItem]:
    return list(batch.items.filter(state=ItemState.DONE).defer("content", "tokens"))


def batch_workbook(batch: ReviewBatch) -> bytes:
    items = _checked_items(batch)
    checked = [checked_of(item) for item in items]
    total = batch_sum(batch, items)
    record(
        SecurityKind.EXPORT,
        agency=batch.agency,
        detail=f"下载年报核查工作簿“{batch.title}”({len(checked)}份)",
    )
    prints = [fingerprints(c) for c in checked]
    decided = dict(
        FindingDecision.objects.filter(
            reviewer_id=batch.agency_id, fingerprint__in=[p for ps in prints for p in ps]
        ).values_list("fingerprint", "decision")
    )
    states = [[Decision(decided[p]).label if p in decided else "待处理" for p in ps] for ps in prints]
    return workbook(checked, total[0] if total[0] is not None else None, states)


def batch_sum(batch: ReviewBatch, items: list[ReviewItem] | None = None) -> tuple[AnnualReport | None, str]:
    """(the 汇总 of the readable reports, "") or (None, why they cannot be summed). Unreadable
    reports are left out; the page says how many (`ReviewItem.result` is null for them)."""
    from xxgk.reports.review import MixedReports

    items = _checked_items(batch) if items is None else items
    reports = [c.report for c in map(checked_of, items) if c.report is not None]
    try:
        return sum_reports(reports, agency=f"{batch.agency.name}汇总"), ""
    except MixedReports as exc:
        return None, str(exc)


def register_exports() -> None:
    """The reviewer's workbook of a batch as a background export (hundreds of reports)."""
    from django.http import Http404

    from xxgk.agencies.selectors import visible_agencies
    from xxgk.background.exports import ExportKind, register

    def target(user: AbstractBaseUser, pk: int) -> ReviewBatch:
        batch = ReviewBatch.objects.select_related("agency").filter(pk=pk).first()
        if batch is None or not visible_agencies(user).filter(pk=batch.agency_id).exists():
            raise Http404
        return batch

    register(
        "review_workbook",
        ExportKind(
            label="年报核查工作簿",
            target=target,
            build=lambda batch: (
                batch_workbook(batch),
                f"review-{batch.pk}.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            title=lambda batch: f"{batch.title}核查工作簿",
        ),
    )


# --- decisions on findings, and the 整改通知 ------------------------------------------------------


@dataclass(frozen=True)
class FindingRow:
    """A finding as the reviewer works on it: its fingerprint and the decision taken, if any."""

    finding: Finding
    fingerprint: str
    decision: FindingDecision | None

    @property
    def state(self) -> str:
        return self.decision.decision if self.decision is not None else "pending"

    @property
    def state_label(self) -> str:
        return Decision(self.decision.decision).label if self.decision is not None else "待处理"


def finding_rows(item: ReviewItem, checked: CheckedReport | None = None) -> list[FindingRow]:
    checked = checked or checked_of(item)
    prints = fingerprints(checked)
    decided = {
        d.fingerprint: d
        for d in FindingDecision.objects.filter(reviewer_id=item.batch.agency_id, fingerprint__in=prints)
    }
    return [FindingRow(f, p, decided.get(p)) for f, p in zip(checked.findings, prints, strict=True)]


def _may_review(user: AbstractBaseUser, batch: ReviewBatch) -> None:
    """Decisions are taken in the reviewing office's name: by its own staff only."""
    if not member_agencies(user).filter(pk=batch.agency_id).exists():
        raise PermissionDenied("只有核查机关的工作人员可以处理核查发现的问题")


NOTE_LIMIT = 1000


def decide(
    user: AbstractBaseUser, item: ReviewItem, fingerprint: str, decision: str, note: str
) -> FindingDecision:
    """Confirm a finding (`note`: what the agency is to correct) or dismiss it (`note`: why it is not a
    problem). Taken again, the later decision replaces the earlier."""
    from xxgk.textsafe import clean

    _may_review(user, item.batch)
    if decision not in Decision.values:
        raise ValueError("请选择“确认”或“排除”")
    note = clean(note or "").strip()
    if not note:
        raise ValueError(
            "请填写给被核查机关的整改要求" if decision == Decision.CONFIRMED else "请填写排除的理由"
        )
    if len(note) > NOTE_LIMIT:
        raise ValueError(f"说明不能超过{NOTE_LIMIT}字(现有{len(note)}字)")
    row = next((r for r in finding_rows(item) if r.fingerprint == fingerprint), None)
    if row is None:
        raise ValueError("该问题已不在本报告的核查结果中,请刷新页面")
    found, _ = FindingDecision.objects.update_or_create(
        reviewer_id=item.batch.agency_id,
        fingerprint=fingerprint,
        defaults={
            "agency_name": item.agency_name,
            "year": item.year,
            "rule": row.finding.rule,
            "where": row.finding.where[:120],
            "message": row.finding.message,
            "decision": decision,
            "note": note,
            "item": item,
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    return found


def reopen(user: AbstractBaseUser, item: ReviewItem, fingerprint: str) -> None:
    """Take a decision back: the finding is pending again."""
    _may_review(user, item.batch)
    FindingDecision.objects.filter(reviewer_id=item.batch.agency_id, fingerprint=fingerprint).delete()


@dataclass(frozen=True)
class DecisionCounts:
    pending: int = 0
    confirmed: int = 0
    dismissed: int = 0


def decision_counts(batch: ReviewBatch, items: list[ReviewItem]) -> dict[int, DecisionCounts]:
    """Per checked item: how many of its findings are pending, confirmed, dismissed."""
    prints = {item.pk: fingerprints(checked_of(item)) for item in items}
    decided = dict(
        FindingDecision.objects.filter(
            reviewer_id=batch.agency_id, fingerprint__in=[p for ps in prints.values() for p in ps]
        ).values_list("fingerprint", "decision")
    )
    out = {}
    for pk, ps in prints.items():
        states = [decided.get(p, "pending") for p in ps]
        out[pk] = DecisionCounts(
            states.count("pending"), states.count(Decision.CONFIRMED), states.count(Decision.DISMISSED)
        )
    return out


def rectification_notice(batch: ReviewBatch, item: ReviewItem) -> Letter:
    """整改通知: the confirmed findings of one report, with what the reviewer asked, as a letter of the
    reviewing office (《条例》第四十七条第一款: the office urges the agency to correct, 督促整改). The
    statute sets no period for the correction, so the notice names none."""
    from xxgk.rules.report import where_label
    from xxgk.rules.text import chinese_date

    rows = [r for r in finding_rows(item) if r.state == Decision.CONFIRMED]
    if not rows:
        raise ValueError("该报告没有已确认的问题,无需发出整改通知")
    name = item.agency_name or item.listed_agency or "(机关名称不明)"
    year = f"{item.year}年" if item.year else ""
    lines = [
        f"{name}:",
        f"根据《中华人民共和国政府信息公开条例》第四十七条第一款,本机关对你单位{year}政府信息公开工作年度报告"
        f"进行了核查,发现以下{len(rows)}个问题:",
    ]
    for n, row in enumerate(rows, start=1):
        assert row.decision is not None
        lines.append(
            f"{n}.{where_label(row.finding.where)}:{row.finding.message}。整改要求:{row.decision.note}"
        )
    lines.append("请对照上述问题认真整改,更正已公布的年度报告,并将整改情况书面报送本机关。")
    return Letter(
        title=f"关于{year}政府信息公开工作年度报告有关问题的整改通知",
        lines=lines,
        sender=batch.agency.name,
        dated=chinese_date(timezone.localdate()),
    )


def notice_file(user: AbstractBaseUser, batch: ReviewBatch, item: ReviewItem, kind: str) -> tuple[bytes, str]:
    """The 整改通知 as DOCX (to edit and seal) or PDF, and its file name; the download is recorded."""
    from xxgk.reports.write.letter import render

    _may_review(user, batch)
    if kind not in ("docx", "pdf"):
        raise ValueError("整改通知只能导出为 DOCX 或 PDF")
    letter = rectification_notice(batch, item)
    record(
        SecurityKind.EXPORT, agency=batch.agency, detail=f"下载整改通知:{item.agency_name}{item.year or ''}"
    )
    return render(letter, kind), f"整改通知-{item.agency_name or item.pk}-{item.year or ''}.{kind}"


# --- two years side by side -----------------------------------------------------------------------


def other_years(item: ReviewItem) -> list[ReviewItem]:
    """The same agency's reports of other years among the office's checked reports, the latest
    upload of each year: what the report's page offers to compare with."""
    if not item.agency_name or not item.year:
        return []
    found: dict[int, ReviewItem] = {}
    candidates = (
        ReviewItem.objects.filter(
            batch__agency_id=item.batch.agency_id,
            agency_name=item.agency_name,
            state=ItemState.DONE,
            result__isnull=False,
        )
        .exclude(year=item.year)
        .exclude(year__isnull=True)
        .defer("content", "tokens", "result")
        .order_by("-pk")
    )
    for other in candidates:
        found.setdefault(other.year, other)  # type: ignore[arg-type]
    return [found[y] for y in sorted(found)]


def pairs(items: list[ReviewItem]) -> list[tuple[ReviewItem, ReviewItem]]:
    """Consecutive years of one agency within a batch: (earlier, later)."""
    by_agency: dict[str, dict[int, ReviewItem]] = {}
    for item in items:
        if item.agency_name and item.year and not item.error:
            by_agency.setdefault(item.agency_name, {})[item.year] = item
    return [
        (years[y - 1], years[y])
        for _, years in sorted(by_agency.items())
        for y in sorted(years)
        if y - 1 in years
    ]


def comparison(old: ReviewItem, new: ReviewItem) -> Comparison:
    a, b = checked_of(old), checked_of(new)
    if a.report is None or b.report is None:
        raise ValueError("两份报告都读取成功才能对比")
    if a.report.tables_unreadable or b.report.tables_unreadable:
        raise ValueError("有一份报告未能识别表格,无法对比;请上传原始文件")
    return compare(a.report, b.report)
