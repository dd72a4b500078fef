"""One transition idiom (issue 18): every workflow model has a transition table covering its
statuses and a database constraint on its status; `transition()` checks, sets and audits."""

import pytest
from django.apps import apps
from django.db.models import CheckConstraint

from core.exceptions import TransitionNotAllowed
from core.models import AuditEntry, WorkflowMixin
from core.workflow import transition


def _workflow_models():
    return [m for m in apps.get_models() if issubclass(m, WorkflowMixin)]


def test_every_workflow_model_has_a_table_and_a_status_constraint():
    names = {m.__name__ for m in _workflow_models()}
    assert {"NominationBatch", "Nomination", "CouncilSession", "Decision", "ScoringTable"} <= names
    for model in _workflow_models():
        statuses = set(model.Status.values)
        assert set(model.TRANSITIONS) == statuses, model
        assert all(targets <= statuses for targets in model.TRANSITIONS.values()), model
        allowed = [
            sorted(child[1])
            for c in model._meta.constraints
            if isinstance(c, CheckConstraint)
            for child in c.condition.children
            if isinstance(child, tuple) and child[0] == "status__in"
        ]
        assert sorted(statuses) in allowed, f"{model.__name__}: no status constraint"


@pytest.mark.django_db
def test_transition_checks_the_table_sets_the_status_and_audits(secretariat, jurisdiction):
    from nominations import services
    from nominations.models import NominationBatch

    batch = services.batch_create(
        by=secretariat, unit=jurisdiction.commune_a, title="Tờ trình thử", year=2025
    )
    with pytest.raises(TransitionNotAllowed, match="Không thể chuyển"):
        transition(batch, NominationBatch.Status.APPRAISED, by=secretariat, action="awards.batch.appraised")
    assert NominationBatch.objects.get(pk=batch.pk).status == NominationBatch.Status.DRAFT

    old = transition(batch, NominationBatch.Status.SUBMITTED, by=secretariat, action="awards.batch.submitted")
    assert old == NominationBatch.Status.DRAFT
    assert batch.status == NominationBatch.Status.SUBMITTED
    entry = AuditEntry.objects.filter(action="awards.batch.submitted").get()
    assert entry.data == {"from": "draft", "to": "submitted"}
