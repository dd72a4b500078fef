import pytest

from awards.tests.factories import UnitFactory, UserFactory, grant
from core.roles import Role


@pytest.fixture
def root():
    return UnitFactory(name="UBND xã An Bình")


@pytest.fixture
def secretariat(root):
    user = UserFactory()
    grant(user, root, Role.SECRETARIAT)
    return user


@pytest.fixture
def outsider():
    """Secretariat of another, unrelated unit tree."""
    user = UserFactory()
    grant(user, UnitFactory(name="UBND xã Khác"), Role.SECRETARIAT)
    return user


@pytest.fixture
def council_member(root):
    user = UserFactory()
    grant(user, root, Role.COUNCIL_MEMBER)
    return user
