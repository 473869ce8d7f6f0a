"""Reports fetched from their links (xxgk/reports/fetch.py), against a local web site."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.webserver import CORPUS
from xxgk.reports.fetch import Fetcher, HostPacer, parse_list
from xxgk.reports.review import check_links, read_link


def fetcher_for(*urls: str, **kwargs) -> Fetcher:
    kwargs.setdefault("allow_private", True)  # the local site is on loopback
    kwargs.setdefault("pacer", HostPacer(0))
    return Fetcher.for_list(urls, **kwargs)


def expected(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))


def test_an_article_page_leads_to_its_pdf_and_both_are_kept_as_evidence(report_site):
    article = (
        "<html><body><h1>淮安市人民政府2024年政府信息公开工作年度报告</h1><p>现予公布。</p>"
        '<a href="/files/notice.docx">附件:填报说明</a>'
        '<a href="/reports/huaian-city-2024.pdf">淮安市人民政府2024年政府信息公开工作年度报告.pdf</a>'
        "</body></html>"
    ).encode()
    report_site.add("/art/2025/1/20/art_1.html", article, Content_Type="text/html; charset=utf-8")
    url = report_site.url("/art/2025/1/20/art_1.html")
    read = read_link(fetcher_for(url), url)

    assert read.checked.error is None
    got, want = read.checked.report.as_json(), expected("huaian-city-2024.pdf")
    for key in ("version", "year", "proactive", "applications", "appeals"):
        assert got[key] == want[key], key
    assert read.checked.source == url
    assert [e.url for e in read.evidence] == [url, report_site.url("/reports/huaian-city-2024.pdf")]
    pdf = (CORPUS / "huaian-city-2024.pdf").read_bytes()
    assert read.document is read.evidence[1] and read.document.data == pdf
    assert read.evidence[1].sha256 == hashlib.sha256(pdf).hexdigest()
    assert read.evidence[0].sha256 == hashlib.sha256(article).hexdigest()
    assert read.evidence[0].fetched_at <= read.evidence[1].fetched_at


def test_a_report_published_as_a_page_is_read_from_the_page(report_site):
    url = report_site.url("/reports/shanghai-govoffice-2019.html")
    read = read_link(fetcher_for(url), url)
    assert (
        read.checked.report.as_json()["applications"]
        == expected("shanghai-govoffice-2019.html")["applications"]
    )
    assert len(read.evidence) == 1


def test_loopback_and_private_addresses_are_refused_unless_allowed(report_site):
    url = report_site.url("/reports/shanghai-govoffice-2019.html")
    fetched = fetcher_for(url, allow_private=False).fetch(url)
    assert "本机或内网地址" in fetched.error and not fetched.data
    assert report_site.requests == []  # refused before any connection
    for private in (
        "http://10.1.2.3/a.pdf",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",
    ):
        assert "内网" in fetcher_for(private, allow_private=False).fetch(private).error


def test_redirects_are_followed_only_to_listed_hosts(report_site):
    report_site.add("/moved", b"", 302, Location="/reports/shanghai-govoffice-2019.html")
    report_site.add("/away", b"", 302, Location=report_site.url("/reports/x.pdf", host="localhost"))
    moved, away = report_site.url("/moved"), report_site.url("/away")
    fetcher = fetcher_for(moved, away)
    ok = fetcher.fetch(moved)
    assert ok.error == "" and ok.final_url.endswith("/reports/shanghai-govoffice-2019.html")
    refused = fetcher.fetch(away)
    assert "清单以外的网站“localhost”" in refused.error
    assert not any(path == "/reports/x.pdf" for _, path in report_site.requests)


def test_size_time_and_status_limits(report_site):
    endless, slow, missing = (report_site.url(p) for p in ("/endless", "/slow", "/nothing.pdf"))
    assert "超过1MB" in fetcher_for(endless, max_bytes=1024 * 1024).fetch(endless).error
    assert "超过1秒" in fetcher_for(slow, total_seconds=1).fetch(slow).error
    assert fetcher_for(missing).fetch(missing).error == "网站返回 HTTP 404"


def test_only_listed_web_addresses_are_fetched(report_site):
    fetcher = fetcher_for(report_site.url("/"))
    assert "只能获取 http:// 或 https://" in fetcher.fetch("file:///etc/passwd").error
    assert "用户名或密码" in fetcher.fetch(report_site.url("/").replace("//", "//user:pw@")).error
    assert "不在清单所列的网站中" in fetcher.fetch("http://example.org/report.pdf").error


def test_requests_to_one_host_are_spaced(monkeypatch):
    now = [100.0]
    slept: list[float] = []
    monkeypatch.setattr("time.sleep", lambda s: (slept.append(round(s, 3)), now.__setitem__(0, now[0] + s)))
    pacer = HostPacer(1.0, clock=lambda: now[0])
    pacer.wait("a.gov.cn")
    pacer.wait("b.gov.cn")  # another host: no wait
    now[0] += 0.25
    pacer.wait("a.gov.cn")
    assert slept == [0.75]


def test_a_list_is_lines_of_urls_or_a_csv_of_agency_and_url():
    listed, problems = parse_list(
        "机构名称,年报网址\n"
        "某区教育局,https://jyj.example.gov.cn/art/1.html\n"
        "https://mzj.example.gov.cn/2025.pdf\n"
        "\n"
        "某街道,没有网址\n"
    )
    assert [(x.agency, x.url) for x in listed] == [
        ("某区教育局", "https://jyj.example.gov.cn/art/1.html"),
        ("", "https://mzj.example.gov.cn/2025.pdf"),
    ]
    assert problems == ["第5行没有以 http:// 或 https:// 开头的网址:某街道,没有网址"]


def test_check_links_reads_each_and_names_the_listed_agency_where_the_report_does_not(report_site):
    from xxgk.reports.fetch import Listed

    bare = b"<html><body><p>no report here</p></body></html>"
    report_site.add("/empty.html", bare, Content_Type="text/html")
    urls = [report_site.url("/reports/huaian-hongze-2023.pdf"), report_site.url("/empty.html")]
    reads = check_links([Listed(urls[0], "洪泽区"), Listed(urls[1], "某局")], fetcher_for(*urls))
    assert reads[0].checked.report.year == 2023
    assert ("appeals.group_total", "四/review/total") in {
        (f.rule, f.where) for f in reads[0].checked.findings
    }
    assert reads[1].checked.report.agency == "某局"
    assert [f.rule for f in reads[1].checked.findings] == ["structure.tables"]  # one finding, not dozens


@pytest.mark.parametrize("allow", [True, False])
def test_cli_check_urls(report_site, tmp_path, capsys, allow):
    from xxgk.cli import main

    url = report_site.url("/reports/huaian-city-2024.pdf")
    listing = tmp_path / "list.csv"
    listing.write_text(f"机构名称,年报网址\n淮安市人民政府,{url}\n", encoding="utf-8")
    code = main(["check", "--urls", str(listing), "--json", *(["--allow-private"] if allow else [])])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 1 and lines[0]["source"] == url
    if allow:
        assert code == 0
        assert lines[0]["applications"] == expected("huaian-city-2024.pdf")["applications"]
        pdf = (CORPUS / "huaian-city-2024.pdf").read_bytes()
        assert lines[0]["fetched"][0]["sha256"] == hashlib.sha256(pdf).hexdigest()
    else:
        assert code == 1 and "本机或内网地址" in lines[0]["error"]
