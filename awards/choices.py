"""The shared choice lists of the awards domain, in one module: the models use them for their
fields, the pure eligibility engine for its checks and messages (no database access here).

Ranks (ratings, initiative scopes, discipline severity) order the codes for rules "X or above".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class LevelCode(models.TextChoices):
    """Administrative level of a conferring body or council (district only before 1/7/2025)."""

    NATIONAL = "national", _("Trung ương")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã")


class Conferrer(models.TextChoices):
    """Who, at a level, signs the award (law.md §6)."""

    PRESIDENT = "president", _("Chủ tịch nước")
    PRIME_MINISTER = "prime_minister", _("Thủ tướng Chính phủ")
    CHAIRMAN = "chairman", _("Chủ tịch Ủy ban nhân dân")
    AGENCY_HEAD = "agency_head", _("Thủ trưởng cơ quan, đơn vị có tư cách pháp nhân")


class Occasion(models.TextChoices):
    """Kind of commendation (law.md §5.3); only REGULAR counts toward merit chains (ND 152 Art. 4)."""

    REGULAR = "regular", _("Thường xuyên")
    THEMATIC = "thematic", _("Theo đợt, chuyên đề")
    AD_HOC = "ad_hoc", _("Đột xuất")
    LONG_SERVICE = "long_service", _("Quá trình cống hiến")


class DocumentType(models.TextChoices):
    """Dossier documents (Law Art. 84, law.md §7.1)."""

    SUBMISSION = "submission", _("Tờ trình đề nghị kèm danh sách")
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích")
    MINUTES = "minutes", _("Biên bản họp bình xét / xét khen thưởng")
    INITIATIVE_CERTIFICATION = (
        "initiative_certification",
        _("Xác nhận của cấp có thẩm quyền về sáng kiến, đề tài khoa học"),
    )
    COMPETENT_CONFIRMATION = "competent_confirmation", _("Xác nhận của cơ quan có thẩm quyền (đột xuất)")


class Rounding(models.TextChoices):
    UP_10000 = "up_10000", _("Làm tròn lên hàng chục nghìn đồng")
    NONE = "none", _("Không làm tròn (đến đồng)")


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


class InitiativeScope(models.TextChoices):
    UNIT = "unit", _("Cấp cơ sở (đơn vị)")
    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")
    NATIONAL = "national", _("Toàn quốc")


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    SALARY_DOWNGRADE = "salary_downgrade", _("Hạ bậc lương")
    DEMOTION = "demotion", _("Giáng chức")
    REMOVAL = "removal", _("Cách chức")
    DISMISSAL = "dismissal", _("Buộc thôi việc")


# Orders for the rules "X or above" (law.md §4.1): higher is better (ratings, scopes) or more severe.
RATING_RANK = {
    Rating.NOT_COMPLETED: 0,
    Rating.COMPLETED: 1,
    Rating.GOOD: 2,
    Rating.EXCELLENT: 3,
}
SCOPE_RANK = {
    InitiativeScope.UNIT: 1,
    InitiativeScope.COMMUNE: 2,
    InitiativeScope.PROVINCE: 3,
    InitiativeScope.NATIONAL: 4,
}
SEVERITY = {
    DisciplineForm.REPRIMAND: 1,
    DisciplineForm.WARNING: 2,
    DisciplineForm.SALARY_DOWNGRADE: 3,
    DisciplineForm.DEMOTION: 4,
    DisciplineForm.REMOVAL: 5,
    DisciplineForm.DISMISSAL: 6,
}
