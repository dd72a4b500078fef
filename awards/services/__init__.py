"""State changes of the awards register (audited). The public functions are re-exported here so
callers keep using `awards.services.<function>`; the workflow's are in `nominations.services`."""

from awards.services.record import (  # noqa: F401
    rating_default_year,
    rating_sheet_people,
    rating_sheet_save,
    rating_years,
)
from awards.services.register import (  # noqa: F401
    RECORD_FIELDS,
    annual_awards_in_force,
    award_record_annul,
    award_record_authority,
    award_record_checked,
    award_record_create,
    award_record_created_entry,
    award_record_validate,
    discipline_create,
    freeze_create,
    freeze_end,
    household_checked,
    household_create,
    household_created_entry,
    initiative_create,
    task_rating_set,
)
from units.permissions import can_enter_record  # noqa: F401 - the rule lives in the authority layer
