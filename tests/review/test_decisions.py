"""Issue 21 (1, 2): a reviewer confirms or dismisses each finding, the decision stays with the report
through re-checks and re-uploads, confirmed findings become a 整改通知; every rule applied is listed as
通过 / 不通过 / 无法判断 with the numbers on both sides."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from tests.factories import AgencyFactory, UserFactory
from tests.review.test_views import upload
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.review.models import FindingDecision, ReviewBatch

pytestmark = pytest.mark.django_db


def _broken(seed: bytes) -> bytes:
    return seed.decode().replace("规范性文件 |\n1 |", "规范性文件 |\n-1 |", 1).encode()


def _rows(page: str) -> list[tuple[str, str]]:
    """(fingerprint, the row's text) of each finding on the report's page."""
    return [
        (m.group(1), re.sub(r"<[^>]+>", " ", m.group(2)))
        for m in re.finditer(r'<tr id="f-([0-9a-f]+)"(.*?)</tr>', page, re.S)
    ]


def test_decisions_stay_through_a_re_upload_and_make_the_notice(office_client, seed_path, run_tasks):
    broken = _broken(seed_path.read_bytes())
    upload(office_client, [("乙局.txt", broken)], title="第一次", run_tasks=run_tasks)
    batch = ReviewBatch.objects.get()
    item = batch.items.get()
    url = f"/review/{batch.pk}/{item.pk}/"
    rows = _rows(office_client.get(url).content.decode())
    assert len(rows) >= 2 and all("待处理" in text for _, text in rows)
    (negative, _), (other, _) = (
        next(r for r in rows if "不能为负数" in r[1]),
        next(r for r in rows if "不能为负数" not in r[1]),
    )

    # A decision needs its reason; a finding not in the report is refused.
    refused = office_client.post(
        f"{url}decide/", {"fingerprint": other, "decision": "dismissed", "note": " "}
    )
    assert "请填写排除的理由" in office_client.get(refused["Location"]).content.decode()
    office_client.post(f"{url}decide/", {"fingerprint": "0" * 24, "decision": "confirmed", "note": "x"})
    assert not FindingDecision.objects.exists()

    office_client.post(
        f"{url}decide/",
        {"fingerprint": negative, "decision": "confirmed", "note": "请更正为实际件数并重新公布"},
    )
    office_client.post(
        f"{url}decide/", {"fingerprint": other, "decision": "dismissed", "note": "版式原因,非错误"}
    )
    page = office_client.get(url).content.decode()
    decided = dict(_rows(page))
    assert "已确认" in decided[negative] and "请更正为实际件数" in decided[negative]
    assert "已排除" in decided[other] and "版式原因" in decided[other]

    # The same report uploaded again, in a new batch, under another name inside a ZIP.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("重新上传/乙局.txt", broken)
    upload(office_client, [("again.zip", buffer.getvalue())], title="第二次", run_tasks=run_tasks)
    again = ReviewBatch.objects.get(title="第二次")
    item2 = again.items.get()
    page2 = office_client.get(f"/review/{again.pk}/{item2.pk}/").content.decode()
    assert dict(_rows(page2)).keys() == decided.keys()  # the same fingerprints
    assert "已排除" in dict(_rows(page2))[other] and "已确认" in dict(_rows(page2))[negative]
    listing = office_client.get(f"/review/{again.pk}/").content.decode()
    assert 'data-label="已确认">1<' in listing and 'data-label="已排除">1<' in listing

    # The 整改通知: the confirmed finding with what was asked, not the dismissed one.
    docx = office_client.get(f"/review/{again.pk}/{item2.pk}/notice.docx")
    from urllib.parse import unquote

    assert docx.status_code == 200 and "整改通知" in unquote(docx["Content-Disposition"])
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "整改通知" in text and "第四十七条第一款" in text and "请更正为实际件数" in text
    assert "版式原因" not in text and "区政务公开办" in text
    pdf = office_client.get(f"/review/{again.pk}/{item2.pk}/notice.pdf")
    assert pdf.content.startswith(b"%PDF")
    extracted = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True
    ).stdout.decode()
    assert "请更正为实际件数" in re.sub(r"\s+", "", extracted)

    # The workbook says what was decided.
    from xxgk.review.services import batch_workbook

    wb = load_workbook(io.BytesIO(batch_workbook(again)))
    states = {row[5] for row in wb["问题"].iter_rows(min_row=2, values_only=True)}
    assert {"已确认", "已排除"} <= states
    assert wb["核查清单"].max_row > 30

    # Taken back: pending again.
    office_client.post(f"{url}decide/", {"fingerprint": other, "action": "reopen"})
    assert "待处理" in dict(_rows(office_client.get(url).content.decode()))[other]


def test_only_the_reviewing_office_decides_and_sends_notices(office_client, seed_path, run_tasks):
    from django.test import Client

    upload(office_client, [("乙局.txt", _broken(seed_path.read_bytes()))], run_tasks=run_tasks)
    batch = ReviewBatch.objects.get()
    item = batch.items.get()
    fingerprint = _rows(office_client.get(f"/review/{batch.pk}/{item.pk}/").content.decode())[0][0]
    stranger = UserFactory()
    grant_role(stranger, AgencyFactory(name="别的公开办"), Role.REVIEWER)
    client = Client()
    client.force_login(stranger)
    post = client.post(
        f"/review/{batch.pk}/{item.pk}/decide/",
        {"fingerprint": fingerprint, "decision": "confirmed", "note": "x"},
    )
    assert post.status_code == 404 and not FindingDecision.objects.exists()
    assert client.get(f"/review/{batch.pk}/{item.pk}/notice.pdf").status_code == 404
    # No confirmed finding: no notice, and a message saying why.
    nothing = office_client.get(f"/review/{batch.pk}/{item.pk}/notice.docx")
    assert nothing.status_code == 302
    assert "没有已确认的问题" in office_client.get(nothing["Location"]).content.decode()


def test_a_clean_report_says_how_many_checks_passed(office_client, run_tasks):
    from tests.reports.conftest import busy_report
    from tests.reports.test_real_world import page as html_page
    from xxgk.reports.write.html import render_body

    clean = html_page(render_body(busy_report("2021", 2024)))
    upload(office_client, [("甲局.html", clean)], run_tasks=run_tasks)
    batch = ReviewBatch.objects.get()
    item = batch.items.get()
    page = office_client.get(f"/review/{batch.pk}/{item.pk}/").content.decode()
    passed = re.search(r"未发现问题:(\d+)项检查全部通过", page)
    assert passed and int(passed.group(1)) > 30
    # The checklist shows both sides of a sum with their numbers.
    assert "本年新收" in page and "上年结转" in page and "通过" in page
    assert "没有同一机关上年的年报" in page  # what cannot be judged says why


def test_two_years_uploaded_are_compared_on_a_page_and_downloaded(office_client, run_tasks):
    from tests.reports.test_compare import two_years
    from tests.reports.test_real_world import page as html_page
    from xxgk.reports.write.html import render_body

    last, this = two_years()
    this.applications["new"]["total"] *= 4
    this.applications["new"]["natural"] += this.applications["new"]["total"] * 3 // 4
    files = [("2023.html", html_page(render_body(last))), ("2024.html", html_page(render_body(this)))]
    upload(office_client, files, run_tasks=run_tasks)
    batch = ReviewBatch.objects.get()
    listing = office_client.get(f"/review/{batch.pk}/").content.decode()
    link = re.search(r'href="(/review/compare/\d+/\d+/)">某市某区发展和改革委员会:2023年与2024年', listing)
    assert link, listing
    compared = office_client.get(link.group(1)).content.decode()
    assert "2023年与2024年政府信息公开工作年度报告对比" in compared
    assert "本年新收政府信息公开申请由2023年的" in compared  # the sharp change
    assert "变化的单元格" in compared and "第三部分 · 一、本年新收政府信息公开申请数量 · 总计" in compared
    item = batch.items.get(source="2024.html")
    assert link.group(1) in office_client.get(f"/review/{batch.pk}/{item.pk}/").content.decode()
    xlsx = office_client.get(link.group(1), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(xlsx.content))["变化"].max_row > 1
