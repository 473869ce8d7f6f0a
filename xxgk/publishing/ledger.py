"""主动公开台账 (ledgers.md): import all-or-nothing and idempotently, keyed by 索引号; export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from xxgk.agencies.models import Agency, Role
from xxgk.agencies.selectors import has_role
from xxgk.ledgers import LedgerError, as_json, changed_keys, parse_date, read_table, write_table
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
    "状态",
    "所解读文件索引号",
    "撤回理由",
]  # one column set for export and import: what is exported imports unchanged
REQUIRED = ("索引号", "标题", "发布机构", "成文日期", "发布日期", "体裁分类")
VALIDITY = {
    "现行有效": Validity.IN_FORCE,
    "已废止": Validity.REPEALED,
    "已修改": Validity.AMENDED,
    "": Validity.NONE,
}
ROLES = {"规章": GenreRole.RULES, "规范性文件": GenreRole.NORMATIVE, "行政规范性文件": GenreRole.NORMATIVE,
         "政策解读": GenreRole.INTERPRETATION}  # fmt: skip
STATES = {state.label: state.value for state in ItemState}
FIELDS = (
    "state",
    "withdrawn_reason",
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
        state_text = str(cells.get("状态", "") or "").strip()
        if state_text and state_text not in STATES:
            problems.append(f"第{number}行“状态”列:“{state_text}”应为" + "、".join(STATES) + "之一")
        published_states = (ItemState.PUBLISHED, ItemState.WITHDRAWN)
        # Without the column (a ledger of paper-era work) a row with a 发布日期 is published.
        state = STATES.get(state_text) or (
            ItemState.PUBLISHED if values.get("published") else ItemState.DRAFT
        )
        if state_text in STATES and (state in published_states) != bool(values.get("published")):
            problems.append(
                f"第{number}行“发布日期”列:“{state_text}”的信息"
                + ("必须填写发布日期" if state in published_states else "不能有发布日期")
            )
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
                state=state,
                withdrawn_reason=str(cells.get("撤回理由", "") or "").strip()[:300],
                interprets=str(cells.get("所解读文件索引号", "") or "").strip(),
                extra={k: str(v) for k, v in cells.items() if k not in HEADERS and v not in (None, "")},
            )
            parsed.append(values)
    others = (
        Item.objects.filter(index_no__in=list(seen)).exclude(agency=agency).values_list("index_no", flat=True)
    )
    problems += [f"第{seen[n]}行“索引号”列:“{n}”已被其他机关使用" for n in others]
    targets = {v["interprets"] for v in parsed if v["interprets"]}
    known = set(seen) | set(
        Item.objects.filter(agency=agency, index_no__in=list(targets)).values_list("index_no", flat=True)
    )
    problems += [
        f"第{v['row']}行“所解读文件索引号”列:本机关没有索引号为“{v['interprets']}”的信息"
        for v in parsed
        if v["interprets"] and v["interprets"] not in known
    ]
    if problems:
        raise LedgerError(problems)
    if user is not None and not has_role(user, agency, Role.CLERK, Role.HEAD, Role.ADMIN):
        raise PermissionDenied(f"只有“{agency.name}”的信息员、负责人或管理员可以导入其台账")
    summary = {"created": 0, "updated": 0, "unchanged": 0}
    cache: dict[tuple[str, str], Category] = {}
    absent = [field for field, column in KEPT_WHEN_ABSENT.items() if column not in headers]
    with transaction.atomic():
        existing = {
            i.index_no: i
            for i in Item.objects.filter(agency=agency, index_no__in=list(seen)).select_related(
                "genre", "theme", "interpretation_of"
            )
        }
        # An item drafted, reviewed (保密审查, personal data) and published in the system changes only
        # through those steps; a ledger row must not rewrite it. Its own row, exported and imported
        # unchanged, changes nothing and is accepted. Items from ledgers stay importable.
        handled = set(
            ItemEvent.objects.filter(item__in=existing.values())
            .exclude(action="import")
            .values_list("item__index_no", flat=True)
        )
        plans = []
        refused = []
        for values in parsed:
            item = existing.get(values["index_no"])
            before = _snapshot(item) if item is not None else {}
            for field in absent if before else ():
                values[field] = before[field]
            after = _row_snapshot(values)
            changed = changed_keys(before, after)
            if values["index_no"] in handled and changed:
                refused.append(
                    f"第{values['row']}行“索引号”列:“{values['index_no']}”是在本系统中编辑发布的信息,"
                    f"台账导入不能修改(与系统中不同的是:{'、'.join(_COLUMN_OF.get(k, k) for k in changed)}),"
                    "请在“主动公开”中修改"
                )
            plans.append((item, values, before, after, changed))
        if refused:
            raise LedgerError(refused)
        saved: dict[str, Item] = {}
        for item, values, before, after, changed in plans:
            if item is None:
                item = Item(agency=agency, index_no=values["index_no"])
                summary["created"] += 1
            elif not changed:
                summary["unchanged"] += 1
                continue
            else:
                summary["updated"] += 1
            for field in FIELDS:
                setattr(item, field, values[field])
            item.genre = _category(agency, CategoryKind.GENRE, values["genre"], cache)  # type: ignore[assignment]
            item.theme = _category(agency, CategoryKind.THEME, values["theme"], cache)
            item.save()
            saved[item.index_no] = item
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
        # Interpretations are linked once every row exists: a 解读 may stand above its document.
        for _item, values, *_ in plans:
            item = saved.get(values["index_no"])
            if item is None:
                continue
            target = values["interprets"]
            item.interpretation_of = (  # type: ignore[assignment]
                (saved.get(target) or Item.objects.get(agency=agency, index_no=target)) if target else None
            )
            item.save(update_fields=["interpretation_of"])
            if item.state == ItemState.PUBLISHED:
                search.index(item)
            else:
                search.unindex(item)
        counts = "新增{created}条,更新{updated}条,未变{unchanged}条".format(**summary)
        record(SecurityKind.IMPORT, user=user, agency=agency, detail=f"主动公开台账 {name}:{counts}")
    return summary


KEPT_WHEN_ABSENT = {"withdrawn_reason": "撤回理由", "interprets": "所解读文件索引号"}
_COLUMN_OF = {
    "state": "状态", "withdrawn_reason": "撤回理由", "title": "标题", "publisher": "发布机构",
    "doc_number": "文号", "formed": "成文日期", "published": "发布日期", "validity": "有效性",
    "repealed_on": "废止日期", "body": "正文", "extra": "其他列", "genre": "体裁分类", "theme": "主题分类",
    "interprets": "所解读文件索引号",
}  # fmt: skip


def _snapshot(item: Item) -> dict[str, Any]:
    """An item's ledger fields as JSON keeps them, to record what an import changed."""
    values: dict[str, Any] = {f: getattr(item, f) for f in FIELDS}
    values |= {
        "genre": item.genre.name if item.genre_id else "",
        "theme": item.theme.name if item.theme_id else "",
        "interprets": item.interpretation_of.index_no if item.interpretation_of_id else "",  # type: ignore[union-attr]
    }
    return as_json(values)


def _row_snapshot(values: dict[str, Any]) -> dict[str, Any]:
    """The same fields as a ledger row gives them."""
    return as_json({f: values[f] for f in (*FIELDS, "genre", "theme", "interprets")})


def export_items(agency: Agency, name: str) -> bytes:
    items = list(
        Item.objects.filter(agency=agency)
        .select_related("genre", "theme", "interpretation_of")
        .order_by("index_no")
    )
    extras = sorted({k for i in items for k in i.extra})
    rows = []
    for i in items:
        theme = i.theme.name if i.theme else ""
        validity = i.get_validity_display() if i.validity else ""
        fixed = [i.index_no, i.title, i.publisher, i.doc_number, i.formed, i.published, theme, i.genre.name]
        interprets = i.interpretation_of.index_no if i.interpretation_of else ""  # type: ignore[union-attr]
        rows.append([
            *fixed, validity, i.repealed_on, i.body, i.get_state_display(), interprets, i.withdrawn_reason,
            *(i.extra.get(k, "") for k in extras),
        ])  # fmt: skip
    record(SecurityKind.EXPORT, agency=agency, detail=f"导出主动公开台账{len(rows)}条({name})")
    return write_table(HEADERS + extras, rows, name)
