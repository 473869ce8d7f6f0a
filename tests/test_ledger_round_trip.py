"""A ledger exported and imported again is the same record (issue 23): both ledgers, cases in progress
included, every field the ledger carries compared, into an empty agency and into the same one."""

from __future__ import annotations

from typing import Any

import pytest

from xxgk.agencies.models import Agency
from xxgk.annual.demo import load_demo
from xxgk.applications import ledger as app_ledger
from xxgk.applications.models import Application
from xxgk.publishing import ledger as item_ledger
from xxgk.publishing.models import Item, ItemState

pytestmark = pytest.mark.django_db


def _applications(agency: Agency) -> dict[str, dict[str, Any]]:
    out = {}
    for app in Application.objects.filter(agency=agency).prefetch_related("appeals"):
        fields = {f: getattr(app, f) for f in app_ledger.FIELDS}
        fields["appeals"] = sorted((a.kind, a.outcome, a.decided) for a in app.appeals.all())
        out[app.number] = fields
    return out


def _items(agency: Agency) -> dict[str, dict[str, Any]]:
    return {
        i.index_no: item_ledger._snapshot(i)
        for i in Item.objects.filter(agency=agency).select_related("genre", "theme", "interpretation_of")
    }


@pytest.fixture
def demo():
    load_demo()
    return Agency.objects.get(name="某区发展和改革委员会")


def test_the_demo_ledgers_round_trip_into_an_empty_agency(demo):
    name = "ledger.xlsx"  # the form agencies exchange; CSV is read by the same code
    apps, items = _applications(demo), _items(demo)
    states = {fields["state"] for fields in apps.values()}
    assert len(states) >= 5, "the demo holds cases at several stages"
    assert {i["state"] for i in items.values()} >= {ItemState.PUBLISHED, ItemState.DRAFT}
    app_file = app_ledger.export_applications(demo, name)
    item_file = item_ledger.export_items(demo, name)

    # Into the same agency: nothing changes, cases handled in the system included.
    assert str(app_ledger.import_applications(demo, app_file, name)) == f"新增0件,更新0件,未变{len(apps)}件"
    assert item_ledger.import_items(demo, item_file, name) == {
        "created": 0, "updated": 0, "unchanged": len(items),
    }  # fmt: skip

    _a_changed_row_of_a_case_handled_in_the_system_is_refused_and_says_what_differs(demo)

    # Into an empty agency: every field the same. 索引号 are unique across the platform, so the
    # demo's items are moved aside first, as if the ledger went to another platform.
    empty = Agency.objects.create(code="91350100M0009EMPTY", name="空白机关")
    assert str(app_ledger.import_applications(empty, app_file, name)) == f"新增{len(apps)}件,更新0件,未变0件"
    assert _applications(empty) == apps
    for item in Item.objects.filter(agency=demo):
        Item.objects.filter(pk=item.pk).update(index_no=f"moved/{item.pk}")
    assert item_ledger.import_items(empty, item_file, name)["created"] == len(items)
    assert _items(empty) == items


def _a_changed_row_of_a_case_handled_in_the_system_is_refused_and_says_what_differs(demo):
    from xxgk.ledgers import LedgerError, read_table, write_table

    headers, rows = read_table(app_ledger.export_applications(demo, "l.csv"), "l.csv")
    handled = Application.objects.filter(agency=demo).exclude(events__action="import").first()
    for _n, cells in rows:
        if cells["编号"] == handled.number:
            cells["申请内容"] = "改过的内容"
    data = write_table(headers, [[cells.get(h, "") for h in headers] for _n, cells in rows], "l.csv")
    with pytest.raises(LedgerError) as caught:
        app_ledger.import_applications(demo, data, "l.csv")
    assert "申请内容" in str(caught.value) and handled.number in str(caught.value)
