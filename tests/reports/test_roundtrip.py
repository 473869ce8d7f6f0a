"""The same report saved as text, HTML, DOCX and PDF reads back to the same JSON."""

import pytest

from tests.reports.conftest import busy_report
from xxgk.reports.read import read_bytes, read_path
from xxgk.reports.write.docx import render_docx
from xxgk.reports.write.html import render_html
from xxgk.reports.write.pdf import render_pdf
from xxgk.reports.write.text import render_text
from xxgk.rules.checks import check_report

WRITERS = {
    "txt": lambda r: render_text(r).encode(),
    "html": lambda r: render_html(r).encode(),
    "docx": render_docx,
    "pdf": render_pdf,
}


def as_json(report):
    out = report.as_json(check_report(report))
    out.pop("source")
    return out


def test_seed_through_every_format_in_a_chain(seed_path):
    """seed → txt → html → docx → pdf → txt: each reading equals the seed's."""
    report = read_path(seed_path)
    expected = as_json(report)
    for ext in ("txt", "html", "docx", "pdf", "txt"):
        report = read_bytes(WRITERS[ext](report), f"report.{ext}")
        assert as_json(report) == expected, ext


@pytest.mark.parametrize("version,year", [("2019", 2020), ("2021", 2024)])
@pytest.mark.parametrize("ext", list(WRITERS))
def test_busy_report_round_trip(ext, version, year):
    report = busy_report(version, year)
    expected = as_json(report)
    assert expected["findings"] == []  # the fixture is balanced: a finding would be a reader bug
    back = read_bytes(WRITERS[ext](report), f"report.{ext}")
    assert as_json(back) == expected
    assert back.agency == "某市某区发展和改革委员会" and back.year == year


@pytest.mark.parametrize("ext", ["txt", "html", "docx"])
def test_each_format_renders_into_each_other(ext):
    report = busy_report()
    expected = as_json(report)
    first = read_bytes(WRITERS[ext](report), f"a.{ext}")
    for other in WRITERS:
        if other != "pdf":  # PDF is covered by the chain and the busy tests; it is the slow one
            assert as_json(read_bytes(WRITERS[other](first), f"b.{other}")) == expected, other


def test_every_export_prints_the_formats_full_width_labels():
    """Issue 14: printed labels use the format's full-width punctuation in HTML, DOCX, PDF and text."""
    import io
    import subprocess
    import tempfile

    from docx import Document

    labels = (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "本年收费金额（单位：万元）",
        "（七）总计",
    )
    report = busy_report("2021", 2024)
    html = render_html(report)
    text = render_text(report)
    doc = Document(io.BytesIO(render_docx(report)))
    docx_text = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(render_pdf(report))
        f.flush()
        pdf_text = subprocess.run(
            ["pdftotext", f.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    for label in labels:
        assert label in html and label in text and label in docx_text, label
        assert label.replace("（", "").replace("）", "")[:6] in pdf_text.replace("\n", "").replace(
            "（", ""
        ).replace("）", "")
    assert "(二)部分公开" not in html and "(单位:万元)" not in text
