"""The split of `awards` into `awards` + `nominations` (issue 18) keeps the rows of a database
built with the previous schema, and the audit log keeps pointing at the same objects.

The fixture database is the test database taken back to the last migration before the split
(`awards.0005_workflow`, no `nominations` migration): that is the schema every database created
with `main` before the split has. Rows are written through the historical models of that state,
then the database is migrated forward to the current leaves and read with today's models.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import AuditEntry

PRE_SPLIT = [("awards", "0005_workflow"), ("nominations", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    # The state of what is applied now (the historical models to write through).
    return MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps


@pytest.mark.django_db(transaction=True)
def test_split_migration_keeps_rows_and_content_types():
    old = _migrate(PRE_SPLIT)
    try:
        with pytest.raises(LookupError):
            old.get_model("nominations", "NominationBatch")
        Level = old.get_model("units", "AdministrativeLevel")
        Unit = old.get_model("units", "Unit")
        User = old.get_model("core", "User")
        OldBatch = old.get_model("awards", "NominationBatch")
        OldCouncil = old.get_model("awards", "Council")
        OldCT = old.get_model("contenttypes", "ContentType")
        OldAudit = old.get_model("core", "AuditEntry")

        level = Level.objects.create(code="xa-split", name="Xã", rank=3)
        unit = Unit.objects.create(name="UBND xã Trước Tách", kind="peoples_committee", level=level)
        user = User.objects.create(username="truoc-tach", full_name="Người Trước Tách")
        batch = OldBatch.objects.create(unit=unit, title="Tờ trình trước khi tách", year=2025)
        council = OldCouncil.objects.create(
            name="Hội đồng trước khi tách", unit=unit, level="commune", chair=user
        )
        council.members.add(user)
        # A database of the previous schema has its content types under `awards`.
        OldCT.objects.filter(app_label="nominations").delete()
        batch_type, _ = OldCT.objects.get_or_create(app_label="awards", model="nominationbatch")
        OldAudit.objects.create(
            actor=user,
            action="awards.batch.created",
            target_type=batch_type,
            target_id=str(batch.pk),
            target_repr=batch.title,
        )
    finally:
        _migrate(None)

    ContentType.objects.clear_cache()
    from nominations.models import Council, NominationBatch

    moved = NominationBatch.objects.get(pk=batch.pk)
    assert moved.title == "Tờ trình trước khi tách"
    assert moved.unit.name == "UBND xã Trước Tách"
    assert list(Council.objects.get(pk=council.pk).members.values_list("username", flat=True)) == [
        "truoc-tach"
    ]

    # The very same content type row, relabelled: the audit entry now resolves to the moved model.
    assert ContentType.objects.get_for_model(NominationBatch).pk == batch_type.pk
    assert not ContentType.objects.filter(app_label="awards", model="nominationbatch").exists()
    entry = AuditEntry.objects.get(action="awards.batch.created")
    assert entry.target_type.model_class() is NominationBatch
    assert entry.target_type.get_object_for_this_type(pk=entry.target_id) == moved
