import pytest

from xxgk.rules.fees import application_unit_price, fee_per_application, fee_per_page, page_unit_price


@pytest.mark.parametrize(
    ("nth", "price"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)]
)
def test_application_tiers(nth, price):
    assert application_unit_price(nth) == price


def test_first_ten_applications_in_a_month_are_free():
    assert fee_per_application(0, 10).amount == 0


def test_applications_are_charged_marginally():
    # The 35 applications of one month: 1–10 free, 11–30 at 100, 31–35 at 200.
    quote = fee_per_application(0, 35)
    assert quote.amount == 20 * 100 + 5 * 200
    assert [(ln.first, ln.last, ln.unit_price) for ln in quote.lines] == [(11, 30, 100), (31, 35, 200)]
    # One more application from an applicant who already filed 40 this month: the 41st costs 300.
    assert fee_per_application(40).amount == 300


@pytest.mark.parametrize(
    ("pages", "amount"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_pages_are_charged_marginally(pages, amount):
    assert fee_per_page(pages).amount == amount


def test_page_prices_and_description():
    assert [page_unit_price(p) for p in (30, 31, 101, 201)] == [0, 10, 20, 40]
    assert fee_per_page(250).describe().endswith("合计4700元")
    assert fee_per_page(10).describe() == "不收费"


def test_bad_input():
    with pytest.raises(ValueError):
        fee_per_page(-1)
    with pytest.raises(ValueError):
        application_unit_price(0)
