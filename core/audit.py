"""The one writer of the audit log, and its tamper-evident hash chain."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction

from core.models import AuditEntry


def _jsonable(value):
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    """The values of `fields` on `instance`, ready to store as before/after."""
    out = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)
        out[name] = _jsonable(value)
    return out


def diff(before: dict, after: dict) -> dict:
    """{"field": [old, new]} for the fields that changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


GENESIS = "0" * 64  # the prev_hash of the first entry
# Any constant: the PostgreSQL advisory lock that makes appends to the chain one at a time.
_CHAIN_LOCK = 0x7468_6964_7561  # "thidua"


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    """SHA-256 (hex) of the previous entry's hash and this entry's content (time in UTC to the
    microsecond, actor id, action, target type id, target id and repr, data as sorted JSON)."""
    payload = json.dumps(
        [
            prev_hash,
            entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
            entry.actor_id,
            entry.action,
            entry.target_type_id,
            entry.target_id,
            entry.target_repr,
            entry.data,
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _chain_head() -> str:
    last = AuditEntry.objects.exclude(hash=None).order_by("-pk").values_list("hash", flat=True).first()
    return last or GENESIS


def record(*, actor, action: str, target: models.Model, data: dict | None = None) -> AuditEntry:
    """Append one entry: `action` is dotted and namespaced by app ("units.person.updated").

    The entry is chained to the previous one (hash). Appends are serialised: on PostgreSQL by a
    transaction-level advisory lock (held until the caller's transaction commits, so audit last
    in a service where you can), on SQLite by its single writer.
    """
    entry = AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id="" if target.pk is None else str(target.pk),
        target_repr=str(target)[:300],
        data=_jsonable(data or {}),
    )
    # JSON round trip, so the hash is computed over exactly what the database will return.
    entry.data = json.loads(json.dumps(entry.data))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        entry.prev_hash = _chain_head()
        entry.hash = entry_hash(entry.prev_hash, entry)
        entry.save()
    return entry


@dataclass
class ChainReport:
    checked: int
    head: str
    broken_at: int | None = None  # pk of the first entry that does not verify
    reason: str = ""


def verify_chain() -> ChainReport:
    """Walk the audit log in id order and recompute every hash.

    Returns the number of entries checked, the head hash (write it down: a truncated tail can
    only be detected against a head recorded earlier) and, if any, the first entry that breaks
    the chain and why. Entries written before the chain existed were chained by migration 0004.
    """
    prev, checked = GENESIS, 0
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000):
        checked += 1
        if entry.prev_hash != prev:
            return ChainReport(checked, prev, entry.pk, "prev_hash does not match the previous entry")
        if entry.hash != entry_hash(prev, entry):
            return ChainReport(checked, prev, entry.pk, "content does not match its hash")
        prev = entry.hash
    return ChainReport(checked, prev)


def history_for(target: models.Model):
    """Entries about one object, newest first (one query; actor joined)."""
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
    ).select_related("actor")
