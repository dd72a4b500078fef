"""Builders for workflow tests: uploads, a unit with people, a ready batch, a council."""

import io
import zipfile
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from awards.tests.factories import PersonFactory, UnitFactory, UserFactory, grant, kind, level
from core.roles import Role
from nominations import services

# The test worlds have no history, so most verdicts fail: the desk records why it proposes anyway.
OVERRIDE = "Hội đồng xem xét thành tích đặc biệt của năm"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="to-trinh.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name="bao-cao.docx"):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buf.getvalue())


class World:
    """A district with two communes, a secretariat, unit heads, people and a council."""

    def __init__(self, n_members=5):
        self.district = UnitFactory(name="UBND huyện Thử", level=level("district", 2))
        self.commune = UnitFactory(name="UBND xã Một", parent=self.district)
        self.other = UnitFactory(name="UBND xã Hai", parent=self.district)
        self.secretariat = UserFactory(full_name="Thường trực")
        grant(self.secretariat, self.district, Role.SECRETARIAT)
        self.chair = UserFactory(full_name="Chủ tịch")
        grant(self.chair, self.district, Role.CHAIR)
        self.head = UserFactory(full_name="Trưởng xã Một")
        grant(self.head, self.commune, Role.UNIT_HEAD)
        self.head2 = UserFactory(full_name="Trưởng xã Hai")
        grant(self.head2, self.other, Role.UNIT_HEAD)
        self.people = [PersonFactory(unit=self.commune) for _ in range(3)]
        self.members = [UserFactory() for _ in range(n_members - 1)]
        for m in self.members:
            grant(m, self.district, Role.COUNCIL_MEMBER)
        self.council = services.council_create(
            by=self.secretariat,
            name="Hội đồng TĐKT huyện",
            unit=self.district,
            # Since 1/7/2025 the commune level decides these awards (ND 129/2025): the
            # eligibility engine's authority check passes for a commune-level council.
            level="commune",
            chair=self.chair,
            members=self.members,
        )

    def batch(self, *, people=None, award="certificate_of_merit", year=None, docs=True, title="Tờ trình"):
        year = year or date.today().year - 1
        batch = services.batch_create(
            by=self.head, unit=self.commune, title=title, year=year, occasion="regular"
        )
        noms = [
            services.nomination_add(by=self.head, batch=batch, award_kind=kind(award), person=p)
            for p in (people if people is not None else self.people[:2])
        ]
        if docs:
            for t in ("submission", "minutes"):
                services.dossier_document_add(by=self.head, batch=batch, document_type=t, upload=pdf())
            for n in noms:
                services.dossier_document_add(
                    by=self.head, batch=batch, nomination=n, document_type="achievement_report", upload=docx()
                )
        return batch, noms

    def submitted_and_appraised(self, **kw):
        batch, noms = self.batch(**kw)
        services.batch_submit(by=self.head, batch=batch)
        for n in noms:
            services.nomination_appraise(
                by=self.secretariat, nomination=n, accept=True, note="Đủ hồ sơ", override_reason=OVERRIDE
            )
        return batch, noms
