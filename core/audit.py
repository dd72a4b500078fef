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


def record_many(*, actor, action: str, targets: list[tuple[models.Model, dict | None]]) -> list[AuditEntry]:
    """Append one entry per `(target, data)` in `targets` (saved objects), chained one after the
    other exactly as that many `record()` calls would chain them (see `record_entries`). Returns
    the entries in order."""
    return record_entries(actor=actor, entries=[(action, target, data) for target, data in targets])


def record_entries(*, actor, entries: list[tuple[str, models.Model, dict | None]]) -> list[AuditEntry]:
    """Append one entry per `(action, target, data)` in `entries` (saved objects, of any models),
    chained one after the other exactly as that many `record()` calls in that order would chain
    them, with the chain lock taken and the chain head read once and the rows inserted in batches
    of 1,000 (a large import). Returns the entries in order."""
    if not entries:
        return []
    actor = actor if getattr(actor, "pk", None) else None
    out = []
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        prev = _chain_head()
        for action, target, data in entries:
            entry = AuditEntry(
                actor=actor,
                action=action,
                target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
                target_id=str(target.pk),
                target_repr=str(target)[:300],
                data=json.loads(json.dumps(_jsonable(data or {}))),
            )
            entry.prev_hash = prev
            entry.hash = prev = entry_hash(prev, entry)
            out.append(entry)
        AuditEntry.objects.bulk_create(out, batch_size=1000)
    return out


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


# --- Vietnamese labels of action codes ("app.object.verb"), shown in the history tables ---------
# A label is the verb's label followed by the object's, unless the whole code reads better spelt
# out (ACTION_LABELS). core/tests/test_audit_labels.py walks every action code written in the
# code base and fails on one without a label: add its object or verb here.
ACTION_OBJECTS = {
    "awards.awardrecord": "khen thưởng trong sổ",
    "awards.ballot": "phiếu bầu",
    "awards.batch": "tờ trình đề nghị khen thưởng",
    "awards.council": "hội đồng thi đua, khen thưởng",
    "awards.decision": "quyết định khen thưởng",
    "awards.discipline": "kỷ luật",
    "awards.dossier": "tài liệu hồ sơ",
    "awards.freeze": "tạm dừng xét khen thưởng",
    "awards.household": "hộ gia đình",
    "awards.initiative": "sáng kiến",
    "awards.nomination": "đối tượng đề nghị",
    "awards.ratingsheet": "phiếu đánh giá, xếp loại",
    "awards.session": "phiên họp hội đồng",
    "awards.taskrating": "xếp loại mức độ hoàn thành nhiệm vụ",
    "campaigns.campaign": "phong trào thi đua",
    "campaigns.document": "văn bản của phong trào",
    "campaigns.registration": "đăng ký thi đua",
    "campaigns.target": "chỉ tiêu thi đua",
    "documents.document": "văn bản",
    "documents.draft": "dự thảo văn bản",
    "reports.attachment": "tệp đính kèm báo cáo",
    "reports.round": "đợt báo cáo",
    "reports.submission": "báo cáo của đơn vị",
    "scoring.table": "bảng điểm thi đua",
    "units.bloc": "khối thi đua",
    "units.person": "cá nhân",
    "units.rolegrant": "phân quyền",
    "units.unit": "đơn vị",
}
ACTION_VERBS = {
    "accepted": "Chấp nhận",
    "added": "Thêm",
    "annulled": "Hủy",
    "appraised": "Thẩm định",
    "approved": "Duyệt",
    "assigned": "Giao",
    "cloned": "Sao chép",
    "closed": "Đóng",
    "corrected": "Đính chính",
    "created": "Tạo",
    "cross_scoring": "Chấm chéo",
    "decided": "Quyết định",
    "deleted": "Xóa",
    "draft": "Chuyển về bản nháp",
    "drafted": "Soạn",
    "edited": "Sửa",
    "ended": "Kết thúc",
    "failed": "Báo lỗi",
    "final": "Chốt",
    "final_review": "Rà soát lần cuối",
    "imported": "Nhập từ tệp",
    "in_council": "Đưa ra hội đồng",
    "interim_review": "Rà soát giữa kỳ",
    "issued": "Ban hành",
    "launched": "Phát động",
    "merged": "Sáp nhập",
    "moved": "Chuyển",
    "open": "Mở",
    "opened": "Mở",
    "pending": "Chờ xử lý",
    "recalled": "Rút lại",
    "refused": "Từ chối",
    "reminded": "Nhắc",
    "removed": "Bớt",
    "renamed": "Đổi tên",
    "reopened": "Mở lại",
    "resubmitted": "Gửi lại",
    "returned": "Trả lại",
    "saved": "Lưu",
    "sending": "Đang gửi",
    "sent": "Đã gửi",
    "skipped": "Bỏ qua",
    "started": "Bắt đầu",
    "submitted": "Gửi",
    "updated": "Cập nhật",
    "uploaded": "Tải lên",
    "voted": "Bỏ phiếu",
    "voting": "Bỏ phiếu",
}
ACTION_LABELS = {
    "awards.ballot.cast": "Bỏ phiếu",
    "awards.ballot.closed_with_missing": "Kết thúc bỏ phiếu khi còn thiếu phiếu",
    "awards.ballot.reminded": "Nhắc thành viên bỏ phiếu",
    "awards.decision.documents_issued": "Ban hành văn bản kèm quyết định",
    "awards.freeze.created": "Tạm dừng xét khen thưởng",
    "awards.freeze.ended": "Kết thúc tạm dừng xét khen thưởng",
    "awards.nomination.decided": "Khen thưởng đối tượng theo quyết định",
    "awards.nomination.voted": "Ghi kết quả bỏ phiếu cho đối tượng đề nghị",
    "awards.session.agenda_added": "Thêm nội dung vào chương trình phiên họp",
    "awards.session.documents_issued": "Ban hành văn bản của phiên họp",
    "awards.session.recused": "Ghi thành viên không tham gia xét (hồi tỵ)",
    "awards.session.voting": "Bắt đầu bỏ phiếu tại phiên họp",
    "campaigns.campaign.document_drafted": "Soạn văn bản của phong trào thi đua",
    "core.auth.locked_out": "Tạm khóa đăng nhập",
    "core.auth.login": "Đăng nhập",
    "core.auth.login_failed": "Đăng nhập không thành công",
    "core.auth.logout": "Đăng xuất",
    "core.auth.mfa_enrolled": "Đăng ký xác thực hai lớp",
    "core.auth.mfa_failed": "Xác thực hai lớp không thành công",
    "core.auth.mfa_verified": "Xác thực hai lớp thành công",
    "core.user.notification_email": "Đổi cách nhận thông báo qua thư điện tử",
    "documents.certificates.issued": "In bằng khen, giấy khen",
    "documents.issued.integrity_failed": "Phát hiện tệp văn bản đã ban hành bị thay đổi",
    "reports.round.reminder_letter_drafted": "Soạn công văn đôn đốc báo cáo",
    "reports.round.summary_drafted": "Soạn báo cáo tổng hợp",
    "scoring.score.cross_saved": "Lưu điểm chấm chéo",
    "scoring.score.self_saved": "Lưu điểm tự chấm",
    "units.unit.created_by_merger": "Tạo đơn vị mới khi sáp nhập",
    "units.unit.created_by_rename": "Tạo đơn vị mới khi đổi tên",
}


def action_label(code: str) -> str:
    """The Vietnamese label of an action code ("awards.batch.created" -> "Tạo tờ trình đề nghị
    khen thưởng"), or "" for a code nobody has named (the history then shows the code)."""
    if code in ACTION_LABELS:
        return ACTION_LABELS[code]
    obj, _, verb = code.rpartition(".")
    if obj in ACTION_OBJECTS and verb in ACTION_VERBS:
        return f"{ACTION_VERBS[verb]} {ACTION_OBJECTS[obj]}"
    return ""
