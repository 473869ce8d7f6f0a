"""Generated reports for benchmarks: balanced random numbers in many variants of real layouts."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from pathlib import Path

from xxgk.reports.write.docx import render_docx
from xxgk.reports.write.html import render_body, render_html
from xxgk.reports.write.pdf import render_pdf
from xxgk.reports.write.text import render_text
from xxgk.rules.formats import SECTIONS, report_format, version_for_year
from xxgk.rules.report import AnnualReport

KINDS = ("natural", "business", "research", "ngo", "legal", "other")
AGENCIES = (
    "发展和改革委员会",
    "教育局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
)
PLACES = ("某市甲区", "某市乙区", "某县", "某市丙区", "某自治县")


def random_report(rng: random.Random, year: int) -> AnnualReport:
    version = version_for_year(year)
    fmt = report_format(version)
    agency = rng.choice(PLACES) + rng.choice(AGENCIES)
    r = AnnualReport.blank(version, fill=0, year=year, agency=agency)
    for item in fmt.proactive:
        for col in item.columns:
            if col.kind == "amount":
                r.proactive[item.code][col.code] = Decimal(rng.randint(0, 99999)) / 100
            elif col.kind == "delta":
                r.proactive[item.code][col.code] = rng.randint(-20, 20)
            else:
                r.proactive[item.code][col.code] = rng.choice(
                    (0, 0, rng.randint(1, 30), rng.randint(100, 5000))
                )
    results = [row.code for row in fmt.result_rows]
    for kind in KINDS:
        handled = 0
        for code in results:
            value = rng.choice((0, 0, 0, rng.randint(1, 9), rng.randint(10, 1500)))
            r.applications[code][kind] = value
            handled += value
        carried_in, carried_out = rng.randint(0, 5), rng.randint(0, 5)
        extra = max(0, carried_in - handled - carried_out)
        r.applications["carried_in"][kind] = carried_in
        r.applications["carried_out"][kind] = carried_out + extra
        r.applications["handled_total"][kind] = handled
        r.applications["new"][kind] = handled + carried_out + extra - carried_in
    for row in fmt.application_rows:
        r.applications[row.code]["total"] = sum(r.applications[row.code][k] for k in KINDS)
    for group, _ in fmt.appeal_groups:
        c = r.appeals[group]
        c.update(
            upheld=rng.randint(0, 9),
            corrected=rng.randint(0, 3),
            other=rng.randint(0, 2),
            pending=rng.randint(0, 4),
        )
        c["total"] = c["upheld"] + c["corrected"] + c["other"] + c["pending"]
    n = rng.randint(50, 900)
    parts = [rng.randint(1, n // 4) for _ in range(3)]
    texts = {
        key: f"本年度{title}方面,我单位依法依规开展工作,广大群众满意度持续提升。" * rng.randint(2, 12)
        for key, title in SECTIONS
    }
    texts["一"] = (
        f"(一)主动公开\n全年共公开政府信息{n}条,其中工作动态{parts[0]}条、通知公告{parts[1]}条、政策解读{parts[2]}条等。\n"
        + texts["一"]
    )
    texts["六"] = "无。"
    r.with_standard_sections(texts)
    return r


def _site_html(report: AnnualReport, rng: random.Random) -> str:
    """A page as a government site serves it: layout tables, navigation, <br> in headers,
    thousands separators and full-width digits here and there."""
    body = render_body(report)
    body = body.replace("本年新制作数量", "本年新<br>制作数量").replace("本年制发件数", "本年制发<br>件数")
    body = re.sub(r"<td>(\d{4,})</td>", lambda m: f"<td>{int(m.group(1)):,}</td>", body)
    if rng.random() < 0.5:
        body = body.translate(str.maketrans("0123456789", "0123456789"))
    nav = "".join(f"<li><a href='/col/{i}'>栏目{i}</a></li>" for i in range(30))
    return (
        f"<html><head><meta charset='utf-8'><title>{report.agency}</title>"
        "<script>var s=1;</script></head><body>"
        f"<div id='top'><ul>{nav}</ul></div><table width='1000'><tr><td width='200'><ul>{nav}</ul></td>"
        f"<td><div class='article'>{body}</div></td></tr></table>"
        "<div id='foot'>主办单位 版权所有</div></body></html>"
    )


def write_corpus(out: Path, counts: dict[str, int], seed: int = 2026) -> dict[str, list[Path]]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, list[Path]] = {kind: [] for kind in counts}
    for kind, count in counts.items():
        for i in range(count):
            report = random_report(rng, rng.choice((2019, 2020, 2021, 2023, 2024, 2025)))
            path = out / f"{kind}-{i:04d}.{'html' if kind.startswith('html') else kind}"
            if kind == "txt":
                path.write_text(render_text(report), encoding="utf-8")
            elif kind == "html":
                path.write_text(render_html(report), encoding="utf-8")
            elif kind == "html-site":
                path.write_text(_site_html(report, rng), encoding="utf-8")
            elif kind == "docx":
                path.write_bytes(render_docx(report))
            elif kind == "pdf":
                path.write_bytes(render_pdf(report))
            files[kind].append(path)
    return files
