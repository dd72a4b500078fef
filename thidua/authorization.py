"""The authorization matrix: for every URL pattern and method, who is allowed (issue 10 item 7).

One declarative table, walked by ``thidua/tests/test_authorization_matrix.py`` against real
objects (``thidua/tests/authz_world.py``): every actor not listed under a method must get 404
(or 403 for an action), anonymous users the login page; every listed actor must get 200/302.
A URL pattern without an entry fails the test. ``obj`` names the object behind ``<pk>``.

Columns (actors): the owning jurisdiction's secretariat (``desk``) and another jurisdiction's
(``desk_other``); the owning unit's head and clerk and another unit's head; a council member
invited (member of the owning council) or not; the head of the bloc and of another bloc; the
signer (chair) of the issuing body and of another body; anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DESK, DESK_OTHER = "desk", "desk_other"
HEAD, CLERK, HEAD_OTHER = "head", "clerk", "head_other"
COUNCIL_IN, COUNCIL_OUT = "council_in", "council_out"
BLOC_HEAD, BLOC_HEAD_OTHER = "bloc_head", "bloc_head_other"
SIGNER, SIGNER_OTHER = "signer", "signer_other"
ANON = "anon"

LOGGED_IN = frozenset(
    {
        DESK,
        DESK_OTHER,
        HEAD,
        CLERK,
        HEAD_OTHER,
        COUNCIL_IN,
        COUNCIL_OUT,
        BLOC_HEAD,
        BLOC_HEAD_OTHER,
        SIGNER,
        SIGNER_OTHER,
    }
)
EVERYONE = LOGGED_IN | {ANON}
ALL_DESKS = frozenset({DESK, DESK_OTHER})
ALL_SIGNERS = frozenset({SIGNER, SIGNER_OTHER})
UNIT_STAFF = frozenset({HEAD, CLERK, HEAD_OTHER})
TREE = ALL_DESKS | UNIT_STAFF | ALL_SIGNERS  # anyone who sees some unit subtree
OFFICES = ALL_DESKS | ALL_SIGNERS | {COUNCIL_IN, COUNCIL_OUT}
OWN_FILES = frozenset({DESK, SIGNER, HEAD, CLERK})  # the owning unit's files: its staff, desk, signer


@dataclass(frozen=True)
class Entry:
    """`methods` maps an HTTP method to the actors allowed; `obj` names the object of `<pk>`."""

    methods: dict = field(default_factory=dict)
    obj: str = ""
    kwargs: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)  # POST body (e.g. the action of an action view)
    query: dict = field(default_factory=dict)  # query string: {param: world object key}


def get(allowed, obj="", query=None, **kwargs) -> Entry:
    return Entry({"GET": frozenset(allowed)}, obj, kwargs, query=query or {})


def get_post(get_allowed, post_allowed, obj="", query=None, **kwargs) -> Entry:
    return Entry(
        {"GET": frozenset(get_allowed), "POST": frozenset(post_allowed)}, obj, kwargs, query=query or {}
    )


def post(allowed, obj="", data=None, **kwargs) -> Entry:
    return Entry({"POST": frozenset(allowed)}, obj, kwargs, data=data or {})


MATRIX: dict[str, Entry] = {
    # --- core -------------------------------------------------------------------------------
    "home": get(LOGGED_IN),
    "login": get(EVERYONE),
    "logout": post(EVERYONE),
    "password_change": get(LOGGED_IN),
    "password_change_done": get(LOGGED_IN),
    "core:mfa-verify": get_post(LOGGED_IN, LOGGED_IN),
    "core:mfa-setup": get_post(LOGGED_IN, LOGGED_IN),
    "core:notification-list": get(LOGGED_IN),
    "core:notification-read-all": post(LOGGED_IN),
    "core:notification-settings": get_post(LOGGED_IN, LOGGED_IN),
    "core:notification-open": post({HEAD}, "notification"),
    # Dashboard and statistics tables (issue 16 items 4-5): the register roles (desks, signers),
    # each over its own jurisdiction's numbers; unit staff and council members do not read them.
    "dashboard": get(ALL_DESKS | ALL_SIGNERS),
    "statistics": get(ALL_DESKS | ALL_SIGNERS),
    # --- units ------------------------------------------------------------------------------
    "units:unit-list": get(TREE),
    "units:unit-create": get_post(ALL_DESKS, ALL_DESKS),
    "units:unit-detail": get({DESK, HEAD, CLERK, SIGNER}, "unit"),
    "units:unit-update": get_post({DESK}, {DESK}, "unit"),
    # Reorganisation (item 9): only the secretariat over the unit's parent (the world's empty POST
    # is an invalid form: 200 with the errors; the apply is tested in units/tests).
    "units:unit-reorganise": get_post({DESK}, {DESK}, "unit"),
    "units:person-list": get(TREE),
    "units:person-create": get_post(ALL_DESKS, ALL_DESKS),
    "units:people-import": get_post(ALL_DESKS, ALL_DESKS),
    "units:person-detail": get({DESK, HEAD, CLERK, SIGNER}, "person"),
    "units:person-update": get_post({DESK}, {DESK}, "person"),
    "units:bloc-list": get(LOGGED_IN),
    "units:bloc-create": get_post(ALL_DESKS, ALL_DESKS),
    "units:bloc-detail": get({DESK, SIGNER, COUNCIL_IN, HEAD, CLERK, HEAD_OTHER, BLOC_HEAD}, "bloc"),
    "units:bloc-update": get_post({DESK}, {DESK}, "bloc"),
    "units:rolegrant-list": get(ALL_DESKS),
    "units:rolegrant-create": get_post(ALL_DESKS, ALL_DESKS),
    "units:rolegrant-end": post({DESK}, "rolegrant"),
    # --- campaigns --------------------------------------------------------------------------
    "campaigns:campaign-list": get(OFFICES | UNIT_STAFF),
    "campaigns:campaign-create": get_post(ALL_DESKS, ALL_DESKS),
    "campaigns:campaign-import": get_post(ALL_DESKS, ALL_DESKS),
    "campaigns:my-campaigns": get(UNIT_STAFF),
    "campaigns:campaign-detail": get({DESK, SIGNER, COUNCIL_IN, HEAD, CLERK, HEAD_OTHER}, "campaign"),
    "campaigns:campaign-update": get_post({DESK}, {DESK}, "campaign"),
    "campaigns:campaign-transition": post({DESK}, "campaign", transition="interim_review"),
    "campaigns:campaign-document-draft": post({DESK}, "campaign"),
    "campaigns:campaign-clone": post({DESK}, "campaign"),
    "campaigns:target-create": post({DESK}, "campaign"),
    "campaigns:target-grid": get_post({DESK}, {DESK}, "campaign"),
    "campaigns:target-update": get_post({DESK}, {DESK}, "campaign"),
    "campaigns:document-create": get_post({DESK}, {DESK}, "campaign"),
    "campaigns:document-original": get({DESK, SIGNER, COUNCIL_IN, HEAD, CLERK, HEAD_OTHER}, "campaign"),
    "campaigns:registration-edit": get_post({HEAD, CLERK}, {HEAD, CLERK}, "campaign"),
    "campaigns:registration-detail": get(OWN_FILES, "registration"),
    "campaigns:registration-pdf": get(OWN_FILES, "registration"),
    "campaigns:registration-transition": post({DESK}, "registration", transition="approved"),
    # --- awards register and nominations (one URL namespace) --------------------------------
    "awards:register": get({DESK, DESK_OTHER, SIGNER, SIGNER_OTHER}),
    "awards:import": get_post(ALL_DESKS, ALL_DESKS),
    # Issue 16 item 6: who is due (a unit's staff, the desk and the signer over it; another
    # jurisdiction's unit is 404), and the fairness shares (each office reads its own jurisdiction).
    "awards:due-home": get(TREE),
    "awards:due": get({DESK, HEAD, CLERK, SIGNER}, "unit"),
    "awards:fairness": get(OFFICES),
    # Year-end record (issue 13): the unit's head and clerk, or the desk over it.
    "awards:rating-overview": get(TREE),
    "awards:rating-sheet": get_post(frozenset({DESK, HEAD, CLERK}), frozenset({DESK, HEAD, CLERK})),
    "awards:rating-import": get_post(frozenset({DESK, HEAD, CLERK}), frozenset({DESK, HEAD, CLERK})),
    # No rating sheet in the world: the minutes answer 404 to everyone (the page is tested in
    # awards/tests/test_ratings.py).
    "awards:rating-minutes": get(set()),
    "awards:initiative-add": get_post(
        frozenset({DESK, HEAD, CLERK}), frozenset({DESK, HEAD, CLERK}), "person"
    ),
    "awards:discipline-add": get_post(
        frozenset({DESK, HEAD, CLERK}), frozenset({DESK, HEAD, CLERK}), "person"
    ),
    "awards:freeze-add": get_post(frozenset({DESK, HEAD, CLERK}), frozenset({DESK, HEAD, CLERK}), "person"),
    "awards:start-date": get_post(frozenset({DESK, HEAD, CLERK}), frozenset({DESK, HEAD, CLERK}), "person"),
    "awards:fact-import": get_post(ALL_DESKS | UNIT_STAFF, ALL_DESKS | UNIT_STAFF, kind="sang-kien"),
    "awards:household-list": get(TREE),
    # Households are entered for villages; the world has none, so the form answers 404.
    "awards:household-create": get_post(set(), set()),
    "awards:household-detail": get({DESK, HEAD, CLERK, SIGNER}, "household"),
    "awards:batch-list": get(UNIT_STAFF | ALL_DESKS | ALL_SIGNERS),
    "awards:batch-create": get_post(UNIT_STAFF | ALL_DESKS, UNIT_STAFF | ALL_DESKS),
    "awards:batch-detail": get(OWN_FILES | {COUNCIL_IN}, "batch"),
    # The live quota panel of the batch page (issue 16 item 6): whoever reads the batch.
    "awards:batch-quota": get(OWN_FILES | {COUNCIL_IN}, "batch"),
    "awards:nomination-add": post({DESK, HEAD, CLERK}, "batch"),
    "awards:nomination-remove": post({DESK, HEAD, CLERK}, "batch"),
    "awards:nomination-appraise": post({DESK}, "batch"),
    "awards:document-upload": post({DESK, HEAD, CLERK}, "batch"),
    "awards:document-download": get(OWN_FILES | {COUNCIL_IN}, "batch"),
    "awards:batch-transition": post({DESK, HEAD, CLERK}, "batch", transition="draft"),
    "awards:session-list": get(OFFICES),
    "awards:session-create": get_post(ALL_DESKS, ALL_DESKS),
    "awards:session-detail": get({DESK, SIGNER, COUNCIL_IN}, "session"),
    "awards:session-action": post({DESK}, "session", data={"action": "minutes"}),
    "awards:session-transition": post({DESK}, "session", transition="voting"),
    # The ballot console's reminder (issue 16 item 3): the desk that runs the session.
    "awards:session-remind": post({DESK}, "session"),
    # The desk reaches the ballot of a session it runs; the service refuses its vote (not a member).
    "awards:ballot": post({COUNCIL_IN, SIGNER, DESK}, "session"),
    "awards:session-file": get(set(), "session", kind="bien-ban"),  # no minutes yet: 404 for all
    "awards:decision-create": get_post({DESK}, {DESK}, "session"),
    "awards:decision-list": get(ALL_DESKS | ALL_SIGNERS),
    "awards:decision-detail": get({DESK, SIGNER}, "decision"),
    "awards:decision-file": get(set(), "decision", kind="quyet-dinh"),  # not issued yet: 404 for all
    "awards:decision-action": post({DESK, SIGNER}, "decision", data={"action": "annul"}),
    "awards:decision-transition": post({DESK, SIGNER}, "decision", transition="issued"),
    "awards:decision-payment-list": get(set(), "decision", fmt="pdf"),  # not issued yet: 404 for all
    # --- documents ------------------------------------------------------------------------
    "documents:verify": get(EVERYONE),
    # An issued document is also open to the units it is addressed to (item 3): the world's is
    # addressed to commune A (its head and clerk), not to commune B.
    "documents:issued-list": get(ALL_DESKS | ALL_SIGNERS | UNIT_STAFF),
    "documents:issued-detail": get({DESK, SIGNER, HEAD, CLERK}, "issued"),
    "documents:issued-download": get({DESK, SIGNER, HEAD, CLERK}, "issued"),
    "documents:certificate-blank": get({DESK, SIGNER}, "certificate"),
    "documents:draft-list": get(ALL_DESKS | ALL_SIGNERS),
    "documents:draft-detail": get({DESK, SIGNER}, "draft"),
    "documents:draft-html": get({DESK, SIGNER}, "draft"),
    "documents:draft-pdf": get({DESK, SIGNER}, "draft"),
    "documents:draft-render": post({DESK, SIGNER}, "draft"),
    # Only the desk edits and submits; the signer issues or returns only what was submitted to it
    # (the world's draft is not submitted: issuing redirects with a message, returning is refused).
    "documents:draft-edit": get_post({DESK}, {DESK}, "draft"),
    "documents:draft-docx": get_post({DESK}, {DESK}, "draft"),
    "documents:draft-transition": post({DESK, SIGNER}, "draft", transition="issued"),
    "documents:job-detail": get({DESK, SIGNER}, "job"),
    "documents:job-download": get(set(), "job"),  # the job has not finished: 404 for everyone
    # --- reports --------------------------------------------------------------------------
    "reports:round-list": get(OFFICES),
    "reports:round-create": get_post({DESK}, {DESK}, query={"campaign": "pk:campaign"}),
    "reports:my-rounds": get(UNIT_STAFF),
    "reports:delivery-list": get(ALL_DESKS),
    "reports:tracker": get({DESK}),
    "reports:rounds-from-document": post({DESK}),
    "reports:round-detail": get({DESK, SIGNER, COUNCIL_IN}, "round"),
    "reports:round-update": get_post({DESK}, {DESK}, "round"),
    "reports:round-transition": post({DESK}, "round", transition="closed"),
    "reports:round-document": post({DESK}, "round", kind="cong-van-don-doc"),
    "reports:round-next": post({DESK}, "round"),
    "reports:submission-edit": get_post({HEAD, CLERK}, {HEAD, CLERK}, "round"),
    "reports:submission-detail": get(OWN_FILES, "submission"),
    "reports:submission-transition": post({DESK}, "submission", transition="accepted"),
    "reports:attachment-add": post({HEAD, CLERK}, "submission"),
    "reports:attachment-download": get(OWN_FILES, "attachment"),
    "reports:attachment-delete": post({HEAD, CLERK}, "attachment"),
    # --- scoring --------------------------------------------------------------------------
    "scoring:bloc-table": get({DESK, SIGNER, COUNCIL_IN, HEAD, CLERK, HEAD_OTHER, BLOC_HEAD}),
    "scoring:table-edit": get_post({DESK, BLOC_HEAD}, {DESK, BLOC_HEAD}),
    "scoring:table-detail": get({DESK, SIGNER, COUNCIL_IN, HEAD, CLERK, HEAD_OTHER, BLOC_HEAD}, "table"),
    "scoring:table-transition": post({DESK, BLOC_HEAD}, "table", transition="open"),
    "scoring:self-score": get_post({HEAD, CLERK}, {HEAD, CLERK}, "table"),
    "scoring:cross-score": get_post({BLOC_HEAD}, {BLOC_HEAD}, "table"),
    "scoring:ranking": get({DESK, SIGNER, COUNCIL_IN, BLOC_HEAD}, "table"),
    # --- Django admin: one entry for the whole namespace (superusers only; no actor is one) ---
    "admin:*": get(set()),
}


@dataclass(frozen=True)
class StateCell:
    """Where the workflow state decides (item 7 "where it matters"): `actor` sends `method` to
    `pattern` about the world object `obj`, first put in `state`; `effect` says whether the
    object leaves that state (the transition happens) or keeps it (refused, whatever the HTTP
    answer). In `data`, "@actor" stands for that actor's user pk."""

    pattern: str
    obj: str
    state: str
    actor: str
    effect: bool
    data: dict = field(default_factory=dict)
    method: str = "POST"
    transition: str = ""  # the target status of a `.../chuyen/<transition>/` URL


_SUBMIT = {"signer": "@signer", "signer_title": "Chủ tịch"}
_OK = {"confirm": "on"}
_RETURN = {"note": "Sửa lại"}
_DRAFT_TR = "documents:draft-transition"
_REG_TR = "campaigns:registration-transition"

#: Transitions whose permission depends on the object's state (walked by
#: thidua/tests/test_authorization_matrix.py::test_state_dependent_transitions).
STATE_MATRIX: tuple[StateCell, ...] = (
    # The signer issues only a draft submitted to it: not one still being prepared (soạn thảo).
    StateCell(_DRAFT_TR, "draft", "draft", SIGNER, effect=False, data=_OK, transition="issued"),
    StateCell(_DRAFT_TR, "draft", "submitted", SIGNER, effect=True, data=_OK, transition="issued"),
    StateCell(_DRAFT_TR, "draft", "submitted", DESK, effect=False, data=_OK, transition="issued"),
    StateCell(_DRAFT_TR, "draft", "submitted", SIGNER_OTHER, effect=False, data=_OK, transition="issued"),
    # The desk submits a draft being prepared, not one already submitted.
    StateCell(_DRAFT_TR, "draft", "draft", DESK, effect=True, data=_SUBMIT, transition="submitted"),
    StateCell(_DRAFT_TR, "draft", "submitted", DESK, effect=False, data=_SUBMIT, transition="submitted"),
    # The signer returns only what was submitted to it.
    StateCell(_DRAFT_TR, "draft", "submitted", SIGNER, effect=True, data=_RETURN, transition="draft"),
    StateCell(_DRAFT_TR, "draft", "draft", SIGNER, effect=False, data=_RETURN, transition="draft"),
    # The desk decides a submitted registration, not a draft one.
    StateCell(_REG_TR, "registration", "submitted", DESK, effect=True, transition="approved"),
    StateCell(_REG_TR, "registration", "draft", DESK, effect=False, transition="approved"),
)  # fmt: skip


def cell_count() -> int:
    """Number of (pattern, method, actor) cells the matrix states (admin counted once)."""
    return sum(len(e.methods) * len(EVERYONE) for e in MATRIX.values())
