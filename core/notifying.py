"""Which workflow events notify whom: one declarative table, filled by each app's `notices.py`.

`core.workflow.transition` calls `transition_made` for every state change; a rule registered
for (model label, new status) says who must act or should know, with a short title and the
link to the object. Services call `event` for the few events that are not a status change
(a decision drafted for a signer, a ballot closing soon). Nothing is sent before the change
commits: a rolled-back transition notifies nobody.

Guarantees (tested per event in each app's tests/test_notices.py and core/tests/test_notifying.py):
- one notification per recipient per event: the dedupe key is the event's audit entry (or the
  key the service gives), and the unique (recipient, dedupe_key) constraint holds it;
- the actor is never notified of their own act, nor an inactive user;
- a recipient who cannot see the linked object (the app's `*_visible_to` selector) is left out;
- the in-app text is short (title, one line); the e-mail copy follows the user's preference.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from core.notifications import notify

log = logging.getLogger(__name__)


@dataclass
class Notice:
    """One message to a group of people about one object.

    recipients: users; title: the short text; url: site-relative link to `target` (the object
    the recipients open, whose visibility is checked); body: one short extra line (a reason).
    """

    recipients: Iterable
    title: str
    url: str
    target: object
    body: str = ""
    kind: str = ""


@dataclass
class _Rule:
    kind: str
    build: Callable
    extra: dict = field(default_factory=dict)


_RULES: dict[tuple[str, str], _Rule] = {}
_VISIBILITY: dict[str, Callable] = {}


def rule(model_label: str, event_name: str, *, kind: str):
    """Register the decorated `build(obj, data) -> list[Notice]` for `event_name` (a status the
    object moves to, or a named event) of the model `model_label` ("app_label.modelname").

    `data` is the audit data of the transition ({"from", "to", "reason", ...}).
    Raises ValueError when the pair already has a rule (one place per concept).
    """

    def register(build: Callable) -> Callable:
        key = (model_label, event_name)
        if key in _RULES and _RULES[key].build is not build:
            raise ValueError(f"notification rule for {key} registered twice")
        _RULES[key] = _Rule(kind=kind, build=build)
        return build

    return register


def visibility(model_label: str, visible_to: Callable) -> None:
    """Register `visible_to(user) -> QuerySet` (the app's selector) for the links to `model_label`."""
    _VISIBILITY[model_label] = visible_to


def rules() -> dict[tuple[str, str], str]:
    """The table as data: {(model label, event): notification kind} (README, tests)."""
    return {key: r.kind for key, r in sorted(_RULES.items())}


def _label(obj) -> str:
    return obj._meta.label_lower


def transition_made(obj, to: str, *, by, entry, data: dict) -> None:
    """Called by `core.workflow.transition` once the move is audited: when a rule matches,
    schedules the notices for after the commit, keyed by the audit `entry`."""
    if (_label(obj), to) in _RULES:
        _schedule(obj, to, by=by, key=f"audit:{entry.pk}", data=data)


def event(obj, name: str, *, by, key: str, data: dict | None = None) -> None:
    """A named event that is not a status change (e.g. "drafted"): notify per its rule after
    the commit. `key` identifies the occurrence (same key → nobody notified twice)."""
    if (_label(obj), name) not in _RULES:
        raise LookupError(f"no notification rule for {(_label(obj), name)}")
    _schedule(obj, name, by=by, key=key, data=data or {})


def _schedule(obj, name: str, *, by, key: str, data: dict) -> None:
    model, pk, actor_id = type(obj), obj.pk, getattr(by, "pk", None)
    transaction.on_commit(
        lambda: dispatch(model=model, pk=pk, name=name, actor_id=actor_id, key=key, data=data), robust=True
    )


def _visible(user, target) -> bool:
    visible_to = _VISIBILITY.get(_label(target))
    if visible_to is None:
        raise LookupError(f"no visibility selector registered for {_label(target)}")
    return visible_to(user).filter(pk=target.pk).exists()


def dispatch(*, model, pk, name: str, actor_id, key: str, data: dict) -> int:
    """Write the notices of event `name` on `model` row `pk` (read again, as committed).

    Returns the number of notifications created. A recipient appearing in several notices of
    the event gets the first one only.
    """
    r = _RULES[(model._meta.label_lower, name)]
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        return 0
    seen = {actor_id}
    created = 0
    for notice in r.build(obj, data):
        users = []
        for user in notice.recipients:
            if user.pk in seen or not user.is_active or not _visible(user, notice.target):
                continue
            seen.add(user.pk)
            users.append(user)
        created += notify(
            recipients=users,
            kind=notice.kind or r.kind,
            title=notice.title,
            body=notice.body,
            url=notice.url,
            dedupe_key=f"{r.kind}:{key}",
            email=True,
        )
    return created
