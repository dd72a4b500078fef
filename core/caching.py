"""Aggregates over large tables, cached until one of their input tables changes (issue 17).

A page that sums a province's 500,000 award records (dashboard, statistics tables, fairness
view) cannot recount them on every view and stay within 50 ms. `cached_aggregate` keeps the
computed value in the cache under a key that contains the *generation* of every input table.
A table's generation is a counter in the cache, bumped on every change to it (at once, and
again when the change commits):

* `track(Model)` (called by the owning app's `ready()`) bumps on `post_save` / `post_delete`
  of that model;
* code that writes with `QuerySet.update()` or `bulk_create()` (no signals) calls
  `bump(Model)` itself.

So a cached value is never served after a change to its inputs has committed. Entries also
expire after `THIDUA_AGGREGATE_CACHE_SECONDS` (default 15 min), a safety net for writes made
outside the application (a restored backup, SQL by hand). With Redis the cache is shared by all
gunicorn and Celery processes; without Redis (the embedded demo) it is per process.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")
_PREFIX = "thidua:gen:"
_TRACKED: set[str] = set()


def _label(model) -> str:
    return model._meta.label_lower


def generation(model) -> int:
    """The current change counter of `model`'s table (int, 0 if never bumped)."""
    return cache.get(_PREFIX + _label(model), 0)


def bump(*models) -> None:
    """Mark the tables of `models` (model classes) changed: at once (so the writing transaction
    itself reads its own change) and again when the current transaction commits (so a value
    another process computed meanwhile from the data before the commit is not kept). Call it
    after `QuerySet.update()` / `bulk_create()`."""
    _bump_labels([_label(m) for m in models])


def bump_all() -> None:
    """Mark every `track`ed table changed: after a bulk load that sent no signals and may have
    replaced the whole database (the benchmark's generator), so no value cached from earlier
    data is served."""
    _bump_labels(sorted(_TRACKED))


def _bump_labels(labels: list[str]) -> None:
    def _bump():
        for label in labels:
            try:
                cache.incr(_PREFIX + label)
            except ValueError:  # not in the cache yet (or evicted): any new value changes the key
                cache.add(_PREFIX + label, 1, timeout=None)
                cache.incr(_PREFIX + label)

    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def _on_change(sender, **kwargs):
    bump(sender)


def track(*models) -> None:
    """Bump `models`' generation on every save and delete (connect once, from AppConfig.ready)."""
    for model in models:
        if _label(model) in _TRACKED:
            continue
        _TRACKED.add(_label(model))
        post_save.connect(_on_change, sender=model, dispatch_uid=f"caching-save-{_label(model)}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"caching-delete-{_label(model)}")


def cached_aggregate(name: str, parts: Iterable, inputs: Iterable, compute: Callable[[], T]) -> T:
    """`compute()`'s value, from the cache while no table in `inputs` has changed.

    `name`: what is computed (str); `parts`: the arguments that select it (JSON-serialisable:
    user scope, years, filters — everything `compute` reads besides the tables); `inputs`: the
    model classes whose rows it reads (each must be `track`ed or bumped by its writers).
    Returns the value `compute` returned (it must be picklable). Raises what `compute` raises.
    """
    generations = cache.get_many([_PREFIX + _label(m) for m in inputs])
    key_source = json.dumps(
        [
            name,
            list(parts),
            sorted((k, v) for k, v in generations.items()),
            sorted(_label(m) for m in inputs),
        ],
        default=str,
        sort_keys=True,
    )
    key = "thidua:agg:" + hashlib.sha256(key_source.encode()).hexdigest()
    missing = object()
    value = cache.get(key, missing)
    if value is missing:
        value = compute()
        cache.set(key, value, timeout=settings.THIDUA_AGGREGATE_CACHE_SECONDS)
    return value
