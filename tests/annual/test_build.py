"""Reports built from an imported ledger of 300 applications over 2024–2025 (version 2021), compared
with counts made row by row in the test; carry-over in both directions; the chain between years."""

import pytest
from django.core.exceptions import ValidationError

from tests.applications.test_ledger import as_csv, expected_appeals, expected_applications, make_ledger
from xxgk.annual import services as annual
from xxgk.annual.models import Report
from xxgk.applications.ledger import import_applications

WRITTEN = {"一": "{年度}年,{机关}新收申请{新收申请}件。", "五": "无突出问题。", "六": "{收费情况}。"}


@pytest.fixture
def ledger(staff):
    agency, people = staff
    rows = make_ledger(n=300, seed=11)
    import_applications(agency, as_csv(rows), "台账.csv", people["clerk"])
    return agency, people, rows


@pytest.mark.parametrize("year", [2024, 2025])
def test_tables_match_counts_made_by_hand(ledger, year):
    agency, _, rows = ledger
    report = annual.get_or_start(agency, year)
    assert report.version == "2021"
    built = annual.build(report)
    want = expected_applications(rows, year, "2021")
    for row, cells in built.applications.items():
        for kind, n in cells.items():
            if kind == "total":
                assert n == sum(want.get(row, {}).values()), (row, kind)
            else:
                assert n == want.get(row, {}).get(kind, 0), (row, kind)
    appeals = expected_appeals(rows, year)
    for group, cells in built.appeals.items():
        for col in ("upheld", "corrected", "other", "pending"):
            assert cells[col] == appeals[group].get(col, 0), (group, col)
    assert built.applications["carried_in"]["total"] > 0
    assert built.applications["carried_out"]["total"] > 0
    # The narrative's fields come from the same tables.
    assert f"新收政府信息公开申请{built.applications['new']['total']}件" in built.section("一").text


def test_carry_over_chains_from_2024_into_2025(ledger):
    agency, people, _ = ledger
    r2024 = annual.get_or_start(agency, 2024)
    annual.save_draft(r2024, people["clerk"], {}, WRITTEN)
    annual.publish(r2024, people["head"], acknowledge=True)
    r2025 = annual.get_or_start(agency, 2025)
    annual.save_draft(r2025, people["clerk"], {}, WRITTEN)
    built, findings = annual.check(r2025)
    assert (
        built.applications["carried_in"]
        == Report.objects.get(pk=r2024.pk).snapshot["applications"]["carried_out"]
    )
    assert not [f for f in findings if f.rule == "apps.carry_chain"]

    # Last year's published figure differs from what the records say now: the chain breaks, and an
    # error blocks publication.
    snap = Report.objects.get(pk=r2024.pk).snapshot
    snap["applications"]["carried_out"]["natural"] += 1
    snap["applications"]["carried_out"]["total"] += 1
    Report.objects.filter(pk=r2024.pk).update(snapshot=snap)
    _, findings = annual.check(r2025)
    chain = [f for f in findings if f.rule == "apps.carry_chain"]
    assert chain and chain[0].severity == "error" and chain[0].where == "三/carried_in/natural"
    with pytest.raises(ValidationError) as exc:
        annual.publish(r2025, people["head"], acknowledge=True)
    assert any("结转" in m for m in exc.value.messages)
    assert Report.objects.get(pk=r2025.pk).state == "draft"


def test_manual_figures_enter_section_two_and_in_force_is_chained(staff):
    agency, people = staff
    r = annual.get_or_start(agency, 2025)
    annual.save_draft(
        r, people["clerk"], {"licensing.decisions": "1,234", "fees.amount_wan": "12.50"}, WRITTEN
    )
    built = annual.build(Report.objects.get(pk=r.pk))
    assert built.proactive["licensing"]["decisions"] == 1234
    assert str(built.proactive["fees"]["amount_wan"]) == "12.50"
    assert built.proactive["normative_docs"] == {"issued": 0, "repealed": 0, "in_force": 0}
