"""Exports of a built report: each read back by the 年报核查 readers gives the same tables; the PDF
carries Chinese text with embedded fonts; the DOCX opens in LibreOffice and converts to PDF."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.applications.test_ledger import as_csv, make_ledger
from xxgk.annual import services as annual
from xxgk.applications.ledger import import_applications
from xxgk.reports.read import read_bytes

TABLES = ("version", "year", "proactive", "applications", "appeals")
TEXTS = {
    "一": "{年度}年,{机关}{主动公开情况}。新收申请{新收申请}件。",
    "五": "个别栏目更新不够及时,将加强审核。",
    "六": "{收费情况}。",
}


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have {tool} (./dev installs it)")
        pytest.skip(f"{tool} is not installed")
    return found


@pytest.fixture
def built(staff):
    agency, people = staff
    import_applications(agency, as_csv(make_ledger(n=120, seed=5)), "台账.csv", people["clerk"])
    report = annual.get_or_start(agency, 2025)
    report = annual.save_draft(
        report, people["clerk"], {"licensing.decisions": 31, "fees.amount_wan": "2.75"}, TEXTS
    )
    return annual.build(report)


@pytest.mark.parametrize("fmt", ["text", "html", "docx", "pdf"])
def test_each_export_reads_back_to_the_same_tables(built, fmt):
    suffix = annual.EXPORTS[fmt][0]
    again = read_bytes(annual.export(built, fmt), f"年报.{suffix}")
    want, got = built.as_json(), again.as_json()
    for key in TABLES:
        assert got[key] == want[key], (fmt, key)
    assert got["agency"] == "某区发展和改革委员会"
    assert built.applications["new"]["total"] > 0


def test_json_export_is_the_report_model(built):
    import json

    data = json.loads(
        annual.export(built, "json", [{"rule": "r", "severity": "warning", "message": "m", "where": "一"}])
    )
    assert data["proactive"]["fees"] == {"amount_wan": "2.75"}
    assert data["findings"][0]["rule"] == "r"


def test_pdf_has_chinese_text_and_embedded_fonts(built, tmp_path):
    pdf = tmp_path / "年报.pdf"
    pdf.write_bytes(annual.export(built, "pdf"))
    text = subprocess.run([need("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "某区发展和改革委员会2025年政府信息公开工作年度报告" in "".join(text.split())  # the title wraps
    for heading in ("一、总体情况", "三、收到和处理政府信息公开申请情况", "六、其他需要报告的事项"):
        assert heading in text
    fonts = subprocess.run([need("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts  # embedded
    # Render the first page: a page of text, not blank boxes (tofu would still be dark, so the
    # pdftotext check above is what proves the glyphs are Chinese; this proves it renders).
    subprocess.run([need("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
                   check=True)  # fmt: skip
    from PIL import Image

    page = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(1 for v in page.tobytes() if v < 128)
    assert dark > 2000
    keep = Path(os.environ.get("XXGK_VAR_DIR", "var")) / "e2e" / "annual-pdf-page1.png"
    keep.parent.mkdir(parents=True, exist_ok=True)
    page.save(keep)


def test_docx_opens_in_libreoffice_and_converts_to_pdf(built, tmp_path):
    docx = tmp_path / "report.docx"
    docx.write_bytes(annual.export(built, "docx"))
    profile = tmp_path / "lo-profile"  # a private profile: parallel runs do not share a lock
    subprocess.run(
        [need("soffice"), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "report.pdf"
    assert pdf.exists() and pdf.stat().st_size > 5000
    text = subprocess.run(
        [need("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "政府信息公开工作年度报告" in text.replace(" ", "").replace("\n", "")
    assert "收到和处理政府信息公开申请情况" in text
    again = read_bytes(pdf.read_bytes(), "report.pdf")  # LibreOffice's PDF reads back too
    assert again.as_json()["applications"] == built.as_json()["applications"]
