"""Issue 22 (1), 国办发〔2019〕54号: the 标准目录 imported and exported as XLSX, shared by a district's
乡镇/街道 beside their own entries, items linked to entries, and how far each entry is covered."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from tests.factories import AgencyFactory, UserFactory
from tests.publishing.conftest import desk  # noqa: F401 (a fixture)
from tests.publishing.test_items import new, through
from xxgk.agencies.models import AgencyLevel, Role
from xxgk.agencies.services import grant_role
from xxgk.catalogue import services
from xxgk.catalogue.models import CatalogueEntry
from xxgk.ledgers import LedgerError
from xxgk.rules.catalogue import Cycle, coverage

pytestmark = pytest.mark.django_db

ROWS = [
    ["义务教育", "区县级", "学区划分方案", "学区范围、招生对象", "《义务教育法》", "形成后20个工作日内", 20, "每年", "区教育局", "政府网站", "全社会", "主动公开"],
    ["财政预决算", "区县级", "部门预算", "预算表、说明", "《预算法》第十四条", "批复后20日内", 20, "每年", "各部门", "政府网站", "全社会", "主动公开"],
    ["价格监测", "区县级", "主要商品价格", "品种、价格", "《价格法》", "每月10个工作日内", 10, "每月", "区发改委", "政府网站", "全社会", "主动公开"],
    ["政务服务", "区县级", "办事指南", "事项、材料、流程", "《优化营商环境条例》", "常态公开", 5, "常态公开", "各部门", "政务服务网", "全社会", "主动公开"],
    ["应急管理", "区县级", "突发事件信息", "事件、处置", "《突发事件应对法》", "事件发生后及时", 1, "事项发生时", "各部门", "政府网站", "全社会", "主动公开"],
]  # fmt: skip


def xlsx(rows, headers=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers or services.HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_rules_of_coverage():
    day_after = lambda end, n=5: date.fromordinal(end.toordinal() + n)  # noqa: E731
    # January's published 3 February (in time); nothing for February; March's 30 March; April runs.
    got = coverage(Cycle.MONTHLY, 2026, date(2026, 4, 20), [date(2026, 2, 3), date(2026, 3, 30)], day_after)
    assert got.status == "逾期" and got.note == "未公开:02-01至02-28(应于2026-03-05前公开)"
    assert coverage(Cycle.YEARLY, 2026, date(2026, 12, 8), [], day_after).status == "未到期"
    assert coverage(Cycle.YEARLY, 2025, date(2026, 12, 8), [date(2026, 1, 4)], day_after).status == "按期"
    assert coverage(Cycle.EVENT, 2026, date(2026, 12, 8), [], day_after).status == "无法判断"
    assert coverage(Cycle.STANDING, 2026, date(2026, 12, 8), [], day_after).status == "逾期"


def test_import_refuses_a_bad_file_whole_then_takes_and_exports_a_good_one(desk):  # noqa: F811
    agency, people, _, _ = desk
    bad = [list(r) for r in ROWS]
    bad[1][7] = "每两年"
    bad[2][2] = ""
    with pytest.raises(LedgerError) as caught:
        services.import_catalogue(people["clerk"], agency, xlsx(bad), "目录.xlsx")
    assert "第3行“公开周期”" in str(caught.value) and "第4行“公开事项”为空" in str(caught.value)
    assert not CatalogueEntry.objects.exists()
    done = services.import_catalogue(people["clerk"], agency, xlsx(ROWS), "目录.xlsx")
    assert (done.created, done.updated) == (5, 0)
    again = services.import_catalogue(people["clerk"], agency, xlsx(ROWS[:2]), "目录.xlsx")
    assert (again.created, again.updated) == (0, 2)
    exported = load_workbook(io.BytesIO(services.export_catalogue(services.entries_for(agency))))
    rows = list(exported.active.iter_rows(values_only=True))
    assert list(rows[0]) == services.HEADERS and [list(r) for r in rows[1:]] == ROWS  # exported as imported
    stranger = UserFactory()
    grant_role(stranger, AgencyFactory(), Role.CLERK)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.import_catalogue(stranger, agency, xlsx(ROWS), "目录.xlsx")


def test_a_township_shares_the_district_s_catalogue_and_what_is_covered(desk, client):  # noqa: F811
    agency, people, _, _ = desk
    services.import_catalogue(people["clerk"], agency, xlsx(ROWS), "目录.xlsx")
    town = AgencyFactory(name="某街道办事处", parent=agency, level=AgencyLevel.TOWNSHIP)
    clerk = UserFactory()
    grant_role(clerk, town, Role.CLERK)
    services.import_catalogue(clerk, town, xlsx([["社会救助", "乡镇级", "低保名单", "姓名、金额", "《社会救助暂行办法》", "每季度", 10, "每季度", "街道", "公示栏", "全社会", "主动公开"]]), "街道.csv".replace(".csv", ".xlsx"))  # fmt: skip
    assert services.entries_for(town).count() == 6 and services.entries_for(agency).count() == 5
    # The district's price entry, published for January only; its guide standing.
    price = CatalogueEntry.objects.get(matter="主要商品价格")
    guide = CatalogueEntry.objects.get(matter="办事指南")
    item = new(desk, title="1月主要商品价格", catalogue_entry=price)
    through(desk, item)  # published 2026-11-05: not within January's limit
    from xxgk.publishing.models import Item

    Item.objects.filter(pk=item.pk).update(published=date(2026, 2, 6))
    through(desk, new(desk, title="办事指南汇编", catalogue_entry=guide))
    lines = {line.entry.matter: line for line in services.completeness(agency, 2026, date(2026, 12, 8))}
    assert (
        lines["主要商品价格"].coverage.status == "逾期"
        and "02-01至02-28" in lines["主要商品价格"].coverage.note
    )
    assert "01-01至01-31" not in lines["主要商品价格"].coverage.note  # January's was in time
    assert lines["办事指南"].coverage.status == "按期"
    assert lines["突发事件信息"].coverage.status == "无法判断"
    assert lines["学区划分方案"].coverage.status == "未到期"
    client.force_login(people["clerk"])
    page = client.get("/catalogue/completeness/", {"agency": agency.code, "year": "2026"}).content.decode()
    assert "逾期" in page and "主要商品价格" in page
    form = client.get("/publishing/new/").content.decode()
    assert "标准目录事项" in form and "主要商品价格" in form
    listing = client.get("/catalogue/", {"agency": agency.code}).content.decode()
    assert "学区划分方案" in listing and "导入标准目录" in listing
    from xxgk.oversight.indicators import indicators

    (row,) = indicators([agency], 2026, date(2026, 12, 8))
    assert row.cells["标准目录"].status == "未达标" and "主要商品价格" in row.cells["标准目录"].why


def test_at_dawn_on_new_year_s_day_in_a_year_without_its_holiday_notice(desk, client):  # noqa: F811
    """05:30 on 1 January 2027 in Beijing (still 31 December in UTC), 2027's notice not loaded: the
    pages answer for 2027, and December's information is due on a provisional date, never an error."""
    import time_machine

    agency, people, _, _ = desk
    services.import_catalogue(people["clerk"], agency, xlsx(ROWS), "目录.xlsx")
    with time_machine.travel("2027-01-01 05:30 +0800", tick=False):
        lines = {line.entry.matter: line for line in services.completeness(agency, 2026, date(2027, 1, 1))}
        price = lines["主要商品价格"].coverage
        # November's was due in December; December's falls in January 2027 (provisional): not yet due.
        assert price.status == "逾期" and "11-01至11-30" in price.note and "12-01" not in price.note
        client.force_login(people["clerk"])
        page = client.get("/catalogue/completeness/", {"agency": agency.code}).content.decode()
        assert "2027年标准目录公开情况" in page
        assert client.get("/oversight/indicators/").status_code == 200
