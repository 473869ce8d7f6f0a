"""Random and truncated input to every reader: findings or a clear error, never a crash or a hang."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.reports.conftest import busy_report
from xxgk.reports.read import UnreadableReport, read_bytes
from xxgk.reports.write.docx import render_docx
from xxgk.reports.write.html import render_html
from xxgk.reports.write.pdf import render_pdf
from xxgk.reports.write.text import render_text
from xxgk.rules.checks import check_report

_REPORT = busy_report("2019", 2020)
RENDERED = {
    "txt": render_text(_REPORT).encode(),
    "html": render_html(_REPORT).encode(),
    "docx": render_docx(_REPORT),
    "pdf": render_pdf(_REPORT),
}
CELLISH = st.sampled_from(
    ["|", "||", "0 |", "1,234 |", "规章 |", "(七)总计 |", "一、总体情况", "行政复议 |", "\n", "十 |"]
)


def read_and_check(data: bytes, name: str) -> None:
    try:
        report = read_bytes(data, name)
    except UnreadableReport as exc:
        assert str(exc)  # a clear message
        return
    check_report(report)  # the checks take whatever the reader made of it


@settings(deadline=5000, max_examples=120)
@given(st.text(max_size=3000))
def test_random_text(text):
    read_and_check(text.encode("utf-8", "surrogatepass"), "r.txt")
    read_and_check(text.encode("utf-8", "surrogatepass"), "r.html")


@settings(deadline=5000, max_examples=120)
@given(st.lists(CELLISH, max_size=400))
def test_random_table_shaped_text(parts):
    read_and_check("\n".join(parts).encode(), "r.txt")


@settings(deadline=5000, max_examples=80)
@given(st.binary(max_size=4000))
def test_random_bytes_to_every_reader(data):
    for ext in ("txt", "html", "docx", "pdf"):
        read_and_check(data, f"r.{ext}")


@pytest.mark.parametrize("ext", list(RENDERED))
@settings(deadline=10000, max_examples=25)
@given(fraction=st.floats(min_value=0, max_value=1))
def test_truncated_files(ext, fraction):
    data = RENDERED[ext]
    read_and_check(data[: int(len(data) * fraction)], f"cut.{ext}")
