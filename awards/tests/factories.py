"""Factories for awards tests (units has none yet; these build the minimum needed)."""

from datetime import date

import factory

from awards.models import AwardKind, AwardRecord, Household
from core.models import User
from core.roles import Role
from units.models import AdministrativeLevel, Person, RoleGrant, Unit


def level(code="commune", rank=3):
    obj, _ = AdministrativeLevel.objects.get_or_create(code=code, defaults={"name": code, "rank": rank})
    return obj


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.django.Password("pw")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = Unit.Kind.PEOPLES_COMMITTEE
    level = factory.LazyFunction(level)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Đức {n}")
    gender = Person.Gender.MALE
    unit = factory.SubFactory(UnitFactory)
    employed_since = date(2015, 1, 1)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    head_name = factory.Sequence(lambda n: f"Trần Thị Hoa {n}")
    village = factory.SubFactory(UnitFactory, kind=Unit.Kind.VILLAGE)


def kind(code: str) -> AwardKind:
    return AwardKind.objects.get(code=code)


class AwardRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardRecord

    person = factory.SubFactory(PersonFactory)
    collective = None
    household = None
    unit = factory.LazyAttribute(
        lambda o: o.person.unit if o.person else (o.collective or o.household.village)
    )
    award_kind = factory.LazyFunction(lambda: kind("advanced_worker"))
    year = 2024
    decision_number = factory.Sequence(lambda n: f"{n:02d}/QĐ-UBND")
    decision_date = factory.LazyAttribute(lambda o: date(o.year + 1, 1, 15))
    issuer = "Chủ tịch UBND xã"


def grant(user, unit, role=Role.SECRETARIAT):
    return RoleGrant.objects.create(user=user, unit=unit, role=role, valid_from=date(2020, 1, 1))
