import pytest

from xxgk.cli import main
from xxgk.ledgers import LedgerError
from xxgk.publishing import search
from xxgk.publishing.ledger import export_items, import_items
from xxgk.publishing.models import Item, ItemState
from xxgk.publishing.selectors import normative_rows

LEDGER = """索引号,标题,发布机构,文号,成文日期,发布日期,主题分类,体裁分类,有效性,废止日期,正文,备注
X/2020-00001,2020年财务预算公开,某区发改委,,2020-02-01,2020/2/10,财政预算,财务公开,,,2020年部门预算……,张
X/2020-00002,某区政府投资项目管理办法,某区发改委,某发改规〔2020〕1号,2020-03-01,2020年3月5日,投资管理,规范性文件,现行有效,,第一条……,
X/2020-00003,扶贫资金使用情况,某区发改委,,2020-05-01,,扶贫开发,工作动态,,,扶贫……,
"""


def test_import_is_idempotent_and_feeds_search_and_the_register(desk):
    agency = desk[0]
    data = LEDGER.encode("utf-8-sig")
    assert import_items(agency, data, "台账.csv") == {"created": 3, "updated": 0, "unchanged": 0}
    assert import_items(agency, data, "台账.csv") == {"created": 0, "updated": 0, "unchanged": 3}
    assert Item.objects.get(index_no="X/2020-00003").state == ItemState.DRAFT  # no 发布日期: not published
    published = Item.objects.filter(state=ItemState.PUBLISHED)
    assert [i.index_no for i in search.matching(published, "投资")] == ["X/2020-00002"]
    assert normative_rows(agency, 2020, "2019")["normative_docs"] == {
        "made": 1,
        "published": 1,
        "total_public": 1,
    }
    back = export_items(agency, "x.xlsx")
    assert import_items(agency, back, "x.xlsx") == {"created": 0, "updated": 0, "unchanged": 3}


def test_a_bad_row_imports_nothing(desk):
    agency = desk[0]
    bad = LEDGER.replace("2020年3月5日", "2020年13月5日").replace(",规范性文件,现行有效,", ",规范性文件,,")
    with pytest.raises(LedgerError) as info:
        import_items(agency, bad.encode(), "台账.csv")
    assert "第3行“发布日期”列" in str(info.value) and "第3行“有效性”列" in str(info.value)
    assert not Item.objects.exists()


def test_cli_items(desk, tmp_path, capsys):
    agency = desk[0]
    path = tmp_path / "台账.csv"
    path.write_text(LEDGER, encoding="utf-8")
    assert main(["import", "items", str(path), "--agency", agency.code]) == 0
    assert "新增3条" in capsys.readouterr().out
    assert main(["export", "items", str(tmp_path / "out.csv"), "--agency", agency.code]) == 0


def test_absurd_dates_in_a_ledger_are_refused_with_their_row(desk):
    agency = desk[0]
    bad = LEDGER.replace("2020-02-01", "9999-12-31").replace("2020年3月5日", "1900年3月5日")
    with pytest.raises(LedgerError) as info:
        import_items(agency, bad.encode(), "台账.csv")
    assert "第2行“成文日期”列:成文日期9999-12-31晚于一年以后" in str(info.value)
    assert "第3行“发布日期”列:发布日期1900-03-05早于1949年" in str(info.value)
    assert not Item.objects.exists()
