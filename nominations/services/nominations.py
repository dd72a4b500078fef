"""Nominations: batches, nominees, dossier uploads, completeness, duplicates, send/recall/return,
appraisal. Every state change locks the row, checks the transition table, saves and audits
(who, when, from, to, why)."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from awards.eligibility import (
    GRASSROOTS_FIGHTER,
    INDIVIDUAL,
    Nominee,
    Verdict,
    evaluate_many,
    needed_to_judge,
)
from awards.histories import load_histories
from awards.models import AwardKind, AwardRecord, DocumentType, Household, Occasion, SubjectKind
from awards.rules import RuleBook, load_rulebook
from core import audit
from core.exceptions import TransitionNotAllowed
from core.uploads import validate_upload
from core.workflow import transition
from documents.services import document_store
from nominations.models import DossierDocument, Nomination, NominationBatch
from nominations.permissions import can_appraise, can_edit_batch, can_send_batch
from nominations.selectors import batch_outline, deciding_level_for_unit, quota_holders
from units.models import Person, Unit


# --- Permissions ---------------------------------------------------------------------
def _require(ok: bool, message: str | None = None) -> None:
    if not ok:
        raise ValidationError(message or _("Bạn không có quyền thực hiện thao tác này."))


# --- Batches and nominees ------------------------------------------------------------
@transaction.atomic
def batch_create(
    *,
    by,
    unit: Unit,
    title: str,
    year: int,
    occasion: str = Occasion.REGULAR,
    campaign=None,
) -> NominationBatch:
    """Open a draft batch (tờ trình) of `unit` for achievement `year`, audited.

    Args: `by` (head or clerk of the unit, or its secretariat); `title`; `occasion` an `Occasion`
    code; `campaign` the campaign it sums up (optional). Returns the saved NominationBatch. Raises
    ValidationError. Legal source: Law 2022 Art. 84 (dossier), law.md §7.1.
    """
    batch = NominationBatch(
        unit=unit, title=title.strip(), year=year, occasion=occasion, campaign=campaign, created_by=by
    )
    _require(can_edit_batch(by, batch))
    batch.full_clean()
    batch.save()
    audit.record(
        actor=by,
        action="awards.batch.created",
        target=batch,
        data={"unit": unit.pk, "title": batch.title, "year": year, "occasion": occasion},
    )
    return batch


def _lock_batch(batch: NominationBatch) -> NominationBatch:
    return NominationBatch.objects.select_for_update().select_related("unit").get(pk=batch.pk)


def _subject_unit(person, collective, household) -> Unit:
    if person is not None:
        return person.unit
    if collective is not None:
        return collective
    return household.village


@transaction.atomic
def nomination_add(
    *,
    by,
    batch: NominationBatch,
    award_kind: AwardKind,
    person: Person | None = None,
    collective: Unit | None = None,
    household: Household | None = None,
    summary: str = "",
) -> Nomination:
    """Add a nominee (exactly one of person, collective, household) while the batch is editable."""
    batch = _lock_batch(batch)
    _require(can_edit_batch(by, batch))
    if not batch.editable:
        raise ValidationError(_("Tờ trình đã gửi: không thể thêm đối tượng."))
    given = [x for x in (person, collective, household) if x is not None]
    if len(given) != 1:
        raise ValidationError(_("Chọn đúng một đối tượng: cá nhân, tập thể hoặc hộ gia đình."))
    kind = (
        SubjectKind.INDIVIDUAL if person else SubjectKind.COLLECTIVE if collective else SubjectKind.HOUSEHOLD
    )
    if kind not in award_kind.subject_kinds:
        raise ValidationError(
            _("“%(award)s” không tặng cho %(subject)s.")
            % {"award": award_kind.name, "subject": SubjectKind(kind).label.lower()}
        )
    owner = _subject_unit(person, collective, household)
    if not owner.path.startswith(batch.unit.path):
        raise ValidationError(_("Đối tượng không thuộc đơn vị đề nghị."))
    nomination = Nomination(
        batch=batch,
        person=person,
        collective=collective,
        household=household,
        award_kind=award_kind,
        year=batch.year,
        summary=summary.strip(),
        status=Nomination.Status.DRAFT if batch.status == batch.Status.DRAFT else Nomination.Status.RETURNED,
    )
    nomination.full_clean()
    nomination.save()
    audit.record(
        actor=by,
        action="awards.nomination.added",
        target=nomination,
        data={"batch": batch.pk, "subject": nomination.subject_name, "award": award_kind.code},
    )
    return nomination


@transaction.atomic
def nomination_remove(*, by, nomination: Nomination) -> None:
    """Take a nominee out of a batch still being drafted, audited on the batch.

    Raises ValidationError without the right or once the batch is sent.
    """
    batch = _lock_batch(nomination.batch)
    _require(can_edit_batch(by, batch))
    if not batch.editable:
        raise ValidationError(_("Tờ trình đã gửi: không thể bớt đối tượng."))
    audit.record(
        actor=by,
        action="awards.nomination.removed",
        target=batch,
        data={"nomination": nomination.pk, "subject": nomination.subject_name},
    )
    nomination.delete()


# --- Dossier uploads (checked by core.uploads.validate_upload) ---------------------


@transaction.atomic
def dossier_document_add(
    *, by, batch: NominationBatch, document_type: str, upload, nomination: Nomination | None = None
) -> DossierDocument:
    """Store an uploaded dossier document under a generated name; the original name is kept."""
    batch = _lock_batch(batch)
    _require(can_edit_batch(by, batch))
    if not batch.editable:
        raise ValidationError(_("Tờ trình đã gửi: không thể thay đổi hồ sơ."))
    if nomination is not None and nomination.batch_id != batch.pk:
        raise ValidationError(_("Đối tượng không thuộc tờ trình này."))
    if document_type not in DocumentType.values:
        raise ValidationError(_("Loại tài liệu không hợp lệ."))
    checked = validate_upload(upload)
    original, kind = checked.name, "jpeg" if checked.kind == "jpg" else checked.kind
    ext = ".jpg" if kind == "jpeg" else "." + kind
    doc = DossierDocument(
        batch=batch,
        nomination=nomination,
        document_type=document_type,
        original_name=original,
        content_kind=kind,
        size=upload.size,
        uploaded_by=by,
    )
    doc.file.save(uuid.uuid4().hex + ext, ContentFile(upload.read()), save=False)
    doc.full_clean()
    doc.save()
    audit.record(
        actor=by,
        action="awards.dossier.uploaded",
        target=batch,
        data={
            "document": doc.pk,
            "type": document_type,
            "name": original,
            "nomination": getattr(nomination, "pk", None),
        },
    )
    return doc


@transaction.atomic
def dossier_document_delete(*, by, document: DossierDocument) -> None:
    """Delete a dossier document (and its file) of a batch still being drafted, audited on the batch.

    Raises ValidationError without the right or once the batch is sent.
    """
    batch = _lock_batch(document.batch)
    _require(can_edit_batch(by, batch))
    if not batch.editable:
        raise ValidationError(_("Tờ trình đã gửi: không thể thay đổi hồ sơ."))
    audit.record(
        actor=by,
        action="awards.dossier.deleted",
        target=batch,
        data={"document": document.pk, "name": document.original_name},
    )
    document.file.delete(save=False)
    document.delete()


# --- Checks: completeness, duplicates, eligibility -----------------------------------
@dataclass
class Missing:
    nomination: Nomination | None
    document_type: str

    @property
    def label(self) -> str:
        return _document_label(self.document_type, get_language())


@functools.lru_cache(maxsize=256)
def _document_label(document_type: str, language: str | None) -> str:
    """The label of a `DocumentType` code in `language` (the active one, passed so that the
    memo is per language): the batch page shows dozens of missing documents a page."""
    return str(DocumentType(document_type).label)


@dataclass
class BatchCheck:
    missing: list[Missing] = field(default_factory=list)
    duplicates: dict[int, list[str]] = field(default_factory=dict)  # nomination pk -> messages (block)
    warnings: dict[int, list[str]] = field(default_factory=dict)  # nomination pk -> messages (warn)
    empty: bool = False
    _by_nominee: dict[int, list[Missing]] | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.duplicates and not self.empty

    def missing_for(self, nomination_pk: int) -> list[Missing]:
        """The documents missing from the dossier of nomination `nomination_pk` (a dict lookup)."""
        if self._by_nominee is None:
            self._by_nominee = {}
            for m in self.missing:
                if m.nomination:
                    self._by_nominee.setdefault(m.nomination.pk, []).append(m)
        return self._by_nominee.get(nomination_pk, [])


def _reference_date(batch: NominationBatch) -> date:
    return timezone.localdate()


def batch_ratings(batch: NominationBatch, nominations: list[Nomination] | None = None) -> dict[int, str]:
    """{person id: task rating of the batch's year} for the batch's individual nominees, or only
    for those among `nominations` (a page of the batch) when given (one query)."""
    from awards.models import TaskRating

    if nominations is not None:
        people = [n.person_id for n in nominations if n.person_id]
    else:
        people = batch.nominations.exclude(person=None).values("person_id")
    return dict(
        TaskRating.objects.filter(person_id__in=people, year=batch.year).values_list("person_id", "rating")
    )


def required_documents(
    batch: NominationBatch, nomination: Nomination, rules: RuleBook, ratings: dict[int, str] | None = None
) -> list[str]:
    """Document types the dossier of `nomination` must hold (`DocumentType` codes): the rule set
    in force on the batch's reference date, for its award and the batch's occasion (Law 2022
    Art. 84).

    The initiative's certificate is asked for only when the claim rests on an initiative
    (`awards.eligibility.claim_rests_on_initiative`): a grassroots fighter rated "hoàn thành xuất
    sắc nhiệm vụ" for the year does not need one. `ratings`: `batch_ratings(batch)`, to save queries.
    """
    from awards.eligibility import claim_rests_on_initiative

    rs = rules.rule_set_on(_reference_date(batch))
    code = nomination.award_kind.code
    docs = rs.required_documents(code, batch.occasion)
    if "initiative_certification" in docs:
        if ratings is None:
            ratings = batch_ratings(batch)
        if not claim_rests_on_initiative(code, ratings.get(nomination.person_id)):
            docs = [d for d in docs if d != "initiative_certification"]
    return docs


def _same_achievement_warning(kind_a, occasion_a, kind_b, occasion_b) -> bool:
    """Could two awards of the same subject and year reward the same achievement?

    Lawful combinations pass (law.md §1, §5.2): a title (danh hiệu) with a form of commendation
    (hình thức) — both allowed and both paid — and two titles (a higher annual title rests on the
    lower one). Two forms of commendation for the same year, or the same form on two occasions
    (e.g. a thematic Giấy khen and the year-end one), may reward one achievement twice: a warning.
    """
    if kind_a.category != kind_b.category:
        return False
    if kind_a.category == "title":
        return False
    return kind_a.pk != kind_b.pk or occasion_a != occasion_b


def find_duplicates(nominations: list[Nomination]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """(blocking duplicates, warnings) per nomination pk, for the same subject and year, against
    open or decided nominations and in-force register records (item: one achievement, one award).

    Blocking: the same award kind, year and occasion (a true duplicate). Warning: another award
    for the same year that may reward the same achievement (`_same_achievement_warning`). Other
    years and lawful combinations (a title and a form of commendation) raise nothing. Two queries.
    """
    if not nominations:
        return {}, {}
    years = {n.year for n in nominations}
    # Each nomination and record has exactly one subject: three IN lists select the same rows as
    # one OR term per nominee, without a 500-term OR (issue 17). Matched by exact key below.
    q = Q(pk__in=[])
    for column in ("person_id", "collective_id", "household_id"):
        ids = {getattr(n, column) for n in nominations} - {None}
        if ids:
            q |= Q(**{f"{column}__in": ids})
    others = list(
        Nomination.objects.filter(q, year__in=years)
        .filter(status__in=(*Nomination.OPEN, Nomination.Status.DECIDED))
        .exclude(status=Nomination.Status.DECIDED, decision_line__isnull=False)
        .select_related("batch", "award_kind")
    )
    records = list(AwardRecord.objects.in_force().filter(q, year__in=years).select_related("award_kind"))
    by_subject: dict[tuple, list] = {}
    for o in others:
        by_subject.setdefault((o.person_id, o.collective_id, o.household_id, o.year), []).append(o)
    records_by_subject: dict[tuple, list] = {}
    for r in records:
        records_by_subject.setdefault((r.person_id, r.collective_id, r.household_id, r.year), []).append(r)
    blocks: dict[int, list[str]] = {}
    warns: dict[int, list[str]] = {}
    for n in nominations:
        key = (n.person_id, n.collective_id, n.household_id, n.year)
        occasion = n.batch.occasion
        for o in by_subject.get(key, ()):
            if o.pk == n.pk:
                continue
            params = {"award": o.award_kind.name, "y": o.year, "b": o.batch.title}
            if o.award_kind_id == n.award_kind_id and o.batch.occasion == occasion:
                blocks.setdefault(n.pk, []).append(
                    _("Đã được đề nghị “%(award)s” năm %(y)s trong tờ trình “%(b)s”.") % params
                )
            elif _same_achievement_warning(n.award_kind, occasion, o.award_kind, o.batch.occasion):
                warns.setdefault(n.pk, []).append(
                    _(
                        "Cũng đang được đề nghị “%(award)s” năm %(y)s (tờ trình “%(b)s”): "
                        "xem lại để một thành tích không được khen hai lần."
                    )
                    % params
                )
        for r in records_by_subject.get(key, ()):
            params = {"award": r.award_kind.name, "y": r.year, "num": r.decision_number}
            if r.award_kind_id == n.award_kind_id and r.occasion == occasion:
                blocks.setdefault(n.pk, []).append(
                    _("Đã có “%(award)s” năm %(y)s trong sổ khen thưởng (quyết định %(num)s).") % params
                )
            elif _same_achievement_warning(n.award_kind, occasion, r.award_kind, r.occasion):
                warns.setdefault(n.pk, []).append(
                    _(
                        "Đã có “%(award)s” năm %(y)s trong sổ khen thưởng (quyết định %(num)s): "
                        "xem lại để một thành tích không được khen hai lần."
                    )
                    % params
                )
    return blocks, warns


def batch_check(
    batch: NominationBatch,
    *,
    rules: RuleBook | None = None,
    nominations: list[Nomination] | None = None,
    cached: bool = False,
) -> BatchCheck:
    """What is missing before the batch can be sent (dossier documents, duplicates, empty).

    `rules`: the rulebook already loaded by the caller (`load_rulebook()`, the stored rules), else
    loaded here. `nominations`: check only these nominees of `batch` (e.g. one page of the batch
    page, as from `selectors.batch_nominations(batch, pks)`); the result then speaks of them only
    (`ok` and `empty` too), so sending checks the whole batch. Returns a BatchCheck; a fixed
    number of queries. With `cached` (the batch page only: sending always checks afresh) the
    findings are served from the cache (`core.caching`, keyed by the batch, its year and
    occasion, the nominees, the reference date and the language) until a nomination, batch,
    dossier document, register record, annulment, task rating or rule changes.
    Legal source: Law 2022 Art. 84 (dossier).
    """
    from core import caching

    whole = nominations is None
    if whole:
        nominations = list(
            batch.nominations.select_related(
                "award_kind", "person", "collective", "household", "batch"
            ).order_by("pk")
        )
    parts = [
        batch.pk,
        batch.year,
        batch.occasion,
        _reference_date(batch),
        get_language(),
        None if whole else [(n.pk, n.award_kind_id, *_subject_ids(n), n.year) for n in nominations],
    ]
    missing, duplicates, warnings = (
        caching.cached_aggregate(
            "nominations.batch_check",
            parts,
            _check_inputs(),
            lambda: _batch_check_compute(batch, rules, nominations, whole),
        )
        if cached
        else _batch_check_compute(batch, rules, nominations, whole)
    )
    by_pk = {n.pk: n for n in nominations}
    check = BatchCheck(empty=not nominations, duplicates=duplicates, warnings=warnings)
    check.missing = [Missing(by_pk[pk], t) for pk, t in missing]
    return check


def _subject_ids(n: Nomination) -> tuple:
    return (n.person_id, n.collective_id, n.household_id)


def _check_inputs() -> list:
    """The tables `batch_check`'s findings are read from (each tracked by core.caching)."""
    from awards.models import AwardAnnulment, TaskRating
    from awards.rules import rulebook_tables
    from nominations.models import DecisionLine

    return [
        Nomination,
        NominationBatch,
        DecisionLine,
        DossierDocument,
        AwardRecord,
        AwardAnnulment,
        TaskRating,
        *rulebook_tables(),
    ]


def _batch_check_compute(
    batch: NominationBatch, rules: RuleBook | None, nominations: list[Nomination], whole: bool
) -> tuple[list[tuple[int, str]], dict[int, list[str]], dict[int, list[str]]]:
    """`batch_check`'s findings computed: ([(nomination pk, missing document type)], duplicates,
    warnings), plain data for the cache."""
    rules = rules or load_rulebook()
    documents = batch.documents.all()
    if whole:
        ratings = batch_ratings(batch)
    else:
        documents = documents.filter(Q(nomination=None) | Q(nomination__in=[n.pk for n in nominations]))
        ratings = batch_ratings(batch, nominations)
    docs = list(documents.values_list("nomination_id", "document_type"))
    batch_level = {t for nid, t in docs if nid is None}
    per_nominee: dict[int, set[str]] = {}
    for nid, t in docs:
        if nid is not None:
            per_nominee.setdefault(nid, set()).add(t)
    missing = []
    for n in nominations:
        have = batch_level | per_nominee.get(n.pk, set())
        for t in required_documents(batch, n, rules, ratings):
            if t not in have:
                missing.append((n.pk, t))
    duplicates, warnings = find_duplicates(nominations)
    return missing, duplicates, warnings


def verdict_to_json(v: Verdict) -> dict:
    """A Verdict as a JSON-serialisable dict (eligible, rule set, reasons with code, ok, message,
    citation, unconfirmed), stored on the nomination at appraisal.
    """
    return {
        "eligible": v.eligible,
        "rule_set": v.rule_set,
        "reasons": [
            {
                "code": r.code,
                "ok": r.ok,
                "message": r.message,
                "citation": r.citation,
                "unconfirmed": r.unconfirmed,
            }
            for r in v.reasons
        ],
    }


def deciding_level(batch: NominationBatch) -> str | None:
    """The level (`LevelCode`) of the nearest council at or above the batch's unit, which decides on
    it; None when no council is set up on that branch.
    """
    return deciding_level_for_unit(batch.unit)


def batch_verdicts(
    batch: NominationBatch, nominations: list | None = None, *, rules=None, only=None, cached: bool = False
) -> dict[int, Verdict]:
    """The eligibility engine over the batch (one batched history load): {nomination pk: Verdict}.

    `nominations`: the nominees judged together (Nomination instances, or `NomineeOutline`s of
    `selectors.batch_outline`), by default the whole batch. `rules`: the rulebook already loaded
    by the caller (`load_rulebook()`, the stored rules), else loaded here. `only`: nomination pks
    whose verdicts are wanted (e.g. one page of the batch page); they are judged within all
    `nominations`, evaluating only what `awards.eligibility.needed_to_judge` says their verdicts
    depend on, and the result holds at least them. With `cached` (the batch page only: the
    verdict stored at appraisal is always judged afresh) served from the cache (`core.caching`,
    keyed by the batch's unit and occasion, the nominees, `only`, the reference date and the
    language) until a nomination, batch, person, household, unit, council, register record,
    annulment, rating, initiative, discipline, review freeze or rule changes. Raises
    ValidationError as `evaluate_many`. Legal source: law.md §4 (the engine).
    """
    from core import caching

    if nominations is None:
        nominations = batch_outline(batch, cached=cached)
    subjects = [
        (
            n.pk,
            n.subject_kind,
            n.person_id or n.collective_id or n.household_id,
            n.award_code if hasattr(n, "award_code") else n.award_kind.code,
            n.year,
        )
        for n in nominations
    ]
    parts = [
        batch.pk,
        batch.unit_id,
        batch.occasion,
        _reference_date(batch),
        get_language(),
        subjects,
        None if only is None else sorted(only),
    ]
    if not cached:
        return _batch_verdicts_compute(batch, subjects, rules, only)
    return caching.cached_aggregate(
        "nominations.batch_verdicts",
        parts,
        _verdict_inputs(),
        lambda: _batch_verdicts_compute(batch, subjects, rules, only),
    )


def _verdict_inputs() -> list:
    """The tables the verdicts of `batch_verdicts` are read from (each tracked by core.caching)."""
    from awards.models import (
        AwardAnnulment,
        DisciplineRecord,
        Household,
        Initiative,
        ReviewFreeze,
        TaskRating,
    )
    from awards.rules import rulebook_tables
    from nominations.models import Council

    return [
        Nomination,
        NominationBatch,
        Person,
        Household,
        Unit,
        Council,
        AwardRecord,
        AwardAnnulment,
        TaskRating,
        Initiative,
        DisciplineRecord,
        ReviewFreeze,
        *rulebook_tables(),
    ]


def _batch_verdicts_compute(batch: NominationBatch, subjects: list[tuple], rules, only) -> dict[int, Verdict]:
    """`batch_verdicts` computed from `subjects` [(pk, subject kind, subject id, award code,
    year)]: the histories loaded once, the engine run over the needed nominees."""
    # The authority check uses the level of the council that will hear the batch (the nearest
    # council at or above the proposing unit); without one, authority is not checked.
    level = deciding_level(batch)
    nominees = [
        Nominee(subject_kind=kind, subject_id=sid, award=code, year=y, occasion=batch.occasion, level=level)
        for _pk, kind, sid, code, y in subjects
    ]
    pks = [s[0] for s in subjects]
    if only is not None:
        only = set(only)
        keep = needed_to_judge(nominees, [i for i, pk in enumerate(pks) if pk in only])
        pks, nominees = [pks[i] for i in keep], [nominees[i] for i in keep]
    if not nominees:
        return {}
    histories = load_histories(nominees)
    # The quota counts the same people as the batch page's quota panel: one definition.
    quota_units = {
        h.unit_id
        for n in nominees
        if n.subject_kind == INDIVIDUAL
        and n.award == GRASSROOTS_FIGHTER
        and (h := histories.persons.get(n.subject_id))
        and h.unit_id
    }
    if quota_units:
        histories.unit_holders = quota_holders(
            unit_ids=quota_units,
            years={n.year for n in nominees if n.award == GRASSROOTS_FIGHTER},
            batch=batch,
        )
    verdicts = evaluate_many(
        nominees,
        _reference_date(batch),
        rules=rules if rules is not None else load_rulebook(),
        histories=histories,
    )
    return dict(zip(pks, verdicts, strict=True))


# --- Send, recall, return ------------------------------------------------------------
def _batch_send_check(by, batch: NominationBatch) -> NominationBatch:
    """The batch under its row lock, checked for sending (right, nominees, complete dossiers)."""
    batch = _lock_batch(batch)
    _require(can_send_batch(by, batch))
    check = batch_check(batch)
    if check.empty:
        raise ValidationError(_("Tờ trình chưa có đối tượng nào."))
    if check.missing:
        raise ValidationError(
            _("Hồ sơ còn thiếu: %(list)s.")
            % {
                "list": "; ".join(
                    f"{m.nomination.subject_name if m.nomination else ''}: {m.label}" for m in check.missing
                )
            }
        )
    if check.duplicates:
        raise ValidationError(_("Có đối tượng bị đề nghị trùng; xem các cảnh báo trên danh sách."))
    batch.check_transition(NominationBatch.Status.SUBMITTED)
    return batch


def _batch_fingerprint(batch: NominationBatch) -> list:
    """What the batch's Tờ trình is rendered from: a change means it must be rendered again."""
    return [batch.year, batch.occasion, *batch.nominations.order_by("pk").values_list("pk", "updated_at")]


def batch_submit(*, by, batch: NominationBatch) -> NominationBatch:
    """The unit head sends the batch (draft/returned → submitted) with its nominees, audited.

    The unit's numbered Tờ trình (issue 11 §4) is numbered and rendered between two short
    transactions (issue 15: the register's lock is held only for taking the number): the checks
    commit first, then the number is taken and the PDF rendered, then one transaction checks
    again, sends the batch and stores the Tờ trình, or does neither (the number stays reserved
    for the batch's next try). Runs outside any transaction.

    Raises ValidationError without the right, when the batch is empty or a dossier lacks a required
    document (Law 2022 Art. 84), or when the batch changed while its Tờ trình was rendered, and
    TransitionNotAllowed when the batch is not a draft or returned.
    """
    from nominations.services.issuing import batch_submission_prepare  # issuing imports this module

    with transaction.atomic():
        locked = _batch_send_check(by, batch)
        fingerprint = _batch_fingerprint(locked)
    prepared = batch_submission_prepare(by=by, batch=locked)
    with transaction.atomic():
        batch = _batch_send_check(by, batch)
        if _batch_fingerprint(batch) != fingerprint:
            raise ValidationError(_("Tờ trình vừa thay đổi trong khi gửi; vui lòng gửi lại."))
        transition(
            batch,
            NominationBatch.Status.SUBMITTED,
            by=by,
            action="awards.batch.submitted",
            data={"reason": ""},
        )
        batch.status_changed_at = batch.submitted_at = timezone.now()
        batch.return_reason = ""
        batch.save(
            update_fields=["status", "status_changed_at", "submitted_at", "return_reason", "updated_at"]
        )
        for n in batch.nominations.select_for_update():
            transition(
                n,
                Nomination.Status.SUBMITTED,
                by=by,
                action="awards.nomination.submitted",
                data={"reason": ""},
            )
            n.save(update_fields=["status", "updated_at"])
        if prepared is not None:
            document_store(prepared)
    return batch


@transaction.atomic
def batch_recall(*, by, batch: NominationBatch, reason: str = "") -> NominationBatch:
    """The sender takes the batch back before any nominee is appraised."""
    batch = _lock_batch(batch)
    _require(can_send_batch(by, batch))
    nominations = list(batch.nominations.select_for_update())
    if batch.status != NominationBatch.Status.SUBMITTED or any(
        n.status != Nomination.Status.SUBMITTED for n in nominations
    ):
        raise TransitionNotAllowed(_("Chỉ rút lại được tờ trình đã gửi và chưa được thẩm định."))
    transition(
        batch, NominationBatch.Status.DRAFT, by=by, action="awards.batch.recalled", data={"reason": reason}
    )
    batch.status_changed_at = timezone.now()
    batch.save(update_fields=["status", "status_changed_at", "updated_at"])
    for n in nominations:
        transition(
            n, Nomination.Status.DRAFT, by=by, action="awards.nomination.recalled", data={"reason": reason}
        )
        n.save(update_fields=["status", "updated_at"])
    return batch


@transaction.atomic
def batch_return(*, by, batch: NominationBatch, reason: str) -> NominationBatch:
    """The secretariat returns the whole batch for supplement (a reason is required)."""
    batch = _lock_batch(batch)
    _require(can_appraise(by, batch))
    if not reason.strip():
        raise ValidationError({"reason": _("Phải nêu lý do trả lại hồ sơ.")})
    nominations = list(batch.nominations.select_for_update())
    if any(n.status != Nomination.Status.SUBMITTED for n in nominations):
        raise TransitionNotAllowed(_("Đã có đối tượng được thẩm định: không thể trả lại cả tờ trình."))
    transition(
        batch, NominationBatch.Status.RETURNED, by=by, action="awards.batch.returned", data={"reason": reason}
    )
    batch.status_changed_at = timezone.now()
    batch.return_reason = reason.strip()
    batch.save(update_fields=["status", "status_changed_at", "return_reason", "updated_at"])
    for n in nominations:
        transition(
            n, Nomination.Status.RETURNED, by=by, action="awards.nomination.returned", data={"reason": reason}
        )
        n.save(update_fields=["status", "updated_at"])
    return batch


# --- Appraisal -----------------------------------------------------------------------
@transaction.atomic
def nomination_appraise(
    *,
    by,
    nomination: Nomination,
    accept: bool,
    note: str = "",
    reason: str = "",
    override_reason: str = "",
    verdict: Verdict | None = None,
) -> Nomination:
    """Accept a nominee to the council, or not (with a reason). The engine's verdict is stored.

    A nominee whose verdict fails goes to the council only with `override_reason` (why the desk
    proposes it anyway); it is stored, audited, shown to the council and printed in the minutes.
    `verdict`: the engine's verdict of the nominee within its batch (`batch_verdicts(batch)`),
    computed here when not given. Raises ValidationError (field "reason" or "override_reason")."""
    batch = _lock_batch(nomination.batch)
    _require(can_appraise(by, batch))
    n = Nomination.objects.select_for_update().select_related("award_kind").get(pk=nomination.pk)
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Phải nêu lý do không trình Hội đồng.")})
    if verdict is None:
        # Judged within its whole batch, as the batch page shows it: a collective's share of
        # members and a fighter's LĐTT of the same year count the batch's other nominees too.
        verdict = batch_verdicts(batch, only={n.pk})[n.pk]
    override = override_reason.strip() if accept and not verdict.eligible else ""
    if accept and not verdict.eligible and not override:
        raise ValidationError(
            {
                "override_reason": _(
                    "“%(s)s” chưa đạt tiêu chuẩn theo kết quả kiểm tra (%(f)s): "
                    "phải ghi lý do vẫn trình Hội đồng."
                )
                % {"s": n.subject_name, "f": "; ".join(r.message for r in verdict.failures)}
            }
        )
    to = Nomination.Status.APPRAISED if accept else Nomination.Status.NOT_ACCEPTED
    transition(
        n, to, by=by, action="awards.nomination.appraised", data={"reason": override or reason or note}
    )
    n.verdict = verdict_to_json(verdict)
    n.appraisal_note = note.strip()
    n.reason = reason.strip()
    n.override_reason = override
    n.appraised_by = by
    n.save(
        update_fields=[
            "status",
            "verdict",
            "appraisal_note",
            "reason",
            "override_reason",
            "appraised_by",
            "updated_at",
        ]
    )
    if not batch.nominations.filter(status=Nomination.Status.SUBMITTED).exists():
        transition(
            batch,
            NominationBatch.Status.APPRAISED,
            by=by,
            action="awards.batch.appraised",
            data={"reason": ""},
        )
        batch.status_changed_at = timezone.now()
        batch.save(update_fields=["status", "status_changed_at", "updated_at"])
    return n
