import pytest
from django.core.exceptions import ValidationError

from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Membership, Role
from xxgk.agencies.roles import GROUP_NAMES
from xxgk.agencies.selectors import can_edit, has_role, visible_agencies
from xxgk.agencies.services import add_agency, grant_role, revoke_role

pytestmark = pytest.mark.django_db


def test_role_groups_exist_with_permissions():
    from django.contrib.auth.models import Group

    admin = Group.objects.get(name=GROUP_NAMES[Role.ADMIN])
    assert admin.permissions.filter(codename="add_calendaryear").exists()
    assert Group.objects.filter(name="信息员").exists()


def test_staff_see_their_agencies_and_a_superior_reads_its_subordinates():
    district = AgencyFactory(name="区政府办公室")
    drc = AgencyFactory(name="区发改委", parent=district)
    unit = AgencyFactory(name="区发改委下属中心", parent=drc)
    other = AgencyFactory(name="另一区政府")
    clerk = UserFactory()
    grant_role(clerk, drc, Role.CLERK)
    office = UserFactory()
    grant_role(office, district, Role.REVIEWER)

    assert set(visible_agencies(clerk)) == {drc, unit}
    assert set(visible_agencies(office)) == {district, drc, unit}
    assert other not in visible_agencies(office)
    # Read-only upward visibility: the superior office cannot edit the subordinate agency.
    assert not can_edit(office, drc)
    assert can_edit(clerk, drc) and not can_edit(clerk, unit)
    assert has_role(clerk, drc, Role.CLERK) and not has_role(clerk, drc, Role.HEAD)


def test_granting_and_revoking_roles_keeps_groups_in_sync():
    agency_a, agency_b = AgencyFactory(), AgencyFactory()
    user = UserFactory()
    grant_role(user, agency_a, Role.HEAD)
    grant_role(user, agency_b, Role.HEAD)
    user.refresh_from_db()
    assert user.is_staff
    assert user.groups.filter(name="负责人").exists()
    revoke_role(user, agency_a, Role.HEAD)
    assert user.groups.filter(name="负责人").exists()  # still head in agency_b
    revoke_role(user, agency_b, Role.HEAD)
    assert not user.groups.filter(name="负责人").exists()
    assert not Membership.objects.filter(user=user).exists()


def test_membership_created_directly_also_syncs_groups():
    user, agency = UserFactory(), AgencyFactory()
    Membership.objects.create(user=user, agency=agency, role=Role.REVIEWER)
    assert user.groups.filter(name="审核人").exists()


def test_add_agency_validates_code_and_parent():
    with pytest.raises(ValidationError) as info:
        add_agency(code="91350100M000100Y44", name="错误代码机构")
    assert "校验位" in str(info.value)
    with pytest.raises(ValidationError):
        add_agency(code="91350100M000100Y43", name="某机构", parent_code="000000019")
    agency = add_agency(code="91350100m000100y43", name=" 某机构 ")
    assert (agency.code, agency.name) == ("91350100M000100Y43", "某机构")


def test_anonymous_sees_nothing():
    from django.contrib.auth.models import AnonymousUser

    AgencyFactory()
    assert not visible_agencies(AnonymousUser()).exists()


def test_admin_changelist_is_scoped(client):
    mine, theirs = AgencyFactory(name="本局"), AgencyFactory(name="他局")
    user = UserFactory()
    grant_role(user, mine, Role.ADMIN)
    client.force_login(user)
    page = client.get("/admin/agencies/agency/").content.decode()
    assert "本局" in page and "他局" not in page
    assert client.get(f"/admin/agencies/agency/{theirs.pk}/change/").status_code in (302, 404)


def test_home_page_speaks_chinese(client):
    page = client.get("/").content.decode()
    assert 'lang="zh-CN"' in page and "工作人员登录" in page
    assert client.get("/healthz").json()["status"] == "ok"
