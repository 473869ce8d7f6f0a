"""Scanned attachments are checked too (issue 20): an image-only PDF page and a PNG showing an ID
number and a phone number are read by OCR in the worker and their personal data found; what OCR
cannot read is marked 未能检查 and the reviewer confirms it by hand before the item can be approved."""

from __future__ import annotations

import io
import shutil
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageDraw, ImageFont

from xxgk.publishing.services import (
    add_attachment,
    approve,
    confirm_checked,
    confirm_secrecy,
    create_item,
    submit,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("tesseract") is None, reason="tesseract-ocr is not installed (./dev installs it)"
    ),
]
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
ID_NUMBER, PHONE = "110101199003074514", "13800138000"


def scan(lines: list[str]) -> Image.Image:
    """A page as a scanner gives it: black text on white, no text layer."""
    image = Image.new("RGB", (1400, 160 + 90 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 48)
    for n, line in enumerate(lines):
        draw.text((60, 80 + 90 * n), line, fill="black", font=font)
    return image


def as_bytes(image: Image.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, resolution=200.0) if kind == "PDF" else image.save(buffer, kind)
    return buffer.getvalue()


@pytest.fixture
def draft(desk):
    agency, people, genres, _ = desk
    fields = {
        "title": "关于某项目的公示",
        "publisher": agency.name,
        "formed": date(2026, 11, 2),
        "genre": genres["工作动态"],
    }
    item = create_item(agency, people["clerk"], {**fields, "body": "公示如下。"})
    return item, people["clerk"], people["reviewer"]


@pytest.mark.parametrize(("name", "kind"), [("身份证复印件.png", "PNG"), ("扫描件.pdf", "PDF")])
def test_a_scan_showing_an_id_and_a_phone_number_is_read_and_checked(draft, run_tasks, name, kind):
    item, clerk, reviewer = draft
    page = scan([f"身份证号 {ID_NUMBER}", f"联系电话 {PHONE}"])
    attachment = add_attachment(item, clerk, name, as_bytes(page, kind))
    run_tasks()
    attachment.refresh_from_db()
    assert attachment.text_state == "done" and ID_NUMBER in attachment.text.replace(" ", "")
    kinds = set(item.privacy_findings.values_list("kind", flat=True))
    assert "id18" in kinds and "mobile" in kinds, kinds
    confirm_secrecy(item, reviewer)
    submit(item, clerk)
    with pytest.raises(ValidationError, match="个人信息未遮盖"):
        approve(item, reviewer)


def test_what_ocr_cannot_read_waits_for_the_reviewers_check(draft, run_tasks):
    item, clerk, reviewer = draft
    photo = Image.effect_noise((600, 400), 80).convert("RGB")  # a photograph: no legible text
    attachment = add_attachment(item, clerk, "现场照片.png", as_bytes(photo, "PNG"))
    run_tasks()
    attachment.refresh_from_db()
    assert attachment.text_state == "done" and "未识别出足够的文字" in attachment.unchecked
    confirm_secrecy(item, reviewer)
    submit(item, clerk)
    with pytest.raises(ValidationError, match="未能自动检查个人信息"):
        approve(item, reviewer)
    with pytest.raises(Exception, match="审核人"):
        confirm_checked(item, attachment.pk, clerk)  # a reviewer's confirmation, not the clerk's
    confirm_checked(item, attachment.pk, reviewer)
    assert approve(item, reviewer).state == "approved"
    assert item.events.filter(action="checked").exists()


def test_without_tesseract_a_scan_is_unchecked_not_damaged(draft, run_tasks, monkeypatch):
    import pytesseract

    item, clerk, _ = draft
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    monkeypatch.setenv("XXGK_PARSE_IN_PROCESS", "1")  # the patched command must reach the parser
    attachment = add_attachment(item, clerk, "扫描件.png", as_bytes(scan([f"电话 {PHONE}"]), "PNG"))
    run_tasks()
    attachment.refresh_from_db()
    assert attachment.text_state == "done" and "未安装文字识别程序" in attachment.unchecked
    assert "损坏" not in attachment.text_error


def test_the_reviewer_sees_opens_and_confirms_the_unchecked_attachment_on_the_item_page(
    draft, client, run_tasks
):
    from django.urls import reverse

    item, clerk, reviewer = draft
    photo = Image.effect_noise((300, 200), 80).convert("RGB")
    attachment = add_attachment(item, clerk, "现场照片.png", as_bytes(photo, "PNG"))
    run_tasks()
    client.force_login(reviewer)
    page = client.get(reverse("publishing:item", args=[item.pk])).content.decode()
    assert f'id="unchecked-{attachment.pk}"' in page and "已人工核对,无需遮盖的个人信息" in page
    download = client.get(reverse("publishing:attachment", args=[item.pk, attachment.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    client.post(reverse("publishing:act", args=[item.pk]), {"action": "checked", "attachment": attachment.pk})
    attachment.refresh_from_db()
    assert attachment.checked_by == reviewer
    from tests.factories import AgencyFactory, UserFactory
    from xxgk.agencies.models import Role
    from xxgk.agencies.services import grant_role

    stranger = UserFactory()
    grant_role(stranger, AgencyFactory(), Role.REVIEWER)
    client.force_login(stranger)
    assert client.get(reverse("publishing:attachment", args=[item.pk, attachment.pk])).status_code == 404
