"""Use cases of the 标准目录: import and export it as the XLSX agencies exchange, the entries an agency
answers to, and how far what it published covers them (rules/catalogue.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet

from xxgk.agencies.models import Agency, AgencyLevel
from xxgk.agencies.selectors import member_agencies
from xxgk.catalogue.models import CatalogueEntry, Mode
from xxgk.ledgers import LedgerError, read_table, write_table
from xxgk.rules.catalogue import LABELS, Coverage, Cycle, coverage

# The columns of the catalogue as 54号's standard catalogues print them, and as the file exchanged.
HEADERS = [
    "领域",
    "公开层级",
    "公开事项",
    "公开内容(要素)",
    "公开依据",
    "公开时限",
    "时限工作日",
    "公开周期",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    "公开方式",
]
FIELDS = ("field", "level", "matter", "elements", "basis", "time_limit", "limit_days", "cycle", "subject",
          "channels", "audience", "mode")  # fmt: skip
MODES = {label: value for value, label in Mode.choices}


def entries_for(agency: Agency) -> QuerySet[CatalogueEntry]:
    """An agency's catalogue: its own entries, and for a 乡镇/街道 its district's too (one catalogue
    shared by the district's townships, each adding its own)."""
    owners = Q(owner=agency)
    if agency.level == AgencyLevel.TOWNSHIP and agency.parent_id:
        owners |= Q(owner_id=agency.parent_id)
    return CatalogueEntry.objects.filter(owners).select_related("owner")


def _row(number: int, cells: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    problems = []
    values = {f: str(cells.get(h) or "").strip() for f, h in zip(FIELDS, HEADERS, strict=True)}
    for need in ("field", "level", "matter", "elements", "basis", "time_limit", "subject", "channels"):
        if not values[need]:
            problems.append(f"第{number}行“{HEADERS[FIELDS.index(need)]}”为空")
    cycle = LABELS.get(values["cycle"])
    if cycle is None:
        problems.append(f"第{number}行“公开周期”应为{'、'.join(LABELS)}之一,实为“{values['cycle']}”")
    mode = MODES.get(values["mode"] or "主动公开")
    if mode is None:
        problems.append(f"第{number}行“公开方式”应为“主动公开”或“依申请公开”")
    days = values["limit_days"] or "20"
    if not days.isdigit() or not 0 < int(days) <= 365:
        problems.append(f"第{number}行“时限工作日”应为1至365的整数")
    for f in ("matter", "time_limit", "subject"):
        values[f] = values[f][:200]
    values.update(
        cycle=cycle.value if cycle else "",
        mode=mode or "",
        limit_days=int(days) if days.isdigit() else 20,
        audience=values["audience"] or "全社会",
        channels=values["channels"][:300],
        field=values["field"][:60],
        level=values["level"][:60],
    )
    return values, problems


@dataclass(frozen=True)
class Imported:
    created: int
    updated: int


def import_catalogue(user: AbstractBaseUser, owner: Agency, data: bytes, name: str) -> Imported:
    """Read the XLSX (or CSV) of a catalogue into the owner's entries: all rows or none. A row of a
    事项 already there (same 领域, 层级, 公开事项) replaces it."""
    if not member_agencies(user).filter(pk=owner.pk).exists():
        raise PermissionDenied("只能导入本机关的标准目录")
    headers, rows = read_table(data, name)
    missing = [h for h in HEADERS if h not in headers and h not in ("时限工作日", "公开对象", "公开方式")]
    if missing:
        raise LedgerError([f"缺少列:{'、'.join(missing)}(第一行应为列名:{'、'.join(HEADERS)})"])
    parsed, problems = [], []
    for number, cells in rows:
        values, wrong = _row(number, cells)
        problems += wrong
        parsed.append(values)
    if problems:
        raise LedgerError(problems)
    created = updated = 0
    with transaction.atomic():
        for order, values in enumerate(parsed, start=1):
            _, made = CatalogueEntry.objects.update_or_create(
                owner=owner,
                field=values["field"],
                level=values["level"],
                matter=values["matter"],
                defaults={
                    **{k: v for k, v in values.items() if k not in ("field", "level", "matter")},
                    "order": order,
                },
            )
            created, updated = created + made, updated + (not made)
    return Imported(created, updated)


def export_catalogue(entries: QuerySet[CatalogueEntry], name: str = "标准目录.xlsx") -> bytes:
    rows = [
        [
            e.field,
            e.level,
            e.matter,
            e.elements,
            e.basis,
            e.time_limit,
            e.limit_days,
            Cycle(e.cycle).label,
            e.subject,
            e.channels,
            e.audience,
            e.get_mode_display(),
        ]
        for e in entries
    ]
    return write_table(HEADERS, rows, name)


@dataclass(frozen=True)
class Line:
    entry: CatalogueEntry
    published: int
    latest: date | None
    coverage: Coverage


def completeness(agency: Agency, year: int, today: date) -> list[Line]:
    """Each entry of the agency's catalogue against what it published, linked to the entry, in
    `year`: 按期, 逾期 (which period, due when), 未到期 or 无法判断 (with why)."""
    from xxgk.publishing.models import Item, ItemState
    from xxgk.workcal.services import current_calendar

    calendar = current_calendar()
    dates: dict[int, list[date]] = {}
    for entry_id, published in Item.objects.filter(
        agency=agency, state=ItemState.PUBLISHED, catalogue_entry__isnull=False, published__isnull=False
    ).values_list("catalogue_entry_id", "published"):
        dates.setdefault(entry_id, []).append(published)
    out = []
    for entry in entries_for(agency):
        mine = sorted(dates.get(entry.pk, []))
        in_year = [d for d in mine if d.year == year]
        if entry.mode == Mode.ON_REQUEST:
            cov = Coverage("无法判断", "依申请公开的事项不主动发布")
        else:
            cov = coverage(
                Cycle(entry.cycle),
                year,
                today,
                mine,  # a period's information may be published after it ends, within the time limit
                lambda end, n=entry.limit_days: calendar.add(end, n),
            )
        out.append(Line(entry, len(in_year), mine[-1] if mine else None, cov))
    return out


STATUS_KEYS = {"按期": "met", "逾期": "overdue", "未到期": "pending", "无法判断": "unknown"}


def rollup(agencies: list[Agency], year: int, today: date) -> list[tuple[Agency, dict[str, int]]]:
    """Per agency, for the 公开办: how many of its entries are 按期, 逾期, 未到期 and 无法判断."""
    out = []
    for agency in agencies:
        counts = dict.fromkeys(STATUS_KEYS.values(), 0)
        for line in completeness(agency, year, today):
            counts[STATUS_KEYS[line.coverage.status]] += 1
        out.append((agency, counts))
    return out
