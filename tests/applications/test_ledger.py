"""Import a ledger of a few hundred applications over 2024–2025 and count the report tables.

The expected tables are computed here row by row from the ledger, independently of the aggregate
queries, by the rules of ledgers.md.
"""

import csv
import io
import random
from datetime import date, timedelta

import pytest

from xxgk.applications.ledger import RESULTS, export_applications, import_applications
from xxgk.applications.models import Appeal, Application
from xxgk.applications.selectors import appeals_table, applications_table
from xxgk.ledgers import LedgerError
from xxgk.rules.applications import result_row

KINDS = {"自然人": "natural", "商业企业": "business", "科研机构": "research", "社会公益组织": "ngo",
         "法律服务机构": "legal", "其他": "other"}  # fmt: skip
HEADERS = ["编号", "申请人类型", "申请方式", "收到日期", "申请内容", "征求意见天数", "延期", "答复日期", "办理结果",
           "复议结果", "复议结果日期", "诉讼类型", "诉讼结果", "诉讼结果日期", "承办人"]  # fmt: skip


def make_ledger(n=300, seed=7):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        received = date(2023, 12, 1) + timedelta(days=rng.randint(0, 760))  # 2023-12 … 2025-12
        answered = received + timedelta(days=rng.randint(0, 60)) if rng.random() < 0.85 else None
        if answered and answered > date(2026, 1, 20):
            answered = None
        result = rng.choice(list(RESULTS)) if answered else ""
        review = rng.choice(["", "", "", "维持", "纠正", "其他", "未审结"]) if answered else ""
        review_date = (
            answered + timedelta(days=rng.randint(10, 120)) if review and review != "未审结" else None
        )
        suit = rng.choice(["", "", "", "", "直接起诉", "复议后起诉"]) if answered else ""
        suit_result = rng.choice(["维持", "纠正", "未审结"]) if suit else ""
        suit_date = (
            answered + timedelta(days=rng.randint(30, 300)) if suit and suit_result != "未审结" else None
        )
        fmt_date = rng.choice([lambda d: d.isoformat(), lambda d: f"{d.year}/{d.month}/{d.day}",
                               lambda d: f"{d.year}年{d.month}月{d.day}日"])  # fmt: skip
        rows.append({
            "编号": f"YS-{i:04d}", "申请人类型": rng.choice(list(KINDS)), "申请方式": rng.choice(["当面", "网上", "邮寄"]),
            "收到日期": fmt_date(received), "申请内容": f"申请内容{i}", "征求意见天数": str(rng.choice([0, 0, 5, 15])),
            "延期": rng.choice(["是", "否", "否"]), "答复日期": fmt_date(answered) if answered else "",
            "办理结果": result, "复议结果": review, "复议结果日期": review_date.isoformat() if review_date else "",
            "诉讼类型": suit, "诉讼结果": suit_result, "诉讼结果日期": suit_date.isoformat() if suit_date else "",
            "承办人": rng.choice(["王", "李"]),
            "_received": received, "_answered": answered, "_review_date": review_date, "_suit_date": suit_date,
        })  # fmt: skip
    return rows


def as_csv(rows, bom=True):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, HEADERS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def expected_applications(rows, year, version):
    first, last = date(year, 1, 1), date(year, 12, 31)
    table = {}

    def add(row, kind):
        table.setdefault(row, {}).setdefault(kind, 0)
        table[row][kind] += 1

    for r in rows:
        kind, rec, ans = KINDS[r["申请人类型"]], r["_received"], r["_answered"]
        if first <= rec <= last:
            add("new", kind)
        if rec < first and (ans is None or ans >= first):
            add("carried_in", kind)
        if ans and first <= ans <= last:
            add(result_row(RESULTS[r["办理结果"]], version), kind)
            add("handled_total", kind)
        if rec <= last and (ans is None or ans > last):
            add("carried_out", kind)
    return table


def expected_appeals(rows, year):
    first, last = date(year, 1, 1), date(year, 12, 31)
    outcome = {"维持": "upheld", "纠正": "corrected", "其他": "other"}
    table = {g: {} for g in ("review", "suit_direct", "suit_after_review")}
    for r in rows:
        for group, result, decided in (
            ("review", r["复议结果"], r["_review_date"]),
            (
                {"直接起诉": "suit_direct", "复议后起诉": "suit_after_review"}.get(r["诉讼类型"]),
                r["诉讼结果"],
                r["_suit_date"],
            ),
        ):
            if not group or not result:
                continue
            filed = r["_answered"]  # the ledger has no filing date: the answer date stands for it
            if decided and first <= decided <= last:
                table[group][outcome[result]] = table[group].get(outcome[result], 0) + 1
            elif filed <= last and (decided is None or decided > last):
                table[group]["pending"] = table[group].get("pending", 0) + 1
    return table


@pytest.mark.parametrize(("year", "version"), [(2024, "2021"), (2025, "2021"), (2024, "2019")])
def test_imported_ledger_gives_the_report_tables(office, year, version):
    agency, p = office
    rows = make_ledger()
    summary = import_applications(agency, as_csv(rows), "台账.csv", p["clerk"])
    assert (summary.created, summary.updated) == (300, 0)
    got = applications_table(agency, year, version)
    want = expected_applications(rows, year, version)
    for row, cells in got.items():
        for kind, n in cells.items():
            if kind != "total":
                assert n == want.get(row, {}).get(kind, 0), (row, kind)
        assert cells["total"] == sum(want.get(row, {}).values())
    # carry-over in both directions is non-trivial in this ledger
    assert got["carried_in"]["total"] > 0 and got["carried_out"]["total"] > 0
    assert (
        got["new"]["total"] + got["carried_in"]["total"]
        == got["handled_total"]["total"] + got["carried_out"]["total"]
    )
    appeals = appeals_table(agency, year)
    for group, cells in expected_appeals(rows, year).items():
        for col in ("upheld", "corrected", "other", "pending"):
            assert appeals[group][col] == cells.get(col, 0), (group, col)


def test_carry_chain_between_the_two_years(office):
    agency, _p = office
    import_applications(agency, as_csv(make_ledger()), "台账.csv")
    assert (
        applications_table(agency, 2024, "2021")["carried_out"]
        == applications_table(agency, 2025, "2021")["carried_in"]
    )


def test_reimport_changes_nothing(office):
    agency, _p = office
    data = as_csv(make_ledger())
    import_applications(agency, data, "台账.csv")
    snapshot = list(Application.objects.order_by("number").values())
    appeals = list(Appeal.objects.order_by("pk").values())
    summary = import_applications(agency, data, "台账.csv")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 300)
    assert list(Application.objects.order_by("number").values()) == snapshot
    assert list(Appeal.objects.order_by("pk").values()) == appeals


def test_one_bad_row_imports_nothing_and_names_the_row(office):
    agency, _p = office
    rows = make_ledger(50)
    rows[17]["收到日期"] = "2025-02-30"
    rows[30]["办理结果"] = "同意公开"
    rows[30]["答复日期"] = "2025-03-01"
    with pytest.raises(LedgerError) as info:
        import_applications(agency, as_csv(rows), "台账.csv")
    message = str(info.value)
    assert "第19行“收到日期”列" in message  # row 1 is the header: the 18th data row is line 19
    assert "第32行“办理结果”列:“同意公开”" in message
    assert Application.objects.count() == 0


def test_missing_column_and_duplicate_numbers(office):
    agency, _ = office
    with pytest.raises(LedgerError, match="缺少必填列“收到日期”"):
        import_applications(agency, "编号,申请人类型\nA,自然人\n".encode(), "x.csv")
    rows = make_ledger(3)
    rows[2]["编号"] = rows[0]["编号"]
    with pytest.raises(LedgerError, match="与第2行重复"):
        import_applications(agency, as_csv(rows), "x.csv")


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_export_then_import_round_trip(office, ext):
    from tests.factories import AgencyFactory

    agency, _ = office
    rows = make_ledger(120)
    import_applications(agency, as_csv(rows, bom=False), "台账.csv")
    exported = export_applications(agency, f"导出.{ext}")
    other = AgencyFactory()
    import_applications(other, exported, f"导出.{ext}")
    for year in (2024, 2025):
        assert applications_table(other, year, "2021") == applications_table(agency, year, "2021")
        assert appeals_table(other, year) == appeals_table(agency, year)
    assert import_applications(agency, exported, f"导出.{ext}").unchanged == 120
