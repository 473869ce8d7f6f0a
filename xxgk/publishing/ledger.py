"""主动公开台账 (ledgers.md): import all-or-nothing and idempotently, keyed by 索引号; export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from xxgk.agencies.models import Agency, Role
from xxgk.agencies.selectors import has_role
from xxgk.ledgers import LedgerError, parse_date, read_table, write_table
from xxgk.publishing import search
from xxgk.publishing.models import Category, CategoryKind, GenreRole, Item, ItemEvent, ItemState, Validity
from xxgk.rules import dates
from xxgk.security.models import SecurityKind
from xxgk.security.services import record

HEADERS = [
    "索引号",
    "标题",
    "发布机构",
    "文号",
    "成文日期",
    "发布日期",
    "主题分类",
    "体裁分类",
    "有效性",
    "废止日期",
    "正文",
]
REQUIRED = ("索引号", "标题", "发布机构", "成文日期", "发布日期", "体裁分类")
VALIDITY = {
    "现行有效": Validity.IN_FORCE,
    "已废止": Validity.REPEALED,
    "已修改": Validity.AMENDED,
    "": Validity.NONE,
}
ROLES = {"规章": GenreRole.RULES, "规范性文件": GenreRole.NORMATIVE, "行政规范性文件": GenreRole.NORMATIVE,
         "政策解读": GenreRole.INTERPRETATION}  # fmt: skip
FIELDS = (
    "title",
    "publisher",
    "doc_number",
    "formed",
    "published",
    "validity",
    "repealed_on",
    "body",
    "extra",
)


def _category(
    agency: Agency, kind: str, name: str, cache: dict[tuple[str, str], Category]
) -> Category | None:
    if not name:
        return None
    key = (kind, name)
    if key not in cache:
        cache[key], _ = Category.objects.get_or_create(
            agency=agency,
            kind=kind,
            name=name,
            defaults={"role": ROLES.get(name, "") if kind == CategoryKind.GENRE else ""},
        )
    return cache[key]


def import_items(
    agency: Agency, data: bytes, name: str, user: AbstractBaseUser | None = None
) -> dict[str, int]:
    headers, rows = read_table(data, name)
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        raise LedgerError([f"缺少必填列“{h}”" for h in missing])
    problems: list[str] = []
    parsed: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        before = len(problems)
        values: dict[str, Any] = {"row": number}
        for column in ("索引号", "标题", "发布机构", "体裁分类"):
            if not str(cells.get(column, "") or "").strip():
                problems.append(f"第{number}行“{column}”列:不能为空")
        for column, field in (("成文日期", "formed"), ("发布日期", "published"), ("废止日期", "repealed_on")):
            try:
                values[field] = parse_date(cells.get(column))
            except ValueError as exc:
                problems.append(f"第{number}行“{column}”列:{exc}")
                continue
            problem = values[field] and dates.date_problem(values[field], timezone.localdate(), column)
            if problem:
                problems.append(f"第{number}行“{column}”列:{problem}")
        if not cells.get("成文日期"):
            problems.append(f"第{number}行“成文日期”列:不能为空")
        validity = str(cells.get("有效性", "") or "").strip()
        if validity not in VALIDITY:
            problems.append(f"第{number}行“有效性”列:“{validity}”应为现行有效、已废止或已修改")
        genre = str(cells.get("体裁分类", "") or "").strip()
        if ROLES.get(genre) in (GenreRole.NORMATIVE, GenreRole.RULES) and not validity:
            problems.append(f"第{number}行“有效性”列:规章和规范性文件必须填写有效性")
        index_no = str(cells.get("索引号", "") or "").strip()
        if index_no in seen:
            problems.append(f"第{number}行“索引号”列:“{index_no}”与第{seen[index_no]}行重复")
        seen[index_no] = number
        if len(problems) == before:
            values.update(
                index_no=index_no,
                title=str(cells["标题"]).strip(),
                publisher=str(cells["发布机构"]).strip(),
                doc_number=str(cells.get("文号", "") or "").strip(),
                validity=VALIDITY.get(validity, ""),
                body=str(cells.get("正文", "") or ""),
                genre=genre,
                theme=str(cells.get("主题分类", "") or "").strip(),
                extra={k: str(v) for k, v in cells.items() if k not in HEADERS and v not in (None, "")},
            )
            parsed.append(values)
    others = (
        Item.objects.filter(index_no__in=list(seen)).exclude(agency=agency).values_list("index_no", flat=True)
    )
    problems += [f"第{seen[n]}行“索引号”列:“{n}”已被其他机关使用" for n in others]
    if problems:
        raise LedgerError(problems)
    if user is not None and not has_role(user, agency, Role.CLERK, Role.HEAD, Role.ADMIN):
        raise PermissionDenied(f"只有“{agency.name}”的信息员、负责人或管理员可以导入其台账")
    summary = {"created": 0, "updated": 0, "unchanged": 0}
    cache: dict[tuple[str, str], Category] = {}
    with transaction.atomic():
        existing = {i.index_no: i for i in Item.objects.filter(agency=agency, index_no__in=list(seen))}
        # An item drafted, reviewed (保密审查, personal data) and published in the system changes only
        # through those steps; a ledger row must not rewrite it. Items from ledgers stay importable.
        handled = set(
            ItemEvent.objects.filter(item__in=existing.values())
            .exclude(action="import")
            .values_list("item__index_no", flat=True)
        )
        refused = [
            f"第{seen[n]}行“索引号”列:“{n}”是在本系统中编辑发布的信息,台账导入不能修改,请在“主动公开”中修改"
            for n in sorted(handled, key=lambda n: seen[n])
        ]
        if refused:
            raise LedgerError(refused)
        for values in parsed:
            genre = _category(agency, CategoryKind.GENRE, values["genre"], cache)
            theme = _category(agency, CategoryKind.THEME, values["theme"], cache)
            item = existing.get(values["index_no"])
            state = ItemState.PUBLISHED if values["published"] else ItemState.DRAFT
            before = _snapshot(item) if item is not None else {}
            if item is None:
                item = Item(agency=agency, index_no=values["index_no"])
                summary["created"] += 1
            elif (
                all(getattr(item, f) == values[f] for f in FIELDS)
                and item.genre_id == genre.pk  # type: ignore[union-attr]
                and item.theme_id == (theme.pk if theme else None)
                and item.state == state
            ):
                summary["unchanged"] += 1
                continue
            else:
                summary["updated"] += 1
            for field in FIELDS:
                setattr(item, field, values[field])
            item.genre, item.theme, item.state = genre, theme, state  # type: ignore[assignment]
            item.save()
            after = _snapshot(item)
            changed = sorted(k for k in after if before.get(k) != after[k]) if before else sorted(after)
            ItemEvent.objects.create(
                item=item,
                action="import",
                by=user if user is not None and user.pk else None,
                note=name,
                data={
                    "before": {k: before[k] for k in changed} if before else {},
                    "after": {k: after[k] for k in changed},
                },
            )
            if state == ItemState.PUBLISHED:
                search.index(item)
            else:
                search.unindex(item)
        counts = "新增{created}条,更新{updated}条,未变{unchanged}条".format(**summary)
        record(SecurityKind.IMPORT, user=user, agency=agency, detail=f"主动公开台账 {name}:{counts}")
    return summary


def _snapshot(item: Item) -> dict[str, Any]:
    """An item's ledger fields as JSON keeps them, to record what an import changed."""
    values: dict[str, Any] = {f: getattr(item, f) for f in FIELDS}
    values |= {
        "genre": item.genre.name if item.genre_id else "",
        "theme": item.theme.name if item.theme_id else "",
    }
    values["state"] = item.state
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def export_items(agency: Agency, name: str) -> bytes:
    items = list(Item.objects.filter(agency=agency).select_related("genre", "theme").order_by("index_no"))
    extras = sorted({k for i in items for k in i.extra})
    rows = []
    for i in items:
        theme = i.theme.name if i.theme else ""
        validity = i.get_validity_display() if i.validity else ""
        fixed = [i.index_no, i.title, i.publisher, i.doc_number, i.formed, i.published, theme, i.genre.name]
        rows.append([*fixed, validity, i.repealed_on, i.body, *(i.extra.get(k, "") for k in extras)])
    record(SecurityKind.EXPORT, agency=agency, detail=f"导出主动公开台账{len(rows)}条({name})")
    return write_table(HEADERS + extras, rows, name)
