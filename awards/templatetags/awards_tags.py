"""Inclusion tags so pages of lower apps (units) can show award history without importing awards."""

from django import template

from awards.selectors import award_history_for_person, award_history_for_unit

register = template.Library()


@register.inclusion_tag("awards/_history_person.html")
def person_award_history(person):
    return {"award_history": award_history_for_person(person)}


@register.inclusion_tag("awards/_history_unit.html")
def unit_award_history(unit):
    return {"award_history": award_history_for_unit(unit), "unit": unit}


@register.inclusion_tag("awards/_record_person.html")
def person_record(person, user):
    """The facts the eligibility engine reads about `person`, with entry links for `user`."""
    from awards.record_selectors import person_record as load
    from units.permissions import can_enter_record

    return {"person": person, "record": load(person), "can_enter": can_enter_record(user, person.unit)}
