import io
import zipfile

import pytest
from openpyxl import load_workbook

from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.review.models import ReviewBatch

pytestmark = pytest.mark.django_db


def upload(client, files, title="测试批次", run_tasks=None):
    """Upload as the page does; with `run_tasks`, then let the worker check the batch."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    payload = [SimpleUploadedFile(name, data) for name, data in files]
    response = client.post("/review/", {"agency": client.office.pk, "title": title, "files": payload})
    if run_tasks is not None:
        run_tasks()
    return response


def test_upload_check_view_and_download(office_client, seed_path, run_tasks):
    seed = seed_path.read_bytes()
    broken = seed.decode().replace("规范性文件 |\n1 |", "规范性文件 |\n-1 |", 1).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("乙局.txt", broken)
        archive.writestr("../逃逸.txt", seed)
    response = upload(
        office_client,
        [("甲局.txt", seed), ("两份.zip", buffer.getvalue()), ("坏.docx", b"junk")],
        run_tasks=run_tasks,
    )
    assert response.status_code == 302
    batch = ReviewBatch.objects.get()
    assert batch.items.count() == 3  # the zip's good member, the seed and the damaged docx
    assert any("路径不安全" in why for _, why in batch.rejected)

    page = office_client.get(response["Location"]).content.decode()
    assert "已核查3份报告,2份有错误,2份有警告" in page  # the damaged docx has an error, no warning
    assert "两份.zip!乙局.txt" in page and "路径不安全" in page
    assert "2份报告逐项相加" in page and "另有1份无法读取的报告未计入汇总" in page

    broken_item = batch.items.get(source="两份.zip!乙局.txt")
    detail = office_client.get(f"/review/{batch.pk}/{broken_item.pk}/").content.decode()
    assert 'class="finding-error"' in detail and 'data-where="二/normative_docs/made"' in detail
    assert "不能为负数" in detail
    assert "规范性文件" in detail  # the source side

    asked = office_client.post("/exports/", {"kind": "review_workbook", "object": batch.pk})
    waiting = office_client.get(asked["Location"]).content.decode()
    assert "正在后台生成年报核查工作簿" in waiting
    run_tasks()
    ready = office_client.get(asked["Location"]).content.decode()
    assert "下载 review-" in ready
    xlsx = office_client.get(asked["Location"] + "download")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    sheet = wb["单元格"]
    assert sheet.max_row == 2 + 3 + 1  # two header rows, one per report, then the 汇总 row
    assert sheet.cell(sheet.max_row, 1).value == "汇总"
    assert any(row[0] == "坏.docx" for row in wb["问题"].iter_rows(values_only=True))


def test_sum_of_a_clean_batch(office_client, seed_path, run_tasks):
    seed = seed_path.read_bytes()
    response = upload(office_client, [("甲.txt", seed), ("乙.txt", seed)], run_tasks=run_tasks)
    page = office_client.get(response["Location"]).content.decode()
    assert "2020年,2019版格式,2份报告逐项相加" in page
    # normative_docs.made is 1 in each, so 2 in the sum
    assert "<td>2</td>" in page


def test_other_agencies_cannot_see_a_batch(office_client, client, seed_path):
    upload(office_client, [("甲.txt", seed_path.read_bytes())])
    batch = ReviewBatch.objects.get()
    stranger = UserFactory()
    grant_role(stranger, AgencyFactory(), Role.REVIEWER)
    client.force_login(stranger)
    assert client.get(f"/review/{batch.pk}/").status_code == 404
    assert client.post("/exports/", {"kind": "review_workbook", "object": batch.pk}).status_code == 404


def test_anonymous_is_sent_to_login(client):
    assert client.get("/review/").status_code == 302


def test_upload_without_files_says_what_is_missing(office_client):
    page = office_client.post("/review/", {"agency": office_client.office.pk}).content.decode()
    assert "请上传年报文件,或填写年报网址、上传网址清单" in page
    assert not ReviewBatch.objects.exists()
