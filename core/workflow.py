"""The one way a workflow object changes state (architecture.md §3).

Every workflow model mixes in `core.models.WorkflowMixin` (a `Status` choice list, a
`TRANSITIONS` table, and a database CheckConstraint on `status`); services move it with
`transition()` while holding the row lock, then save. A refused move raises
`core.exceptions.TransitionNotAllowed` (a ValidationError with a Vietnamese message), the only
exception class of its kind.
"""

from django.utils import timezone

from core import audit, notifying
from core.exceptions import TransitionNotAllowed

__all__ = ["TransitionNotAllowed", "transition"]


def transition(obj, to: str, *, by, action: str, data: dict | None = None) -> str:
    """Move `obj` (a WorkflowMixin model instance, locked by the caller) to status `to` and audit it.

    Args:
        obj: the workflow object; its class's TRANSITIONS table must allow `obj.status` → `to`.
        to: the new status code (a value of `type(obj).Status`).
        by: the acting user (the audit entry's actor).
        action: the audit action code, e.g. "awards.nomination.submitted".
        data: extra audit data merged with {"from": old, "to": to}.

    Sets `status` (and `status_changed_at` when the model has that field) but does not save: the
    caller saves with the other fields it changes. Returns the previous status.

    Notifies, after the commit, whoever the rule of `core.notifying` for (model, `to`) names
    (nobody when the transaction rolls back).

    Raises TransitionNotAllowed when the table does not allow the move.
    """
    obj.check_transition(to)
    old = obj.status
    obj.status = to
    if hasattr(obj, "status_changed_at"):
        obj.status_changed_at = timezone.now()
    data = {"from": old, "to": to, **(data or {})}
    entry = audit.record(actor=by, action=action, target=obj, data=data)
    notifying.transition_made(obj, to, by=by, entry=entry, data=data)
    return old
