"""Issue: a 管理员 of one agency made itself 负责人 of another through /admin/agencies/membership/add/
(the agency field offered every agency) and then read that agency's cases with applicants' names."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Membership, Role
from xxgk.agencies.services import grant_role

pytestmark = pytest.mark.django_db
ADD = "/admin/agencies/membership/add/"


@pytest.fixture
def two_agencies():
    mine, theirs = AgencyFactory(name="本局"), AgencyFactory(name="他局")
    admin_user = UserFactory(username="admin_a")
    grant_role(admin_user, mine, Role.ADMIN)
    return mine, theirs, admin_user


def test_an_agency_admin_cannot_give_itself_a_role_in_another_agency(client, two_agencies):
    mine, theirs, admin_user = two_agencies
    client.force_login(admin_user)
    response = client.post(ADD, {"user": admin_user.pk, "agency": theirs.pk, "role": Role.HEAD})
    assert response.status_code == 200  # the form again, with the agency refused
    assert "agency" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(agency=theirs).exists()
    # The agency list offers only the agencies it administers.
    offered = response.context["adminform"].form.fields["agency"].queryset
    assert list(offered) == [mine]


def test_an_agency_admin_sets_roles_in_its_own_agency_but_cannot_move_one_out(client, two_agencies):
    mine, theirs, admin_user = two_agencies
    clerk = UserFactory(username="clerk_a")
    client.force_login(admin_user)
    response = client.post(ADD, {"user": clerk.pk, "agency": mine.pk, "role": Role.CLERK})
    assert response.status_code == 302
    membership = Membership.objects.get(user=clerk, agency=mine)
    change = f"/admin/agencies/membership/{membership.pk}/change/"
    client.post(change, {"user": clerk.pk, "agency": theirs.pk, "role": Role.HEAD})
    assert not Membership.objects.filter(agency=theirs).exists()


def test_a_member_who_is_not_admin_cannot_add_staff(client, two_agencies):
    mine, _, _ = two_agencies
    head = UserFactory(username="head_a")
    grant_role(head, mine, Role.HEAD)
    client.force_login(head)
    assert client.post(ADD, {"user": head.pk, "agency": mine.pk, "role": Role.ADMIN}).status_code == 403
    assert not Membership.objects.filter(user=head, role=Role.ADMIN).exists()


def test_the_service_refuses_whoever_calls_it(two_agencies):
    mine, theirs, admin_user = two_agencies
    with pytest.raises(PermissionDenied):
        grant_role(admin_user, theirs, Role.HEAD, by=admin_user)
    assert grant_role(UserFactory(), mine, Role.CLERK, by=admin_user).agency == mine
