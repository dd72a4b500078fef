"""Names typed with look-alikes of Đ/đ (Ð/ð U+00D0/U+00F0, Ɖ/ɖ U+0189/U+0256) are stored as Đ/đ,
and their search keys folded to "d" (core.search now does this on every save)."""

from django.db import migrations
from django.db.models import Q

LOOK_ALIKES = ["\u00d0", "\u00f0", "\u0189", "\u0256"]


def _has_look_alike(field: str) -> Q:
    q = Q()
    for ch in LOOK_ALIKES:
        q |= Q(**{f"{field}__contains": ch})
    return q


def forwards(apps, schema_editor):
    from core.search import fold_diacritics, normalize_text

    Person = apps.get_model("units", "Person")
    for person in Person.objects.filter(_has_look_alike("full_name")):
        person.full_name = normalize_text(person.full_name)
        person.search_key = fold_diacritics(person.full_name)
        person.save(update_fields=["full_name", "search_key"])
    Unit = apps.get_model("units", "Unit")
    for unit in Unit.objects.filter(_has_look_alike("name") | _has_look_alike("short_name")):
        unit.name = normalize_text(unit.name)
        unit.short_name = normalize_text(unit.short_name)
        unit.search_key = fold_diacritics(f"{unit.name} {unit.short_name}")
        unit.save(update_fields=["name", "short_name", "search_key"])


class Migration(migrations.Migration):
    dependencies = [("units", "0005_role_grants_never_deleted")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
