"""Thin views of the awards workflow: batches (unit head), appraisal (secretariat), council
sessions and the secret ballot (members), decisions (secretariat, chair)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from awards.selectors import households_visible_to
from campaigns.selectors import campaigns_visible_to
from core.audit import history_for
from core.views import (
    RoleRequiredMixin,
    Transition,
    TransitionView,
    add_service_errors,
    error_text,
    form_error_text,
    message_error,
)
from documents.http import issued_file_response, verified_file_response
from nominations import selectors as sel
from nominations import services
from nominations.forms import (
    AnnulForm,
    AppraisalForm,
    AttendeesForm,
    BatchForm,
    CloseBallotForm,
    DecisionForm,
    DocumentForm,
    NominationForm,
    ReasonForm,
    SessionForm,
)
from nominations.models import (
    AgendaItem,
    BallotParticipation,
    CouncilSession,
    Decision,
    DecisionIssueJob,
    DecisionLine,
    DossierDocument,
    Nomination,
    NominationBatch,
    Recusal,
)
from nominations.permissions import can_create_batch, councils_run_by, signers_of, units_nominating_for
from units.permissions import (
    COUNCIL_ROLES,
    DESK_ROLES,
    FILE_ROLES,
    UNIT_ROLES,
    subtree_of_unit,
    visible_units,
)
from units.selectors import people_visible_to

BATCH_ROLES = UNIT_ROLES | FILE_ROLES
DOSSIER_ROLES = COUNCIL_ROLES | BATCH_ROLES
BATCH_EDIT_ROLES = UNIT_ROLES | DESK_ROLES
SESSION_ROLES = COUNCIL_ROLES
DECISION_ROLES = FILE_ROLES


# --- Batches -------------------------------------------------------------------------
class _ListPage(RoleRequiredMixin, View):
    """A paginated list page of the workflow: `rows(request)` (the user's objects) shown
    `paginate_by` a page as `context_object_name`, with `page_context(request)` in the context."""

    paginate_by = None  # None: settings.THIDUA_PAGE_SIZE, read per request
    context_object_name = ""

    def rows(self, request):  # pragma: no cover - abstract
        raise NotImplementedError

    def page_context(self, request) -> dict:
        return {}

    def get(self, request):
        per_page = self.paginate_by or settings.THIDUA_PAGE_SIZE
        page = Paginator(self.rows(request), per_page).get_page(request.GET.get("page"))
        ctx = {
            "page_obj": page,
            "paginator": page.paginator,  # partials/_pagination.html prints its count
            "is_paginated": page.has_other_pages(),
            self.context_object_name: page.object_list,
        }
        return render(request, self.template_name, {**ctx, **self.page_context(request)})


class BatchListView(_ListPage):
    required_roles = BATCH_ROLES
    template_name = "nominations/batch_list.html"
    context_object_name = "batches"

    def rows(self, request):
        inbox = request.GET.get("inbox") == "1"
        return sel.batch_list_for_user(user=request.user, status=request.GET.get("status", ""), inbox=inbox)

    def page_context(self, request) -> dict:
        return {
            "inbox": request.GET.get("inbox") == "1",
            "statuses": NominationBatch.Status.choices,
            "can_create": can_create_batch(request.user),
        }


class BatchCreateView(RoleRequiredMixin, View):
    required_roles = BATCH_EDIT_ROLES
    template_name = "nominations/batch_form.html"

    def _form(self, request, data=None):
        return BatchForm(
            data,
            units=units_nominating_for(request.user).order_by("path"),
            campaigns=campaigns_visible_to(request.user),
            initial={"year": timezone.localdate().year - 1},
        )

    def get(self, request):
        return render(request, self.template_name, {"form": self._form(request)})

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                batch = services.batch_create(
                    by=request.user,
                    unit=d["unit"],
                    title=d["title"],
                    year=d["year"],
                    occasion=d["occasion"],
                    campaign=d["campaign"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã tạo tờ trình."))
                return redirect("awards:batch-detail", pk=batch.pk)
        return render(request, self.template_name, {"form": form})


def _batch_for(request, pk):
    try:
        return sel.batch_get_for_user(user=request.user, pk=pk)
    except Http404:
        batch = get_object_or_404(NominationBatch.objects.select_related("unit"), pk=pk)
        if sel.batch_visible_through_session(request.user, batch):
            return batch
        raise


class BatchDetailView(RoleRequiredMixin, View):
    """The batch page: its nominees a page at a time (issue 17: 500 nominees; `?page=last`), each
    judged within the whole batch; the summary (dossier check of an editable batch, quota,
    recall) covers the whole batch."""

    required_roles = DOSSIER_ROLES
    template_name = "nominations/batch_detail.html"
    nominees_per_page = None  # None: settings.THIDUA_PAGE_SIZE, read per request

    def get(self, request, pk):
        batch = _batch_for(request, pk)
        user = request.user
        outline = sel.batch_outline(batch, cached=True)
        paginator = Paginator(outline, self.nominees_per_page or settings.THIDUA_PAGE_SIZE)
        number = request.GET.get("page")
        page = paginator.get_page(paginator.num_pages if number == "last" else number)
        nominations = sel.batch_nominations(batch, pks=[o.pk for o in page.object_list], cached=True)
        # The rule book is read only where a cached result must be computed (it costs ≈2 ms even
        # from the cache, issue 17): the check, the verdicts and the quota load it themselves.
        # An editable batch shows the whole batch's check (it gates sending); once sent, only
        # the rows on this page need theirs.
        check = services.batch_check(batch, nominations=None if batch.editable else nominations, cached=True)
        # The live verdict shows where no verdict was stored at appraisal, and decides the
        # override field of a nominee still to appraise.
        live = {n.pk for n in nominations if not n.verdict or n.status == Nomination.Status.SUBMITTED}
        verdicts = services.batch_verdicts(batch, outline, only=live, cached=True) if live else {}
        page_docs = Q(nomination=None) | Q(nomination__in=[n.pk for n in nominations])
        docs = list(batch.documents.filter(page_docs).order_by("nomination_id", "document_type"))
        can_edit = batch.editable and services.can_edit_batch(user, batch)
        can_appraise = batch.status == NominationBatch.Status.SUBMITTED and services.can_appraise(user, batch)
        rows = []
        for n in nominations:
            stored = n.verdict
            rows.append(
                {
                    "n": n,
                    "verdict": verdicts.get(n.pk),
                    "stored": stored,
                    "missing": check.missing_for(n.pk),
                    "duplicates": check.duplicates.get(n.pk, []),
                    "warnings": check.warnings.get(n.pk, []),
                    "docs": [d for d in docs if d.nomination_id == n.pk],
                }
            )
        ctx = {
            "batch": batch,
            "rows": rows,
            "check": check,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "batch_docs": [d for d in docs if d.nomination_id is None],
            "can_edit": can_edit,
            "can_send": batch.editable and services.can_send_batch(user, batch),
            "can_recall": batch.status == NominationBatch.Status.SUBMITTED
            and services.can_send_batch(user, batch)
            and all(o.status == Nomination.Status.SUBMITTED for o in outline),
            "can_appraise": can_appraise,
            "history": sel.batch_history(batch)[:50],
            "quota": sel.quota_budgets(
                unit_ids=sel.batch_quota_units(batch, outline),
                year=batch.year,
                on_date=timezone.localdate(),
                batch=batch,
            ),
            "quota_live": can_edit,
        }
        if can_edit:
            ctx["nomination_form"] = NominationForm(
                people=people_visible_to(user)
                .filter(unit__in=subtree_of_unit(batch.unit))
                .order_by("search_key"),
                units=subtree_of_unit(batch.unit).order_by("path"),
                households=households_visible_to(user).filter(village__in=subtree_of_unit(batch.unit)),
            )
            ctx["document_form"] = DocumentForm()
        if can_appraise:
            ctx["appraisal_form"] = AppraisalForm()
            ctx["reason_form"] = ReasonForm()
        return render(request, self.template_name, ctx)


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _back_to_batch(request, batch):
    """Redirect to the batch page the form was posted from: its page of nominees (the form's
    `page` field, a number), else the first page."""
    url = reverse("awards:batch-detail", args=[batch.pk])
    page = _int(request.POST.get("page"))
    return redirect(f"{url}?page={page}" if page and page > 1 else url)


class BatchQuotaView(RoleRequiredMixin, View):
    """The quota panel alone (htmx): refreshed while the add form changes, previewing the person
    chosen as if proposed for grassroots fighter (issue 16 item 6)."""

    required_roles = DOSSIER_ROLES

    def get(self, request, pk):
        batch = _batch_for(request, pk)
        can_edit = batch.editable and services.can_edit_batch(request.user, batch)
        adding = None
        if can_edit and sel.is_grassroots_fighter_kind(_int(request.GET.get("award_kind"))):
            person_id = _int(request.GET.get("person"))
            adding = (
                people_visible_to(request.user)
                .filter(unit__in=subtree_of_unit(batch.unit), pk=person_id)
                .first()
                if person_id
                else None
            )
        outline = sel.batch_outline(batch, cached=True)
        quota = sel.quota_budgets(
            unit_ids=sel.batch_quota_units(batch, outline)
            if adding is None
            else {n.person_unit_id for n in outline if n.person_id},
            year=batch.year,
            on_date=timezone.localdate(),
            batch=batch,
            adding=adding,
        )
        ctx = {"batch": batch, "quota": quota, "quota_live": can_edit, "adding": adding}
        return render(request, "nominations/_quota_body.html", ctx)


class NominationAddView(RoleRequiredMixin, View):
    required_roles = BATCH_EDIT_ROLES

    def post(self, request, pk):
        batch = sel.batch_get_for_user(user=request.user, pk=pk)
        user = request.user
        form = NominationForm(
            request.POST,
            people=people_visible_to(user),
            units=visible_units(user),
            households=households_visible_to(user),
        )
        if not form.is_valid():
            messages.error(request, form_error_text(form))
            return redirect("awards:batch-detail", pk=batch.pk)
        d = form.cleaned_data
        kind = d["subject_kind"]
        try:
            services.nomination_add(
                by=user,
                batch=batch,
                award_kind=d["award_kind"],
                summary=d["summary"],
                **{kind: d[kind]},
            )
        except ValidationError as exc:
            message_error(request, exc)
        else:
            messages.success(request, _("Đã thêm đối tượng đề nghị."))
        return redirect("awards:batch-detail", pk=batch.pk)


class NominationRemoveView(RoleRequiredMixin, View):
    required_roles = BATCH_EDIT_ROLES

    def post(self, request, pk, nomination_pk):
        batch = sel.batch_get_for_user(user=request.user, pk=pk)
        nomination = get_object_or_404(batch.nominations, pk=nomination_pk)
        try:
            services.nomination_remove(by=request.user, nomination=nomination)
        except ValidationError as exc:
            message_error(request, exc)
        return _back_to_batch(request, batch)


class DocumentUploadView(RoleRequiredMixin, View):
    required_roles = BATCH_EDIT_ROLES

    def post(self, request, pk):
        batch = sel.batch_get_for_user(user=request.user, pk=pk)
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, form_error_text(form))
            return _back_to_batch(request, batch)
        d = form.cleaned_data
        nomination = get_object_or_404(batch.nominations, pk=d["nomination"]) if d["nomination"] else None
        try:
            services.dossier_document_add(
                by=request.user,
                batch=batch,
                nomination=nomination,
                document_type=d["document_type"],
                upload=d["file"],
            )
        except ValidationError as exc:
            message_error(request, exc)
        else:
            messages.success(request, _("Đã tải lên tài liệu."))
        return _back_to_batch(request, batch)


class DocumentDownloadView(RoleRequiredMixin, View):
    required_roles = DOSSIER_ROLES

    def get(self, request, pk, doc_pk):
        batch = _batch_for(request, pk)
        doc = get_object_or_404(DossierDocument, pk=doc_pk, batch=batch)
        return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name)


class BatchTransitionView(TransitionView):
    """`to-trinh/<pk>/chuyen/<status>/`: the unit sends its batch (submitted) or recalls it before
    any appraisal (draft); the secretariat returns it for completion with a reason (returned)."""

    required_roles = BATCH_EDIT_ROLES
    model = NominationBatch
    transitions = {
        NominationBatch.Status.SUBMITTED: Transition(
            lambda batch, by: services.batch_submit(by=by, batch=batch), gettext_lazy("Đã gửi tờ trình.")
        ),
        NominationBatch.Status.DRAFT: Transition(
            lambda batch, by: services.batch_recall(by=by, batch=batch), gettext_lazy("Đã rút lại tờ trình.")
        ),
        NominationBatch.Status.RETURNED: Transition(
            lambda batch, by, reason: services.batch_return(by=by, batch=batch, reason=reason),
            gettext_lazy("Đã trả lại tờ trình để bổ sung."),
            form_class=ReasonForm,
        ),
    }

    def get_object(self, request, pk):
        return sel.batch_get_for_user(user=request.user, pk=pk)

    def success_url(self, obj) -> str:
        return reverse("awards:batch-detail", args=[obj.pk])


class NominationAppraiseView(RoleRequiredMixin, View):
    required_roles = DESK_ROLES

    def post(self, request, pk, nomination_pk):
        batch = sel.batch_get_for_user(user=request.user, pk=pk)
        nomination = get_object_or_404(batch.nominations, pk=nomination_pk)
        form = AppraisalForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.nomination_appraise(
                    by=request.user,
                    nomination=nomination,
                    accept=d["accept"],
                    note=d["note"],
                    reason=d["reason"],
                    override_reason=d["override_reason"],
                )
            except ValidationError as exc:
                message_error(request, exc)
            else:
                messages.success(request, _("Đã ghi kết quả thẩm định."))
        return _back_to_batch(request, batch)


# --- Council sessions ----------------------------------------------------------------
class SessionListView(_ListPage):
    required_roles = SESSION_ROLES
    template_name = "nominations/session_list.html"
    paginate_by = 50
    context_object_name = "sessions"

    def rows(self, request):
        return sel.session_list_for_user(user=request.user)

    def page_context(self, request) -> dict:
        return {"can_create": councils_run_by(request.user).exists()}


class SessionCreateView(RoleRequiredMixin, View):
    required_roles = DESK_ROLES
    template_name = "nominations/session_form.html"

    def get(self, request):
        form = SessionForm(
            councils=councils_run_by(request.user), initial={"meeting_date": timezone.localdate()}
        )
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = SessionForm(request.POST, councils=councils_run_by(request.user))
        if form.is_valid():
            d = form.cleaned_data
            try:
                session = services.session_create(
                    by=request.user,
                    council=d["council"],
                    title=d["title"],
                    meeting_date=d["meeting_date"],
                    location=d["location"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("awards:session-detail", pk=session.pk)
        return render(request, self.template_name, {"form": form})


# Agenda items and annex lines shown a page at a time on the session and decision pages: a
# province council votes on 300 items and a decision lists 1,000 lines (issue 17).
AGENDA_PAGE_SIZE = 25
ANNEX_PAGE_SIZE = 50


def _get_page(paginator: Paginator, request):
    """The page `?page=N` of `paginator` (`?page=last`: the last page; out of range or not a
    number: the nearest valid page, as `Paginator.get_page`)."""
    number = request.GET.get("page")
    return paginator.get_page(paginator.num_pages if number == "last" else number)


class SessionDetailView(RoleRequiredMixin, View):
    """The session page: the agenda `AGENDA_PAGE_SIZE` items a page (?page=N) with the member's
    ballot buttons, the member's progress over the whole agenda, and for the secretariat the ballot
    console (rows for the page shown, totals over the whole agenda)."""

    required_roles = SESSION_ROLES
    template_name = "nominations/session_detail.html"

    def get(self, request, pk):
        session = sel.session_get_for_user(user=request.user, pk=pk)
        user = request.user
        # Paged over the agenda's ids (no COUNT query); the same ids give the whole-agenda totals.
        ids = sel.agenda_ids(session)
        page = _get_page(Paginator(ids, AGENDA_PAGE_SIZE), request)
        items = list(sel.agenda_queryset(session).filter(pk__in=page.object_list))
        council = session.council
        members = list(council.members.order_by("full_name"))
        is_member = any(m.pk == user.pk for m in members)
        # The member's own votes and every recusal of the session: two reads shared by the page's
        # rows, the member's progress and the console (a session has few recusals).
        voted = (
            set(
                BallotParticipation.objects.filter(session=session, member=user).values_list(
                    "item_id", flat=True
                )
            )
            if is_member
            else set()
        )
        recusals = list(Recusal.objects.filter(item__session=session).select_related("member"))
        recused = {}
        for r in recusals:
            recused.setdefault(r.item_id, []).append(r)
        attendees = set(session.attendees.values_list("pk", flat=True))
        voting = session.status == CouncilSession.Status.VOTING
        can_vote = voting and is_member and user.pk in attendees
        # Each row links its ballot and its dossier: reversed once here, not per row in the loop.
        ballot_url = reverse("awards:ballot", args=[session.pk, 0]).removesuffix("0/") + "%d/"
        batch_url = reverse("awards:batch-detail", args=[0]).removesuffix("0/") + "%d/#nomination-%d"
        rows = []
        for item in items:
            mine = any(r.member_id == user.pk for r in recused.get(item.pk, ()))
            rows.append(
                {
                    "item": item,
                    "ballot_url": ballot_url % item.pk,
                    "dossier_url": batch_url % (item.nomination.batch_id, item.nomination_id),
                    "recusals": recused.get(item.pk, ()),
                    "voted": item.pk in voted,
                    "recused_me": mine,
                    "may_vote": can_vote and item.pk not in voted and not mine,
                }
            )
        runs = services.can_run_session(user, council)
        # The ballot console (issue 16 item 3): who has voted, never how.
        console = (
            sel.ballot_console(session, items=items, ids=ids, recusals=recusals) if runs and voting else None
        )
        ctx = {
            "session": session,
            "rows": rows,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "members": members,
            "attendees": attendees,
            "is_member": is_member,
            "runs": runs,
            "results": session.status == CouncilSession.Status.CLOSED,
            "candidates": list(services.agenda_candidates(council))
            if runs and session.status in ("planned", "open")
            else [],
            "my_ballot": sel.member_ballot(
                ids,
                voted=voted,
                recused={r.item_id for r in recusals if r.member_id == user.pk},
                per_page=AGENDA_PAGE_SIZE,
            )
            if can_vote
            else None,
            "console": console,
        }
        if runs and CouncilSession.Status.OPEN in session.next_statuses:
            ctx["attendees_form"] = AttendeesForm(session=session)
        if runs and CouncilSession.Status.CLOSED in session.next_statuses:
            ctx["close_form"] = CloseBallotForm(session=session, console=console)
        if session.status == CouncilSession.Status.PLANNED and runs:
            try:
                t = services.threshold_for(council, None)
                ctx["rule"] = services.council._rule_text(t)
            except ValidationError as exc:
                ctx["rule"] = error_text(exc)
        return render(request, self.template_name, ctx)


class SessionActionView(RoleRequiredMixin, View):
    """The secretariat's actions on a session that do not change its status: POST action=agenda
    (nominations) | minutes (issue the minutes and the ballot-count report)."""

    required_roles = DESK_ROLES

    def post(self, request, pk):
        session = sel.session_get_for_user(user=request.user, pk=pk)
        action = request.POST.get("action")
        try:
            if action == "agenda":
                ids = [int(x) for x in request.POST.getlist("nominations") if x.isdigit()]
                noms = list(Nomination.objects.filter(pk__in=ids))
                if not noms:
                    raise ValidationError(_("Chọn ít nhất một đối tượng."))
                services.agenda_add(by=request.user, session=session, nominations=noms)
            elif action == "minutes":
                services.session_documents_issue(by=request.user, session=session)
            else:
                raise Http404
        except ValidationError as exc:
            message_error(request, exc)
        else:
            messages.success(request, _("Đã cập nhật phiên họp."))
        return redirect("awards:session-detail", pk=session.pk)


class SessionTransitionView(TransitionView):
    """`phien-hop/<pk>/chuyen/<status>/`: the secretariat opens the session with the roll call
    (open), opens the secret ballot (voting) and closes and counts it (closed)."""

    required_roles = DESK_ROLES
    model = CouncilSession
    transitions = {
        CouncilSession.Status.OPEN: Transition(
            lambda session, by, attendees: services.session_open(
                by=by, session=session, attendees=list(attendees)
            ),
            gettext_lazy("Đã khai mạc phiên họp."),
            form_class=AttendeesForm,
            form_kwargs=lambda session: {"session": session},
        ),
        CouncilSession.Status.VOTING: Transition(
            lambda session, by: services.ballot_open(by=by, session=session),
            gettext_lazy("Đã bắt đầu bỏ phiếu."),
        ),
        CouncilSession.Status.CLOSED: Transition(
            lambda session, by, confirm_missing=False: services.ballot_close(
                by=by, session=session, confirm_missing=confirm_missing
            ),
            gettext_lazy("Đã kết thúc bỏ phiếu và kiểm phiếu."),
            form_class=CloseBallotForm,
            form_kwargs=lambda session: {"session": session},
        ),
    }

    def get_object(self, request, pk):
        return sel.session_get_for_user(user=request.user, pk=pk)

    def success_url(self, obj) -> str:
        return reverse("awards:session-detail", args=[obj.pk])


class SessionRemindView(RoleRequiredMixin, View):
    """POST: remind the attendees who have not voted yet (one notification each per press)."""

    required_roles = DESK_ROLES

    def post(self, request, pk):
        session = sel.session_get_for_user(user=request.user, pk=pk)
        try:
            n = services.ballot_remind(by=request.user, session=session)
        except ValidationError as exc:
            message_error(request, exc)
        else:
            messages.success(request, _("Đã nhắc %(n)s thành viên chưa bỏ phiếu.") % {"n": n})
        return redirect("awards:session-detail", pk=session.pk)


def _agenda_url(session, item) -> str:
    """The session page at the agenda page listing `item`, scrolled to its row."""
    page = sel.agenda_page_of(item, AGENDA_PAGE_SIZE)
    return f"{reverse('awards:session-detail', args=[session.pk])}?page={page}#item-{item.pk}"


class BallotView(RoleRequiredMixin, View):
    """A member's secret vote on one agenda item (POST choice=yes|no|abstain), or recusal.

    A vote is cast only with `confirm=1`: the first POST shows the choice back to the member with
    the warning that a secret vote cannot be changed (issue 16 item 3)."""

    required_roles = COUNCIL_ROLES
    confirm_template = "nominations/ballot_confirm.html"

    def post(self, request, pk, item_pk):
        session = sel.session_get_for_user(user=request.user, pk=pk)
        item = get_object_or_404(AgendaItem, pk=item_pk, session=session)
        choice = request.POST.get("choice", "")
        if request.POST.get("action") != "recuse" and request.POST.get("confirm") != "1":
            problem = services.can_vote(request.user, item)
            if problem is None and choice in services.Choice.ALL:
                item = AgendaItem.objects.select_related("nomination__award_kind").get(pk=item.pk)
                return render(
                    request,
                    self.confirm_template,
                    {
                        "session": session,
                        "item": item,
                        "choice": choice,
                        "label": services.Choice.LABELS[choice],
                        "back_url": _agenda_url(session, item),
                    },
                )
        try:
            if request.POST.get("action") == "recuse":
                services.recusal_declare(by=request.user, item=item, reason=request.POST.get("reason", ""))
            else:
                services.ballot_cast(by=request.user, item=item, choice=request.POST.get("choice", ""))
        except ValidationError as exc:
            message_error(request, exc)
        else:
            messages.success(request, _("Đã ghi nhận phiếu của bạn."))
        return redirect(_agenda_url(session, item))


# --- Decisions -----------------------------------------------------------------------
class DecisionListView(_ListPage):
    required_roles = DECISION_ROLES
    template_name = "nominations/decision_list.html"
    paginate_by = 50
    context_object_name = "decisions"

    def rows(self, request):
        return sel.decision_list_for_user(user=request.user, to_sign=request.GET.get("sign") == "1")

    def page_context(self, request) -> dict:
        return {"to_sign": request.GET.get("sign") == "1"}


class DecisionCreateView(RoleRequiredMixin, View):
    """From a closed session: choose approved nominees, date, signer → draft decision."""

    required_roles = DESK_ROLES
    template_name = "nominations/decision_form.html"

    def _ctx(self, request, session, form):
        approved = [
            i.nomination
            for i in sel.agenda_items(session)
            if i.nomination.status == Nomination.Status.APPROVED
        ]
        signers = list(signers_of(session.council.unit))
        return {"session": session, "form": form, "approved": approved, "signers": signers}

    def get(self, request, pk):
        session = sel.session_get_for_user(user=request.user, pk=pk)
        form = DecisionForm(
            initial={
                "title": _("Khen thưởng theo đề nghị của Hội đồng Thi đua - Khen thưởng"),
                "decision_date": timezone.localdate(),
                "signer_title": _("Chủ tịch"),
            }
        )
        return render(request, self.template_name, self._ctx(request, session, form))

    def post(self, request, pk):
        session = sel.session_get_for_user(user=request.user, pk=pk)
        form = DecisionForm(request.POST)
        ctx = self._ctx(request, session, form)
        if form.is_valid():
            d = form.cleaned_data
            ids = {int(x) for x in request.POST.getlist("nominations") if x.isdigit()}
            chosen = [n for n in ctx["approved"] if n.pk in ids]
            signer = next((u for u in ctx["signers"] if str(u.pk) == request.POST.get("signer")), None)
            try:
                if signer is None:
                    raise ValidationError(_("Chọn người ký."))
                decision = services.decision_create(
                    by=request.user,
                    unit=session.council.unit,
                    title=d["title"],
                    decision_date=d["decision_date"],
                    nominations=chosen,
                    signer=signer,
                    signer_title=d["signer_title"],
                    session=session,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lập dự thảo quyết định."))
                return redirect("awards:decision-detail", pk=decision.pk)
        return render(request, self.template_name, ctx)


class DecisionDetailView(RoleRequiredMixin, View):
    """The decision page: its articles, the annex `ANNEX_PAGE_SIZE` lines a page (?page=N) with
    the total of the whole annex, the files once issued, and the signer's issue button."""

    required_roles = DECISION_ROLES
    template_name = "nominations/decision_detail.html"

    def get(self, request, pk):
        decision = sel.decision_get_for_user(user=request.user, pk=pk)
        if request.headers.get("HX-Request") and decision.status != Decision.Status.DRAFT:
            # The issue job's progress block polls this page: issued now, so reload it whole.
            return HttpResponse(status=204, headers={"HX-Refresh": "true"})
        page = _get_page(Paginator(sel.decision_lines(decision), ANNEX_PAGE_SIZE), request)
        return render(
            request,
            self.template_name,
            {
                "decision": decision,
                "lines": page.object_list,
                "page_obj": page,
                "paginator": page.paginator,
                "is_paginated": page.has_other_pages(),
                "total": sel.decision_total(decision),
                "issue_job": sel.decision_issue_job(decision),
                "can_sign": services.can_sign(request.user, decision),
                "can_annul": decision.status == "issued"
                and services.can_prepare_decision(request.user, decision.unit),
                "annul_form": AnnulForm(),
                "annulments": sel.decision_annulments(decision),
                "history": history_for(decision)[:50],
            },
        )


def _decision_issue(decision, by):
    """Issue now, or in a background job for a long decision (the page then shows its progress)."""
    if not services.can_sign(by, decision):
        raise ValidationError(_("Chỉ người ký được ban hành quyết định."))
    return services.decision_issue_request(by=by, decision=decision)


def _decision_issued_message(result) -> str:
    if isinstance(result, DecisionIssueJob):
        return _("Đang ban hành quyết định trong nền: theo dõi tiến độ ở trang này.")
    return _("Đã ban hành Quyết định số %(n)s và Giấy khen.") % {"n": result.number}


class DecisionTransitionView(TransitionView):
    """`quyet-dinh/<pk>/chuyen/issued/`: the signer signs, numbers and issues the decision (and its
    certificates)."""

    required_roles = DECISION_ROLES
    model = Decision
    transitions = {
        Decision.Status.ISSUED: Transition(_decision_issue, _decision_issued_message),
    }

    def get_object(self, request, pk):
        return sel.decision_get_for_user(user=request.user, pk=pk)

    def success_url(self, obj) -> str:
        pk = obj.decision_id if isinstance(obj, DecisionIssueJob) else obj.pk
        return reverse("awards:decision-detail", args=[pk])


class DecisionActionView(RoleRequiredMixin, View):
    """POST action=annul (line, ground, note): draft the decision annulling one line (the draft is
    then submitted and issued like any numbered document)."""

    required_roles = DECISION_ROLES

    def post(self, request, pk):
        decision = sel.decision_get_for_user(user=request.user, pk=pk)
        if request.POST.get("action") != "annul":
            raise Http404
        line_pk = request.POST.get("line", "")
        line = (
            DecisionLine.objects.filter(pk=line_pk, decision=decision).first() if line_pk.isdigit() else None
        )
        form = AnnulForm(request.POST)
        try:
            if line is None:
                raise ValidationError(_("Chọn dòng của quyết định cần hủy bỏ."))
            if not form.is_valid():
                raise ValidationError([str(e) for errs in form.errors.values() for e in errs])
            d = form.cleaned_data
            draft = services.line_annulment_draft_create(
                by=request.user, line=line, ground=d["ground"], note=d["note"]
            )
        except ValidationError as exc:
            message_error(request, exc)
            return redirect("awards:decision-detail", pk=decision.pk)
        messages.success(
            request,
            _("Đã soạn dự thảo quyết định hủy bỏ; trình người ký để ban hành và cập nhật sổ khen thưởng."),
        )
        return redirect("documents:draft-detail", pk=draft.pk)


class SessionFileView(RoleRequiredMixin, View):
    """The council's minutes or ballot-count report (members and the secretariat)."""

    required_roles = SESSION_ROLES

    def get(self, request, pk, kind):
        session = sel.session_get_for_user(user=request.user, pk=pk)
        doc = {"bien-ban": session.minutes_document, "kiem-phieu": session.count_document}.get(kind)
        if doc is None:
            raise Http404
        return issued_file_response(
            request, doc, filename=doc.file.name.rsplit("/", 1)[-1], as_attachment=True
        )


class DecisionFileView(RoleRequiredMixin, View):
    """The issued decision's PDF or the batch PDF of its certificates."""

    required_roles = DECISION_ROLES

    def get(self, request, pk, kind):
        decision = sel.decision_get_for_user(user=request.user, pk=pk)
        if kind == "quyet-dinh" and decision.document_id:
            name = f"{decision.number.replace('/', '-')}.pdf"
            return issued_file_response(request, decision.document, filename=name, as_attachment=True)
        if kind == "giay-khen" and decision.certificates_file:
            return verified_file_response(
                request,
                file=decision.certificates_file,
                sha256=decision.certificates_sha256,
                target=decision,
                label=_("Giấy khen in cả lô kèm Quyết định số %(n)s") % {"n": decision.number},
                filename=f"giay-khen-{decision.number.replace('/', '-')}.pdf",
                as_attachment=True,
            )
        raise Http404


class DecisionPaymentListView(RoleRequiredMixin, View):
    """Danh sách chi thưởng of an issued decision for finance, as PDF or Excel."""

    required_roles = DECISION_ROLES

    def get(self, request, pk, fmt):
        from core.excel import xlsx_table_response
        from core.formats import format_vn_decimal
        from documents.rendering import render_pdf

        decision = sel.decision_get_for_user(user=request.user, pk=pk)
        if decision.status != decision.Status.ISSUED or fmt not in ("pdf", "xlsx"):
            raise Http404
        data = sel.payment_list(decision)
        stem = f"chi-thuong-{decision.number.replace('/', '-')}"
        ref = _("Kèm theo Quyết định số %(n)s ngày %(d)s của %(u)s") % {
            "n": decision.number,
            "d": decision.decision_date.strftime("%d/%m/%Y"),
            "u": decision.unit.name,
        }
        if fmt == "xlsx":
            return xlsx_table_response(
                f"{stem}.xlsx",
                [
                    _("STT"),
                    _("Họ và tên / Tên tập thể"),
                    _("Chức vụ, đơn vị"),
                    _("Danh hiệu, hình thức"),
                    _("Hệ số"),
                    _("Số tiền (đồng)"),
                ],
                [
                    *[
                        [
                            r["order"],
                            r["name"],
                            r["detail"],
                            r["award"],
                            float(r["coefficient"]) if r["coefficient"] is not None else None,
                            r["amount"],
                        ]
                        for r in data["rows"]
                    ],
                    ["", _("Tổng cộng"), "", "", None, data["total"]],
                ],
                title_rows=[
                    _("DANH SÁCH CHI THƯỞNG"),
                    ref,
                    _("Bằng chữ: %(w)s") % {"w": data["total_words"]},
                ],
                sheet=_("Chi thưởng"),
            )
        rows = [
            {
                **r,
                "coefficient": format_vn_decimal(r["coefficient"], 2) if r["coefficient"] is not None else "",
                "amount": format_vn_decimal(r["amount"], 0),
            }
            for r in data["rows"]
        ]
        pdf = render_pdf(
            "documents/pdf/payment_list.html",
            {
                "doc": {
                    "type_title": "",
                    "symbol": "",
                    "subject": _("Danh sách chi thưởng"),
                    "issuer_name": decision.unit.name,
                },
                "reference": ref,
                "rows": rows,
                "total": format_vn_decimal(data["total"], 0),
                "total_words": data["total_words"],
                "base_salary": format_vn_decimal(data["base_salary"], 0),
            },
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
        return response
