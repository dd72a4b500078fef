"""Backup and restore (issue 15): back up a demo database with issued documents, destroy the
database and media/, restore, and find every issued document and register row intact."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from awards.models import AwardRecord
from core.audit import verify_chain
from core.models import AuditEntry
from documents.models import IssuedDocument
from nominations import services
from nominations.tests.test_decisions import _draft, approve_all
from nominations.tests.workflow_helpers import World

pytestmark = pytest.mark.django_db(transaction=True)

REGISTER_FIELDS = (
    "pk",
    "person_id",
    "collective_id",
    "household_id",
    "award_kind_id",
    "year",
    "decision_number",
)


def _issue_a_decision():
    world = World()
    batch, noms = world.batch(year=2024)
    services.batch_submit(by=world.head, batch=batch)
    for nom in noms:
        services.nomination_appraise(by=world.secretariat, nomination=nom, accept=True)
    session = approve_all(world, noms)
    return services.decision_issue(by=world.chair, decision=_draft(world, noms, session))


def _snapshot():
    docs = sorted(IssuedDocument.objects.values_list("symbol", "sha256", "file", "verification_code"))
    register = sorted(AwardRecord.objects.values_list(*REGISTER_FIELDS))
    return docs, register, AuditEntry.objects.count()


def test_backup_destroy_restore_keeps_every_document_and_register_row(tmp_path):
    call_command("load_demo", verbosity=0)
    decision = _issue_a_decision()
    docs, register, audit_count = _snapshot()
    assert len(docs) >= 3  # the decision and its certificates
    assert len(register) > 10  # the demo's register and the decision's lines
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    assert archive.stat().st_size > 0

    # The disk is lost: the database emptied, media/ gone.
    call_command("flush", interactive=False, verbosity=0)
    media = Path(settings.MEDIA_ROOT)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert IssuedDocument.objects.count() == 0

    call_command("restore", str(archive), verbosity=0)

    assert _snapshot() == (docs, register, audit_count)
    for symbol, sha256, name, _code in docs:
        assert hashlib.sha256((media / name).read_bytes()).hexdigest() == sha256, symbol
    assert verify_chain().broken_at is None
    decision.refresh_from_db()
    assert decision.status == "issued"


def test_restore_reports_a_damaged_archive(tmp_path):
    import tarfile

    _issue_a_decision()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member) if member.isfile() else None
            if member.name.startswith("media/documents/") and member.name.endswith(".pdf"):
                continue  # an issued PDF lost from the archive
            dst.addfile(member, data)
    with pytest.raises(CommandError, match="không khớp"):
        call_command("restore", str(damaged), verbosity=0)


def test_restore_refuses_in_production_mode(settings, tmp_path):
    settings.THIDUA_PRODUCTION = True
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("restore", str(tmp_path / "x.tar.gz"), verbosity=0)
