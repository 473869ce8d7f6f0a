from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xxgk.publishing import search, services
from xxgk.publishing.models import Item, ItemEvent, ItemState
from xxgk.publishing.selectors import normative_rows
from xxgk.publishing.services import (
    confirm_secrecy,
    create_item,
    mask_finding,
    publication_due,
    publish,
    set_validity,
    update_item,
    waive_finding,
    withdraw,
)


def approve(item, reviewer, **kw):
    """The reviewer's approval of a draft its clerk has submitted (提交审核) — the usual path."""
    if item.submitted_at is None:
        from xxgk.agencies.models import Membership, Role

        services.submit(item, Membership.objects.filter(agency=item.agency, role=Role.CLERK).first().user)
    return services.approve(item, reviewer, **kw)


def new(desk, genre="工作动态", body="我委开展扶贫项目调研。", **kw):
    agency, people, genres, theme = desk
    fields = {"title": kw.pop("title", "关于开展扶贫项目调研的通知"), "publisher": agency.name, "formed": kw.pop("formed", date(2026, 11, 2)),
              "genre": genres[genre], "theme": theme, "body": body, **kw}  # fmt: skip
    return create_item(agency, people["clerk"], fields)


def through(desk, item, **approve_kw):
    _, people, _, _ = desk
    confirm_secrecy(item, people["reviewer"])
    approve(item, people["reviewer"], **approve_kw)
    return publish(item, people["clerk"], date(2026, 11, 5))


def test_index_numbers_follow_agency_year_and_sequence(desk):
    agency = desk[0]
    a, b = new(desk), new(desk)
    c = new(desk, formed=date(2025, 12, 30))
    assert a.index_no == f"{agency.code}/2026-00001"
    assert b.index_no == f"{agency.code}/2026-00002"
    assert c.index_no == f"{agency.code}/2025-00001"


def test_personal_data_blocks_approval_until_masked(desk):
    _, people, _, _ = desk
    item = new(desk, body="联系人张三,身份证号110101199003076579,咨询电话010-68001234。")
    (finding,) = item.privacy_findings.all()  # the agency's own number is no finding
    assert finding.kind == "id18" and "110101199003076579" in finding.context
    confirm_secrecy(item, people["reviewer"])
    with pytest.raises(ValidationError, match="1处个人信息"):
        approve(item, people["reviewer"])
    item = mask_finding(finding, people["clerk"])
    assert "110101********6579" in item.body and "110101199003076579" not in item.body
    through(desk, Item.objects.get(pk=item.pk))
    assert Item.objects.get(pk=item.pk).state == ItemState.PUBLISHED
    assert item.versions.count() >= 3


def test_a_waiver_needs_a_reviewer_and_a_reason(desk):
    _, people, _, _ = desk
    item = new(desk, body="举报电话13800138000。")
    (finding,) = item.privacy_findings.all()
    with pytest.raises(ValidationError, match="理由"):
        waive_finding(finding, people["reviewer"], " ")
    waive_finding(finding, people["reviewer"], "该号码为本机关公开的举报电话")
    item = update_item(item, people["clerk"], {"title": "改过的标题"})  # an edit keeps the decision
    assert [f.status for f in item.privacy_findings.all()] == ["waived"]
    assert item.secrecy_checked_at is None  # but a changed item needs a new 保密审查
    assert through(desk, item).state == ItemState.PUBLISHED


def test_normative_document_needs_its_interpretation_or_a_reason(desk):
    _, people, _, _ = desk
    doc = new(desk, genre="规范性文件", title="某区政府投资项目管理办法", doc_number="某发改规〔2026〕1号")
    confirm_secrecy(doc, people["reviewer"])
    with pytest.raises(ValidationError, match="政策解读"):
        approve(doc, people["reviewer"])
    reading = new(desk, genre="政策解读", title="《某区政府投资项目管理办法》解读", interpretation_of=doc)
    confirm_secrecy(reading, people["reviewer"])
    approve(reading, people["reviewer"])
    with pytest.raises(ValidationError, match="同步发布"):
        publish(reading, people["clerk"])
    approve(doc, people["reviewer"])
    publish(doc, people["clerk"], date(2026, 11, 6))
    reading.refresh_from_db()
    assert (reading.state, reading.published) == (ItemState.PUBLISHED, date(2026, 11, 6))
    other = new(desk, genre="规范性文件", title="另一个办法")
    confirm_secrecy(other, people["reviewer"])
    approve(other, people["reviewer"], no_interpretation_reason="内容为程序性修改,无需解读")
    assert ItemEvent.objects.filter(item=other, action="approve", note__contains="程序性修改").exists()


def test_search_finds_two_character_words_and_forgets_withdrawn_items(desk):
    _, people, _, _ = desk
    hit = through(desk, new(desk, title="2026年扶贫项目资金公示"))
    through(desk, new(desk, title="机关党支部学习会", body="学习党的二十届四中全会精神。"))
    published = Item.objects.filter(state=ItemState.PUBLISHED)
    assert list(search.matching(published, "扶贫")) == [hit]
    assert list(search.matching(published, "项目 资金")) == [hit]
    assert list(search.matching(published, "扶")) == [hit]  # one character: the words it starts
    assert list(search.matching(published, "资金 党支部")) == []
    withdraw(hit, people["reviewer"], "内容有误")
    assert list(search.matching(Item.objects.all(), "扶贫")) == []


def test_time_limits_per_category(desk):
    today = date(2026, 10, 9)
    news = publication_due(new(desk, genre="工作动态", formed=date(2026, 9, 30)), today)
    assert (news.due, news.left, news.note) == (date(2026, 10, 10), 1, "")  # 3 wd over National Day
    money = publication_due(new(desk, genre="财务公开", formed=date(2026, 8, 10)), today)
    assert money.due == date(2026, 9, 7) and money.left < 0 and money.css == "overdue"  # 20 wd, quarter
    assert money.describe() == "应于2026-09-07前公开(已超期)"


def test_a_time_limit_reaching_a_year_without_its_notice_is_provisional(desk):
    # 3 wd from Wed 2026-12-30: 12-31, (2027-01-01 元旦), 01-04, 01-05.
    due = publication_due(new(desk, genre="工作动态", formed=date(2026, 12, 30)), date(2026, 12, 30))
    assert due.due == date(2027, 1, 5) and due.note.startswith("2027年的节假日安排尚未公布")
    assert due.describe() == "应于2027-01-05(暂定)前公开"


def test_normative_register_gives_section_two(desk):
    _, people, _, _ = desk
    docs = []
    for n, formed in enumerate((date(2025, 3, 1), date(2026, 2, 2), date(2026, 5, 6))):
        d = new(desk, genre="规范性文件", title=f"办法{n}", formed=formed)
        confirm_secrecy(d, people["reviewer"])
        approve(d, people["reviewer"], no_interpretation_reason="测试")
        publish(d, people["clerk"], formed)
        docs.append(d)
    new(desk, genre="规范性文件", title="未发布的办法", formed=date(2026, 7, 1))
    set_validity(docs[0], people["clerk"], "repealed", date(2026, 6, 30))
    assert normative_rows(desk[0], 2026, "2021")["normative_docs"] == {
        "issued": 2,
        "repealed": 1,
        "in_force": 2,
    }
    assert normative_rows(desk[0], 2025, "2021")["normative_docs"] == {
        "issued": 1,
        "repealed": 0,
        "in_force": 1,
    }
    assert normative_rows(desk[0], 2026, "2019")["normative_docs"] == {
        "made": 3,
        "published": 2,
        "total_public": 3,
    }


def test_attachments_are_checked_for_personal_data(desk, run_tasks):
    import io

    from docx import Document
    from openpyxl import Workbook

    from xxgk.publishing.services import add_attachment

    _, people, _, _ = desk
    item = new(desk, body="见附件。")
    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "王某"
    table.cell(0, 1).text = "110101199003076579"
    buffer = io.BytesIO()
    doc.save(buffer)
    add_attachment(item, people["clerk"], "名单.docx", buffer.getvalue())
    wb = Workbook()
    wb.active.append(["联系电话", "13800138000"])
    xlsx = io.BytesIO()
    wb.save(xlsx)
    add_attachment(item, people["clerk"], "联系人.xlsx", xlsx.getvalue())
    assert not item.privacy_findings.exists()  # the worker reads attachments, not the request
    from xxgk.publishing.services import confirm_secrecy

    confirm_secrecy(item, people["reviewer"])
    with pytest.raises(ValidationError, match="正在提取"):
        approve(item, people["reviewer"])
    run_tasks()
    found = sorted((f.source, f.kind) for f in item.privacy_findings.all())
    assert found == [("附件:名单.docx", "id18"), ("附件:联系人.xlsx", "mobile")]
    # 遮盖 takes the value out of the file itself; the original is kept for the agency.
    for finding in item.privacy_findings.all():
        mask_finding(finding, people["clerk"])
    docx_file = item.attachments.get(name="名单.docx")
    masked_doc = Document(io.BytesIO(docx_file.file.open("rb").read()))
    assert masked_doc.tables[0].cell(0, 1).text == "110101********6579"
    assert b"110101199003076579" not in docx_file.file.open("rb").read()
    assert docx_file.original and "110101199003076579" in _docx_text(docx_file.original.open("rb").read())
    finding = item.privacy_findings.get(kind="id18")
    assert finding.status == "masked" and "110101199003076579" not in finding.shown_context
    assert "110101199003076579" not in finding.context
    services.check_privacy(item)
    assert not item.privacy_findings.filter(status="open").exists()
    with pytest.raises(ValidationError, match="附件只能是"):
        add_attachment(item, people["clerk"], "程序.exe", b"MZ")


def test_a_longer_period_set_by_another_law_stands_only_with_its_basis(desk):
    # Art. 26: 20个工作日内及时公开。法律、法规对政府信息公开的期限另有规定的,从其规定。
    from django.core.exceptions import ValidationError as DjangoValidationError

    from xxgk.publishing.models import Category, CategoryKind
    from xxgk.rules.deadlines import publication_deadline
    from xxgk.rules.workdays import WorkingDayCalendar

    agency = desk[0]
    longer = Category(agency=agency, kind=CategoryKind.GENRE, name="统计公报", limit_days=30)
    with pytest.raises(DjangoValidationError) as refused:
        longer.full_clean()
    assert "法律、法规" in str(refused.value)
    assert longer.time_limit.days == 20  # without its basis, the statutory maximum
    longer.limit_basis = "《中华人民共和国统计法》第二十四条"
    longer.full_clean()
    calendar = WorkingDayCalendar()
    due = publication_deadline(calendar, date(2026, 3, 2), longer.time_limit)
    assert due == calendar.add(date(2026, 3, 2), 30) and "统计法" in longer.time_limit.describe()


def test_a_draft_is_submitted_for_review_and_may_be_returned(desk):
    _agency, people, _, _ = desk
    item = new(desk)
    confirm_secrecy(item, people["reviewer"])
    with pytest.raises(ValidationError, match="尚未提交审核"):
        services.approve(item, people["reviewer"])
    with pytest.raises(PermissionDenied):
        services.submit(item, people["reviewer"])  # the clerk says when a draft is ready
    services.submit(item, people["clerk"])
    with pytest.raises(ValidationError, match="已于"):
        services.submit(item, people["clerk"])
    with pytest.raises(ValidationError, match="退回的原因"):
        services.return_to_clerk(item, people["reviewer"], " ")
    services.return_to_clerk(item, people["reviewer"], "标题请写全称")
    item.refresh_from_db()
    assert item.submitted_at is None
    assert list(item.events.values_list("action", "note"))[-2:] == [
        ("submit", ""),
        ("return", "标题请写全称"),
    ]
    services.submit(item, people["clerk"])
    assert services.approve(item, people["reviewer"]).state == ItemState.APPROVED


def test_the_desk_finds_pages_and_approves_or_publishes_in_bulk(client, desk):
    _, people, _, _ = desk
    ready = [new(desk, title=f"公示{n}") for n in range(3)]
    for item in ready:
        confirm_secrecy(item, people["reviewer"])
        services.submit(item, people["clerk"])
    blocked = new(desk, title="含个人信息的公示", body="联系人身份证号110101199003074514")
    confirm_secrecy(blocked, people["reviewer"])
    services.submit(blocked, people["clerk"])
    unchecked = new(desk, title="未保密审查的公示")
    services.submit(unchecked, people["clerk"])
    client.force_login(people["reviewer"])
    page = client.get("/publishing/").content.decode()
    assert "批量审核通过" in page and "批量发布" not in page
    # Only rows that can take the step are offered; the others say why.
    assert f'id="pick-{blocked.pk}"' not in page and "不能批量审核:还有1处个人信息" in page
    assert f'id="pick-{unchecked.pk}"' in page and "未保密审查" in page
    refused = client.post("/publishing/bulk/", {"action": "approve", "items": [unchecked.pk]}, follow=True)
    assert "尚未进行保密审查" in refused.content.decode()
    client.post("/publishing/bulk/", {"action": "approve", "items": [unchecked.pk], "secrecy": "confirmed"})
    unchecked.refresh_from_db()
    assert unchecked.state == ItemState.APPROVED and unchecked.secrecy_checked_by == people["reviewer"]
    assert unchecked.events.filter(action="secrecy").exists()
    page = client.get("/publishing/").content.decode()
    assert f'id="pick-{unchecked.pk}"' not in page  # approved: a row to publish, not to approve again
    response = client.post(
        "/publishing/bulk/", {"action": "approve", "items": [i.pk for i in [*ready, blocked]]}, follow=True
    )
    text = response.content.decode()
    assert "已审核通过3条" in text and "未能审核通过“含个人信息的公示”:还有1处个人信息" in text
    assert Item.objects.filter(state=ItemState.APPROVED).count() == 4
    client.force_login(people["clerk"])
    page = client.get("/publishing/").content.decode()
    assert "批量发布" in page and f'id="pub-{unchecked.pk}"' in page
    client.post("/publishing/bulk/", {"action": "publish", "items": [i.pk for i in ready]})
    assert Item.objects.filter(state=ItemState.PUBLISHED).count() == 3
    found = client.get("/publishing/", {"q": "公示1"}).content.decode()
    assert "共1条" in found
    assert "共3条" in client.get("/publishing/", {"state": "published"}).content.decode()


def test_bulk_steps_reach_only_the_users_agencies(client, desk):
    from tests.factories import AgencyFactory, UserFactory
    from xxgk.agencies.models import Role
    from xxgk.agencies.services import grant_role

    _, people, _, _ = desk
    item = new(desk)
    confirm_secrecy(item, people["reviewer"])
    services.submit(item, people["clerk"])
    stranger = UserFactory()
    grant_role(stranger, AgencyFactory(), Role.REVIEWER)
    client.force_login(stranger)
    text = client.post(
        "/publishing/bulk/", {"action": "approve", "items": [item.pk]}, follow=True
    ).content.decode()
    assert "请先勾选" in text
    item.refresh_from_db()
    assert item.state == ItemState.DRAFT


def _docx_text(data):
    import io

    from docx import Document

    doc = Document(io.BytesIO(data))
    return "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)


def _pdf_with(text):
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), text, fontname="china-s")
    return doc.tobytes()


def test_masking_a_pdf_attachment_draws_the_text_out_of_the_page(desk, run_tasks):
    import subprocess
    import tempfile

    from xxgk.publishing.services import add_attachment

    _, people, _, _ = desk
    item = new(desk, body="见附件。")
    add_attachment(item, people["clerk"], "公示.pdf", _pdf_with("公示对象 王某 手机 13912345678 地址某路"))
    run_tasks()
    (finding,) = item.privacy_findings.all()
    assert finding.kind == "mobile"
    mask_finding(finding, people["clerk"])
    attachment = item.attachments.get()
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(attachment.file.open("rb").read())
        handle.flush()
        text = subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True).stdout
    # The text is gone (not covered): what pdftotext reads has no number, the rest is still there.
    assert "13912345678" not in text and "公示对象" in text and "地址某路" in text
    assert attachment.original.open("rb").read() != attachment.file.open("rb").read()
    event = item.events.filter(action="mask").get()
    assert "139****5678" in event.note and "1处" in event.note


def test_a_value_that_cannot_be_located_in_the_file_is_an_error_not_a_pass(desk, run_tasks):
    from xxgk.publishing.services import add_attachment

    _, people, _, _ = desk
    item = new(desk, body="见附件。")
    add_attachment(item, people["clerk"], "公示.pdf", _pdf_with("公示对象 王某 手机 13912345678 地址某路"))
    run_tasks()
    finding = item.privacy_findings.get()
    # As if the text layer said one thing and the drawing another (split glyphs, odd encodings).
    type(finding).objects.filter(pk=finding.pk).update(value="13912345679")
    item.attachments.update(text="手机 13912345679")
    finding.refresh_from_db()
    with pytest.raises(ValidationError, match=r"未能在附件“公示\.pdf”中找到"):
        mask_finding(finding, people["clerk"])
    finding.refresh_from_db()
    assert finding.status == "open" and not item.attachments.get().original


def test_masking_an_image_attachment_paints_over_a_copy(desk, run_tasks, settings):
    import io
    import shutil

    from PIL import Image, ImageChops, ImageDraw, ImageFont

    from xxgk.publishing.services import add_attachment

    if not shutil.which("tesseract"):
        pytest.skip("tesseract-ocr is not installed")
    _, people, _, _ = desk
    image = Image.new("RGB", (1400, 200), "white")
    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 40)
    ImageDraw.Draw(image).text((20, 60), "身份证号码 110101199003076579 电话", fill="black", font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    item = new(desk, body="见附件。")
    add_attachment(item, people["clerk"], "证件.png", buffer.getvalue())
    run_tasks()
    finding = item.privacy_findings.get(kind="id18")
    mask_finding(finding, people["clerk"])
    masked = Image.open(io.BytesIO(item.attachments.get().file.open("rb").read())).convert("RGB")
    # Painted over where the number is drawn (x 230-630 at this size), the words beside it left.
    left, _top, right, _bottom = ImageChops.difference(image, masked).getbbox()
    assert 200 < left < 240 and 620 < right < 660
    assert masked.getpixel((430, 85)) == (0, 0, 0)


def test_the_portal_serves_the_masked_attachment_of_a_published_item_only(desk, run_tasks, client):
    from xxgk.publishing.services import add_attachment

    agency, people, _, _ = desk
    item = new(desk, body="见附件。")
    add_attachment(item, people["clerk"], "公示.pdf", _pdf_with("公示对象 王某 手机 13912345678 地址某路"))
    run_tasks()
    attachment = item.attachments.get()
    url = f"/gk/{agency.code}/items/{item.url_number}/files/{attachment.pk}/"
    assert client.get(url).status_code == 404  # a draft's file is not public
    mask_finding(item.privacy_findings.get(), people["clerk"])
    through(desk, item)
    page = client.get(f"/gk/{agency.code}/items/{item.url_number}/").content.decode()
    assert url in page
    attachment.refresh_from_db()
    served = b"".join(client.get(url).streaming_content)
    assert served == attachment.file.open("rb").read() != attachment.original.open("rb").read()
    client.force_login(people["clerk"])
    original = client.get(f"/publishing/{item.pk}/attachments/{attachment.pk}/?original=1")
    assert b"".join(original.streaming_content) == attachment.original.open("rb").read()
