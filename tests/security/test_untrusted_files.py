"""Issue: an item attachment (a DOCX of 1.2 MB whose document.xml unpacks to 300 MB) took 103 s,
raised the server to 2.4 GB and was parsed inside a transaction that locked SQLite for every other
user; images were accepted by name; a ZIP upload to 年报核查 was read whole into memory."""

import io
import time
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.security.slow_parsers import allocate, sleep_then_answer
from xxgk.publishing import extract
from xxgk.publishing.models import ItemAttachment
from xxgk.publishing.services import add_attachment, create_item
from xxgk.untrusted import UntrustedFileError, run_limited


def bomb_docx(unpacked_mb: int = 40) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:p/>" * (unpacked_mb * 1024 * 1024 // 6))
    return out.getvalue()


@pytest.fixture
def item(desk):
    agency, people, genres, _ = desk
    fields = {
        "title": "附件测试",
        "publisher": agency.name,
        "formed": date(2026, 3, 2),
        "genre": genres["工作动态"],
        "body": "正文",
    }
    return create_item(agency, people["clerk"], fields), people["clerk"]


def test_a_zip_bomb_attachment_is_refused_before_it_is_unpacked(item):
    it, clerk = item
    data = bomb_docx()
    assert len(data) < 200 * 1024  # small on the wire
    start = time.perf_counter()
    with pytest.raises(ValidationError, match="压缩炸弹"):
        add_attachment(it, clerk, "通知.docx", data)
    assert time.perf_counter() - start < 5
    assert not ItemAttachment.objects.exists()


def test_an_attachment_whose_bytes_are_not_what_its_name_says_is_refused(item, desk, run_tasks):
    item_reviewer = desk[1]["reviewer"]
    it, clerk = item
    with pytest.raises(ValidationError, match="文件名与内容不符"):
        add_attachment(it, clerk, "照片.png", b"<script>alert(1)</script>")
    with pytest.raises(ValidationError, match="文件名与内容不符"):
        add_attachment(it, clerk, "文件.pdf", b"MZ\x90\x00 not a pdf")
    broken_png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    attachment = add_attachment(it, clerk, "图.png", broken_png)  # only parsing tells it is damaged
    run_tasks()
    attachment.refresh_from_db()
    assert attachment.text_state == "failed" and "无法读取" in attachment.text_error
    # An attachment whose text could not be checked for personal data holds the item back.
    from xxgk.publishing.services import approve, confirm_secrecy, remove_attachment, submit

    reviewer = item_reviewer
    confirm_secrecy(it, reviewer)
    submit(it, clerk)
    with pytest.raises(ValidationError, match="无法读取"):
        approve(it, reviewer)
    remove_attachment(attachment, clerk)
    assert approve(it, reviewer).state == "approved"


def test_attachment_text_is_read_outside_any_transaction(item, monkeypatch, run_tasks):
    it, clerk = item
    seen = []
    real = extract.run_limited

    def spy(*args, **kwargs):
        seen.append(len(connection.atomic_blocks))
        return real(*args, **kwargs)

    monkeypatch.setattr(extract, "run_limited", spy)
    from docx import Document

    doc = Document()
    doc.add_paragraph("联系人张三,身份证号码110101199003074514")
    buffer = io.BytesIO()
    doc.save(buffer)
    attachment = add_attachment(it, clerk, "名单.docx", buffer.getvalue())
    assert seen == []  # not in the request
    run_tasks()
    attachment.refresh_from_db()
    assert "110101199003074514" in attachment.text
    assert it.privacy_findings.filter(kind="id18").exists()
    # pytest-django wraps each test in a transaction of its own: the read happens at that depth,
    # never inside the service's own atomic block.
    assert seen == [len(connection.atomic_blocks)]


def test_a_parse_that_runs_too_long_or_takes_too_much_memory_is_stopped():
    start = time.perf_counter()
    with pytest.raises(UntrustedFileError, match="超过1秒"):
        run_limited(sleep_then_answer, 30, name="慢文件.pdf", seconds=1)
    assert time.perf_counter() - start < 10
    with pytest.raises(UntrustedFileError, match="资源限制"):
        run_limited(allocate, 2048, name="大文件.docx", memory=512 * 1024 * 1024)
    assert run_limited(sleep_then_answer, 0, name="好文件.pdf") == "done"
