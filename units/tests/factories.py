from datetime import date

import factory
from django.contrib.auth import get_user_model

from core.roles import Role
from units.models import AdministrativeLevel, Bloc, BlocMembership, Person, RoleGrant, Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    password = factory.django.Password("pw-123456")


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeLevel
        django_get_or_create = ("code",)

    code = "commune"
    name = "Cấp xã"
    rank = 3


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Ủy ban nhân dân xã Số {n}")
    kind = Unit.Kind.PEOPLES_COMMITTEE
    level = factory.SubFactory(LevelFactory)
    parent = None


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Faker("name", locale="vi_VN")
    gender = Person.Gender.MALE
    date_of_birth = date(1985, 5, 17)
    unit = factory.SubFactory(UnitFactory)
    position = "Chuyên viên"


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    name = factory.Sequence(lambda n: f"Khối thi đua số {n}")
    kind = Bloc.Kind.BLOC
    year = 2024
    organiser = factory.SubFactory(UnitFactory)


class BlocMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlocMembership

    bloc = factory.SubFactory(BlocFactory)
    unit = factory.SubFactory(UnitFactory)


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.UNIT_HEAD
    valid_from = date(2024, 1, 1)
