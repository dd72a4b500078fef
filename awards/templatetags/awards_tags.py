"""Inclusion tags so pages of lower apps (units) can show award history without importing awards."""

from django import template

from awards.selectors import award_history_for_person, award_history_for_unit

register = template.Library()


@register.inclusion_tag("awards/_history_person.html")
def person_award_history(person):
    return {"award_history": award_history_for_person(person)}


@register.inclusion_tag("awards/_history_unit.html")
def unit_award_history(unit):
    return {"award_history": award_history_for_unit(unit)}
