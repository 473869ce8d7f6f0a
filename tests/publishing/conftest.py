import pytest

from tests.factories import AgencyFactory, UserFactory
from xxgk.agencies.models import Role
from xxgk.agencies.services import grant_role
from xxgk.publishing.models import Category, CategoryKind, GenreRole, LimitKind


@pytest.fixture
def desk(db):
    agency = AgencyFactory(name="某区发展和改革委员会", phone="010-68001234")
    people = {}
    for role in (Role.CLERK, Role.REVIEWER):
        user = UserFactory(username=f"p{role.value}")
        grant_role(user, agency, role)
        people[role.value] = user
    genres = {
        name: Category.objects.create(
            agency=agency, kind=CategoryKind.GENRE, name=name, role=role, limit_kind=kind, limit_days=days
        )
        for name, role, kind, days in (
            ("规范性文件", GenreRole.NORMATIVE, LimitKind.WORKING_DAYS, 7),
            ("政策解读", GenreRole.INTERPRETATION, LimitKind.WORKING_DAYS, 7),
            ("工作动态", GenreRole.NONE, LimitKind.WORKING_DAYS, 3),
            ("财务公开", GenreRole.NONE, LimitKind.QUARTER, 20),
        )
    }
    theme = Category.objects.create(agency=agency, kind=CategoryKind.THEME, name="扶贫开发")
    return agency, people, genres, theme
