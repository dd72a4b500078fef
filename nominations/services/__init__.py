"""State changes of the nomination workflow (audited). Split by subject; the public functions are
re-exported here so callers use `nominations.services.<function>`."""

from nominations.services.council import (  # noqa: F401
    Choice,
    agenda_add,
    agenda_candidates,
    ballot_cast,
    ballot_close,
    ballot_open,
    ballot_remind,
    ballots_closing_soon_notify,
    can_run_session,
    can_vote,
    conflicts_for,
    council_create,
    quorum_check,
    recusal_declare,
    session_create,
    session_open,
    session_results,
    threshold_for,
)
from nominations.services.decisions import (  # noqa: F401
    can_prepare_decision,
    can_sign,
    decision_create,
    decision_line_annul,
    decision_record_issue,
    decision_update,
)
from nominations.services.issuing import (  # noqa: F401
    decision_issue,
    line_annulment_draft_create,
    session_documents_issue,
)
from nominations.services.nominations import (  # noqa: F401
    BatchCheck,
    TransitionNotAllowed,
    batch_check,
    batch_create,
    batch_recall,
    batch_return,
    batch_submit,
    batch_verdicts,
    can_appraise,
    can_edit_batch,
    can_send_batch,
    dossier_document_add,
    dossier_document_delete,
    find_duplicates,
    nomination_add,
    nomination_appraise,
    nomination_remove,
    validate_upload,
    verdict_to_json,
)
