import pytest

from xxgk.cli import main

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def test_due_over_national_day(capsys):
    assert run(capsys, "due", "2026-09-30", "3") == (0, "2026-10-10", "")


def test_due_into_unloaded_year_is_provisional_until_loaded(capsys):
    assert run(capsys, "due", "2026-12-04", "20")[:2] == (0, "2027-01-04 (暂定)")
    code, out, err = run(capsys, "due", "2026-12-20", "20")
    # Provisional: 2027-01-01 off, no 调休: 12-21..25 (5), 28..31 (9), 01-04..08 (14), 11..15 (19), 18.
    assert code == 0 and out == "2027-01-18 (暂定)"
    assert "2027年的节假日安排尚未公布" in err
    code, out, _ = run(
        capsys,
        "calendar",
        "load",
        "2027",
        "--holiday",
        "2027-01-01",
        "--holiday",
        "2027-02-05:2027-02-11",
        "--workday",
        "2027-02-13",
    )
    assert code == 0 and "放假8天" in out
    # From Sun 2026-12-20: 12-21..25 (5), 12-28..31 (9), 2027-01-04..08 (14; 01-01 off), 01-11..15 (19),
    # 01-18 (20).
    assert run(capsys, "due", "2026-12-20", "20") == (0, "2027-01-18", "")


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("due", "2026-02-30", "3"), "起始日期"),
        (("due", "2026-09-30", "三"), "工作日天数"),
        (("due", "2026-09-30", "-1"), "工作日天数"),
        (("calendar", "load", "2027", "--holiday", "2028-01-01"), "不在2027年内"),
        (("calendar", "load", "2027", "--holiday", "2027-02-11:2027-02-05"), "结束日期早于开始日期"),
        (("agency", "add", "--code", "12", "--name", "某局"), "机构代码"),
    ],
)
def test_bad_input_exits_2_with_a_message(capsys, argv, needle):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert needle in err


def test_agency_add(capsys):
    code, out, _ = run(capsys, "agency", "add", "--code", "000000019", "--name", "区发展和改革委员会")
    assert code == 0 and "区发展和改革委员会" in out
    code, _, err = run(capsys, "agency", "add", "--code", "000000019", "--name", "重复")
    assert code == 2 and "已存在" in err


def test_calendar_show(capsys):
    code, out, _ = run(capsys, "calendar", "show", "2026")
    assert code == 0
    assert "2026-10-10" in out and "2026-10-01" in out
    code, out, _ = run(capsys, "calendar", "show", "2031")
    assert code == 0 and out.startswith("暂定:2031年的节假日安排尚未公布")
    assert "2031-10-01" in out and "周末调休上班:无" in out


def test_no_command_prints_help(capsys):
    code, out, _ = run(capsys)
    assert code == 2 and "due" in out
