"""Protect the record (issue 15): what the admin, the ORM and raw SQL may not do to rule sets,
award kinds, authorities, role grants, the register, ballots, number counters, decision lines
and the audit log; and the audit log's hash chain."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from awards.models import AwardKind, AwardRecord, ConferringAuthority, RuleSet
from core import audit
from documents.models import NumberCounter
from nominations.models import BallotParticipation, BallotTally, DecisionLine
from nominations.tests.test_decisions import _draft, approved  # noqa: F401 - fixture
from units.models import RoleGrant
from units.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
PG = connection.vendor == "postgresql"


def refused(sql, params=()):
    """True when the database refuses the statement (and nothing changed)."""
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, params)
    except DatabaseError:
        return True
    return False


def accepted(sql, params=()):
    return not refused(sql, params)


def table(model):
    return model._meta.db_table


def test_rule_sets_kinds_authorities_and_grants_cannot_be_deleted(secretariat):
    rule_set = RuleSet.objects.get(code="nd98_2023")
    with pytest.raises(ProtectedError), transaction.atomic():
        rule_set.delete()  # its coefficients, authorities and legal bases PROTECT it
    grant = RoleGrant.objects.get(user=secretariat)
    for model, pk in (
        (RuleSet, rule_set.pk),
        (AwardKind, AwardKind.objects.first().pk),
        (ConferringAuthority, ConferringAuthority.objects.first().pk),
        (RoleGrant, grant.pk),
    ):
        assert refused(f"DELETE FROM {table(model)} WHERE id = %s", [pk]), model
    with pytest.raises(ProtectedError), transaction.atomic():
        secretariat.delete()  # a user with grants is deactivated, not deleted
    assert RuleSet.objects.filter(pk=rule_set.pk).exists()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    # Editing stays possible (ending a grant, correcting a rule set's name).
    assert accepted(f"UPDATE {table(RoleGrant)} SET valid_to = valid_from WHERE id = %s", [grant.pk])


def test_admin_offers_no_delete_for_protected_records(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    rule_set = RuleSet.objects.first()
    kind = AwardKind.objects.first()
    authority = ConferringAuthority.objects.first()
    grant = RoleGrant.objects.create(user=admin, unit=UnitFactory(), role="admin", valid_from="2020-01-01")
    for app_model, pk in (
        ("awards/ruleset", rule_set.pk),
        ("awards/awardkind", kind.pk),
        ("awards/conferringauthority", authority.pk),
        ("units/rolegrant", grant.pk),
    ):
        assert client.get(f"/quan-tri/{app_model}/{pk}/delete/").status_code == 403, app_model
        changelist = client.get(f"/quan-tri/{app_model}/")
        assert changelist.status_code == 200
        assert "delete_selected" not in changelist.content.decode()
    page = client.get(f"/quan-tri/awards/ruleset/{rule_set.pk}/change/").content.decode()
    assert "-DELETE" not in page  # no "delete" checkbox on the inlines (coefficients, authorities)
    assert RuleSet.objects.filter(pk=rule_set.pk).exists()


def test_issued_decision_lines_register_and_ballot_are_protected(approved):  # noqa: F811
    from nominations import services

    world, noms, session = approved
    decision = services.decision_issue(by=world.chair, decision=_draft(world, noms, session))
    line = decision.lines.first()
    assert line.certificate_id is not None
    lines, records = table(DecisionLine), table(AwardRecord)
    assert refused(f"UPDATE {lines} SET amount = amount + 1 WHERE id = %s", [line.pk])
    assert refused(f"UPDATE {lines} SET certificate_id = NULL WHERE id = %s", [line.pk])
    assert refused(f"DELETE FROM {lines} WHERE id = %s", [line.pk])
    record = AwardRecord.objects.get(decision_line=line)
    assert refused(f"DELETE FROM {records} WHERE id = %s", [record.pk])
    assert refused(f"UPDATE {records} SET year = year - 1 WHERE id = %s", [record.pk])
    assert refused(f"UPDATE {records} SET decision_number = 'X' WHERE id = %s", [record.pk])
    assert accepted(f"UPDATE {records} SET note = 'ghi chú' WHERE id = %s", [record.pk])

    item = session.items.first()
    tally = BallotTally.objects.get(item=item)
    vote = BallotParticipation.objects.filter(item=item).first()
    tallies, votes = table(BallotTally), table(BallotParticipation)
    assert refused(f"UPDATE {tallies} SET yes = yes - 1 WHERE id = %s", [tally.pk])
    assert refused(f"DELETE FROM {tallies} WHERE id = %s", [tally.pk])
    assert refused(f"UPDATE {votes} SET member_id = member_id WHERE id = %s", [vote.pk])
    assert refused(f"DELETE FROM {votes} WHERE id = %s", [vote.pk])
    assert BallotTally.objects.get(pk=tally.pk).yes == tally.yes

    counter = NumberCounter.objects.get(doc_type="quyet_dinh")
    counters = table(NumberCounter)
    assert refused(f"UPDATE {counters} SET last_number = last_number + 2 WHERE id = %s", [counter.pk])
    assert refused(f"UPDATE {counters} SET last_number = 0 WHERE id = %s", [counter.pk])
    assert refused(f"DELETE FROM {counters} WHERE id = %s", [counter.pk])
    assert NumberCounter.objects.get(pk=counter.pk).last_number == counter.last_number
    assert accepted(f"UPDATE {counters} SET last_number = last_number + 1 WHERE id = %s", [counter.pk])


def test_draft_decision_lines_stay_editable(approved):  # noqa: F811
    world, noms, session = approved
    decision = _draft(world, noms, session)
    line = decision.lines.first()
    assert accepted(f"UPDATE {table(DecisionLine)} SET amount = 1 WHERE id = %s", [line.pk])
    assert accepted(f"DELETE FROM {table(DecisionLine)} WHERE id = %s", [line.pk])


GUARDED = [
    "core_auditentry",
    "documents_issueddocument",
    "documents_annulment",
    "documents_numbercounter",
    "documents_numberreservation",
    "awards_ruleset",
    "awards_awardkind",
    "awards_conferringauthority",
    "awards_awardrecord",
    "awards_awardannulment",
    "awards_ballotparticipation",
    "awards_ballottally",
    "awards_decisionline",
    "units_rolegrant",
]


@pytest.mark.skipif(
    not PG, reason="TRUNCATE exists on PostgreSQL only; SQLite's DELETE FROM fires the DELETE trigger"
)
@pytest.mark.parametrize("name", GUARDED)
def test_truncate_is_refused_on_postgresql(name):
    with (
        pytest.raises(DatabaseError, match="cannot be truncated"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(f"TRUNCATE {name} CASCADE")


@pytest.mark.skipif(PG, reason="SQLite: DELETE without WHERE is its truncate")
@pytest.mark.parametrize("name", ["core_auditentry", "units_rolegrant", "awards_ruleset"])
def test_delete_all_is_refused_on_sqlite(name, secretariat):
    audit.record(actor=None, action="x.y.z", target=UnitFactory())
    assert refused(f"DELETE FROM {name}")


def _tamper(sql, params):
    """What a database owner can do behind the triggers' back: switch them off and edit."""
    with connection.cursor() as cur:
        if PG:
            cur.execute("SET LOCAL session_replication_role = replica")  # superuser: triggers off
        else:
            cur.execute("DROP TRIGGER core_auditentry_no_update")
            cur.execute("DROP TRIGGER core_auditentry_no_delete")
        cur.execute(sql, params)


def test_audit_chain_verifies_and_finds_a_changed_or_removed_entry():
    unit = UnitFactory()
    entries = [audit.record(actor=None, action=f"x.y.{i}", target=unit, data={"n": i}) for i in range(4)]
    assert entries[1].prev_hash == entries[0].hash
    call_command("verify_audit", verbosity=0)
    report = audit.verify_chain()
    assert report.broken_at is None
    assert report.head == entries[-1].hash

    with transaction.atomic():
        _tamper("UPDATE core_auditentry SET data = %s WHERE id = %s", ['{"n": 99}', entries[1].pk])
        assert audit.verify_chain().broken_at == entries[1].pk
        with pytest.raises(CommandError, match=f"dòng số {entries[1].pk}"):
            call_command("verify_audit", verbosity=0)
        transaction.set_rollback(True)
    with transaction.atomic():
        _tamper("DELETE FROM core_auditentry WHERE id = %s", [entries[2].pk])
        assert audit.verify_chain().broken_at == entries[3].pk
        transaction.set_rollback(True)
    assert audit.verify_chain().broken_at is None
