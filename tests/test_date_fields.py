"""Issue 12: every date field showing a saved value rendered empty (<input type="date"> got the
zh-hans 2026/11/20, which browsers discard), so an item could not be saved twice; future business
dates were accepted and then broke later steps."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from xxgk.applications.forms import ActionForm, AppealForm, RegisterForm
from xxgk.publishing.forms import ItemForm


def test_a_saved_date_is_rendered_as_the_browser_takes_it():
    from django.utils import translation

    with translation.override("zh-hans"):
        html = str(ItemForm.base_fields["formed"].widget.render("formed", date(2026, 11, 20)))
        assert 'type="date"' in html and 'value="2026-11-20"' in html
        html = str(AppealForm(initial={"filed": date(2026, 3, 2)})["filed"])
        assert 'value="2026-03-02"' in html


@pytest.mark.parametrize(
    "form_class,field", [(ActionForm, "on_date"), (RegisterForm, "received"), (AppealForm, "filed")]
)
def test_business_dates_may_not_be_in_the_future(form_class, field):
    today = timezone.localdate()
    assert f'max="{today:%Y-%m-%d}"' in str(form_class()[field])
    form = form_class(data={field: (today + timedelta(days=1)).isoformat()})
    form.is_valid()
    assert "晚于今天" in " ".join(form.errors.get(field, []))


def test_the_browser_limit_of_a_date_field_is_today_when_drawn_not_when_made():
    """A form class made on one day and drawn the next (a server running past midnight): the input's
    max is the day it is drawn, in Beijing, or the browser refuses today's date."""
    import time_machine
    from django import forms

    from xxgk.forms import BusinessDateField

    with time_machine.travel("2026-12-04 10:00 +0800", tick=False):

        class Step(forms.Form):
            on_date = BusinessDateField()

    with time_machine.travel("2026-12-08 06:17 +0800", tick=False):
        assert 'max="2026-12-08"' in str(Step()["on_date"])
