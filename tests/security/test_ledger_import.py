"""Issue: one CSV row of `xxgk import applications` (or the web ledger import) turned a case handled,
reviewed and answered in the system into "closed, 重复申请" with other dates, applicant type and
text, and the trail said only "台账导入:u.csv"."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.applications.ledger import import_applications
from xxgk.applications.models import Application, Event
from xxgk.applications.services import register
from xxgk.ledgers import LedgerError

HEADERS = ["编号", "申请人类型", "申请方式", "收到日期", "申请内容", "答复日期", "办理结果"]


def ledger(*rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def test_an_import_never_rewrites_a_case_handled_in_the_system(office):
    agency, p = office
    fields = {"applicant_kind": "natural", "applicant_name": "张三", "sought": "某项目批复"}
    app = register(agency, p["clerk"], fields, channel="in_person", received=date(2026, 3, 2)).application
    before = {f: getattr(app, f) for f in ("state", "received", "applicant_kind", "sought", "result")}
    hostile = ledger(
        [app.number, "商业企业", "网上", "2025-01-01", "改写", "2025-01-02", "不予处理-重复申请"]
    )
    with pytest.raises(LedgerError) as refused:
        import_applications(agency, hostile, "u.csv", p["clerk"])
    assert app.number in str(refused.value) and "本系统中办理" in str(refused.value)
    app.refresh_from_db()
    assert {f: getattr(app, f) for f in before} == before
    assert not Event.objects.filter(application=app, action="import").exists()


def test_a_ledger_case_changed_by_a_later_ledger_keeps_before_and_after(office):
    agency, p = office
    import_applications(
        agency, ledger(["L-1", "自然人", "当面", "2025-03-03", "甲", "", ""]), "a.csv", p["clerk"]
    )
    row = ["L-1", "自然人", "当面", "2025-03-04", "甲", "2025-03-20", "予以公开"]
    import_applications(agency, ledger(row), "b.csv", p["clerk"])
    app = Application.objects.get(agency=agency, number="L-1")
    last = Event.objects.filter(application=app).last()
    assert last.data["before"]["received"] == "2025-03-03"
    assert last.data["after"]["received"] == "2025-03-04"
    assert last.data["after"]["result"] == "granted"
    assert "收到日期:2025-03-03 → 2025-03-04" in last.details
    assert (last.from_state, last.to_state) == ("received", "closed")


def test_only_the_agencys_clerks_head_or_admin_import(office):
    agency, _ = office
    stranger = UserFactory(username="stranger")
    with pytest.raises(PermissionDenied):
        import_applications(
            agency, ledger(["L-2", "自然人", "当面", "2025-03-03", "", "", ""]), "c.csv", stranger
        )
    reviewer_only = UserFactory(username="rev")
    grant_role(reviewer_only, agency, Role.REVIEWER)
    with pytest.raises(PermissionDenied):
        import_applications(
            agency, ledger(["L-2", "自然人", "当面", "2025-03-03", "", "", ""]), "c.csv", reviewer_only
        )
    assert not Application.objects.filter(number="L-2").exists()


def test_an_items_import_never_rewrites_an_item_edited_in_the_system(desk):
    from datetime import date as d

    from xxgk.publishing.ledger import import_items
    from xxgk.publishing.models import Item, ItemEvent
    from xxgk.publishing.services import create_item

    agency, people, genres = desk[0], desk[1], desk[2]
    item = create_item(
        agency,
        people["clerk"],
        {
            "title": "原标题",
            "publisher": agency.name,
            "formed": d(2026, 3, 2),
            "genre": genres["工作动态"],
            "body": "原文",
        },
    )
    hostile = (
        "索引号,标题,发布机构,文号,成文日期,发布日期,主题分类,体裁分类,有效性,废止日期,正文\n"
        f"{item.index_no},改写的标题,{agency.name},,2026-03-02,2026-03-03,,工作动态,,,改写\n"
    ).encode()
    with pytest.raises(LedgerError) as refused:
        import_items(agency, hostile, "u.csv", people["clerk"])
    assert "本系统中编辑发布" in str(refused.value)
    item.refresh_from_db()
    assert (item.title, item.body, item.state) == ("原标题", "原文", "draft")
    # A ledger item changed by a later ledger: what it was and what it became are both kept.
    first = "索引号,标题,发布机构,文号,成文日期,发布日期,主题分类,体裁分类,有效性,废止日期,正文\nL/1,甲,某局,,2020-01-02,,,工作动态,,,正文\n"
    import_items(agency, first.encode(), "a.csv", people["clerk"])
    import_items(agency, first.replace(",甲,", ",乙,").encode(), "b.csv", people["clerk"])
    event = ItemEvent.objects.filter(item=Item.objects.get(index_no="L/1")).last()
    assert event.data == {"before": {"title": "甲"}, "after": {"title": "乙"}}
