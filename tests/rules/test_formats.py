import pytest

from xxgk.rules.formats import ReportVersion, report_format, version_for_year


def test_version_for_year():
    assert version_for_year(2019) is ReportVersion.V2019
    assert version_for_year(2020) is ReportVersion.V2019
    assert version_for_year(2021) is ReportVersion.V2021
    assert version_for_year(2025) is ReportVersion.V2021
    with pytest.raises(ValueError):
        version_for_year(2018)


def test_2019_shape():
    fmt = report_format("2019")
    assert [i.code for i in fmt.proactive] == [
        "rules",
        "normative_docs",
        "licensing",
        "other_services",
        "penalty",
        "coercion",
        "fees",
        "procurement",
    ]
    assert [c.code for c in fmt.proactive_item("fees").columns] == ["prev_year", "change"]
    assert "other" in [r.code for r in fmt.application_rows]
    assert "other_misc" not in [r.code for r in fmt.application_rows]
    assert len(fmt.result_rows) == 19


def test_2021_shape():
    fmt = report_format(ReportVersion.V2021)
    assert [i.code for i in fmt.proactive] == [
        "rules",
        "normative_docs",
        "licensing",
        "penalty",
        "coercion",
        "fees",
    ]
    assert [c.code for c in fmt.proactive_item("rules").columns] == ["issued", "repealed", "in_force"]
    codes = [r.code for r in fmt.application_rows]
    assert codes[:2] == ["new", "carried_in"] and codes[-2:] == ["handled_total", "carried_out"]
    assert {"other_no_correction", "other_no_fee", "other_misc"} <= set(codes)
    assert "other" not in codes
    assert len(fmt.result_rows) == 21
    assert [c.code for c in fmt.appeal_columns] == ["upheld", "corrected", "other", "pending", "total"]
