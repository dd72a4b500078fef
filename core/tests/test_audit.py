import pytest
from django.db import DatabaseError, connection, transaction

from core import audit
from core.models import AppendOnlyError, AuditEntry
from units.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_record_keeps_who_what_when_and_data():
    user = UserFactory(username="noivu")
    unit = UnitFactory(name="Phòng Nội vụ")
    entry = audit.record(
        actor=user, action="units.unit.updated", target=unit, data={"changes": {"name": ["A", "B"]}}
    )
    entry.refresh_from_db()
    assert entry.actor == user
    assert entry.target_repr == "Phòng Nội vụ"
    assert entry.data == {"changes": {"name": ["A", "B"]}}
    assert list(audit.history_for(unit)) == [entry]


def test_entries_cannot_be_changed_or_deleted_through_the_model():
    unit = UnitFactory()
    entry = audit.record(actor=None, action="x.y.z", target=unit)
    entry.action = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "x.y.z"


def test_database_refuses_update_and_delete_of_entries():
    unit = UnitFactory()
    entry = audit.record(actor=None, action="x.y.z", target=unit)
    table = AuditEntry._meta.db_table
    for sql in (
        f"UPDATE {table} SET action = 'tampered' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "x.y.z"


def test_queryset_update_is_refused_too():
    unit = UnitFactory()
    audit.record(actor=None, action="x.y.z", target=unit)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.update(action="tampered")


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_the_guard_is_back_afterwards():
    from django.core.management import call_command

    audit.record(actor=None, action="x.y.z", target=UnitFactory())
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 0
    entry = audit.record(actor=None, action="x.y.z", target=UnitFactory())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
