"""State changes of the awards app (audited). Split by subject; the public functions are
re-exported here so callers keep using `awards.services.<function>`."""

from awards.services.council import (  # noqa: F401
    Choice,
    agenda_add,
    agenda_candidates,
    ballot_cast,
    ballot_close,
    ballot_open,
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
from awards.services.decisions import (  # noqa: F401
    can_prepare_decision,
    can_sign,
    decision_create,
    decision_line_annul,
    decision_record_issue,
    decision_update,
)
from awards.services.issuing import (  # noqa: F401
    decision_issue,
    session_documents_issue,
)
from awards.services.nominations import (  # noqa: F401
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
from awards.services.record import (  # noqa: F401
    rating_default_year,
    rating_sheet_people,
    rating_sheet_save,
    rating_years,
)
from awards.services.register import (  # noqa: F401
    RECORD_FIELDS,
    award_record_annul,
    award_record_create,
    award_record_validate,
    discipline_create,
    freeze_create,
    freeze_end,
    household_create,
    initiative_create,
    task_rating_set,
)
from units.selectors import can_enter_record  # noqa: F401 - the rule lives in the authority layer
