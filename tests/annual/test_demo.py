"""The demo agency: its 2020 records give the seed report's tables, and every screen has data."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from xxgk.annual import services as annual
from xxgk.annual.demo import DEMO_CODE, load_demo
from xxgk.annual.models import Report, ReportState
from xxgk.applications.models import Application
from xxgk.cli import main
from xxgk.publishing.models import Item, ItemState
from xxgk.reports.read import read_path

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_ad288fcdc6056ce1.txt"
TABLES = ("version", "year", "proactive", "applications", "appeals")


@pytest.fixture
def demo(db):
    load_demo(today=date(2026, 11, 20))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_2020_report_gives_the_seed_tables_and_reads_back_without_error(demo, capsys, tmp_path):
    if not SEED.exists():
        pytest.fail(f"seed report missing: {SEED}")
    seed = read_path(SEED).as_json()
    code, out, _ = run(capsys, "report", "build", "--year", "2020", "--format", "json", "--agency", DEMO_CODE)
    assert code == 0
    built = json.loads(out)
    for key in TABLES:
        assert built[key] == seed[key], key
    assert built["proactive"]["normative_docs"] == {"made": 1, "published": 1, "total_public": 1}
    # Only the seed's own warning: its "等" list of genres (81 items, 70 listed).
    assert [f["rule"] for f in built["findings"]] == ["text.totals"]
    assert built["findings"][0]["severity"] == "warning"

    text = tmp_path / "2020.txt"
    assert run(capsys, "report", "build", "--year", "2020", "--format", "text", "--agency", DEMO_CODE,
               "-o", str(text))[0] == 0  # fmt: skip
    code, out, _ = run(capsys, "check", str(text), "--json")
    assert code == 0
    again = json.loads(out.splitlines()[0])
    for key in TABLES:
        assert again[key] == seed[key], key
    assert not [f for f in again["findings"] if f["severity"] == "error"]


def test_2020_narrative_facts_match_the_seed(demo):
    agency = Report.objects.get(agency__code=DEMO_CODE, year=2020).agency
    from xxgk.annual.selectors import published_by_genre

    genres = dict(published_by_genre(agency, 2020))
    assert sum(genres.values()) == 81
    assert {k: genres[k] for k in ("财务公开", "规划计划", "行政审批", "其他")} == {
        "财务公开": 4, "规划计划": 3, "行政审批": 8, "其他": 55,
    }  # fmt: skip
    report = Report.objects.get(agency=agency, year=2020)
    assert report.state == ReportState.PUBLISHED
    assert timezone.localtime(report.published_at).date() == date(2021, 1, 20)  # in time
    assert Report.objects.get(agency=agency, year=2026).state == ReportState.DRAFT
    text = annual.as_published(report).section("一").text
    assert "共公开政府信息81条,其中财务公开4条、规划计划3条、行政审批8条、其他信息55条等" in text


def test_current_year_has_work_in_every_state(demo):
    apps = Application.objects.filter(agency__code=DEMO_CODE)
    states = set(apps.values_list("state", flat=True))
    expected = {"submitted", "received", "correction", "consulting", "fee", "drafted", "reviewed", "answered"}
    assert expected <= states
    items = Item.objects.filter(agency__code=DEMO_CODE, published__year=2026)
    assert items.filter(state=ItemState.PUBLISHED).exists()
    assert Item.objects.filter(agency__code=DEMO_CODE, state=ItemState.DRAFT).exists()


def test_demo_reloads_without_duplicating(demo):
    before = (Item.objects.count(), Application.objects.count(), Report.objects.count())
    assert load_demo(today=date(2026, 11, 20)) == {}  # accounts exist: no new passwords
    assert (Item.objects.count(), Application.objects.count(), Report.objects.count()) == before
