"""Read a launch document (.txt/.docx/.pdf) and show what the parser found.

python manage.py import_launch_document ke-hoach.pdf          # readable summary (Vietnamese)
python manage.py import_launch_document ke-hoach.pdf --json   # one JSON object on stdout

A scanned PDF is read by OCR (OCRmyPDF + Tesseract, Vietnamese); progress goes to stderr and the
summary says the text came from OCR. --no-ocr refuses a scan instead.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.extraction import extract_document, ocr_pdf_text
from campaigns.parsing import NON_LAUNCH_TYPES, parse_launch_document
from core.exceptions import error_text
from core.formats import format_vn_decimal

DOC_TYPE_LABELS = {
    "chi_thi": "Chỉ thị",
    "ke_hoach": "Kế hoạch",
    "phat_dong": "Phát động",
    "cong_van": "Công văn",
    "huong_dan": "Hướng dẫn",
    **NON_LAUNCH_TYPES,
}
DIRECTION_LABELS = {"reach": "đạt", "at_most": "không quá", "reduce": "giảm", "keep": "duy trì"}
RECURRING_LABELS = {"yearly": "hằng năm", "quarterly": "hằng quý", "monthly": "hằng tháng"}


def _date_vn(iso):
    if not iso:
        return None
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


class Command(BaseCommand):
    help = "Đọc văn bản phát động thi đua (.txt, .docx, .pdf) và in các thông tin trích được."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Đường dẫn tệp văn bản")
        parser.add_argument("--json", action="store_true", help="In một đối tượng JSON")
        parser.add_argument("--no-ocr", action="store_true", help="Không nhận dạng chữ (OCR) bản quét")

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        path = Path(options["path"])
        try:
            size = path.stat().st_size
            if size > settings.THIDUA_UPLOAD_MAX_BYTES:
                data = path.open("rb").read(settings.THIDUA_UPLOAD_MAX_BYTES + 1)
            else:
                data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Không đọc được tệp %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror or exc}
            ) from exc
        notes: list[str] = []
        try:
            try:
                extraction = extract_document(path.name, data)
                text, notes = extraction.text, extraction.notes
            except ValidationError as exc:
                if exc.code != "needs_ocr" or options["no_ocr"]:
                    raise
                self.stderr.write(_("Tệp PDF là bản quét: đang nhận dạng chữ (OCR)…"))
                text = ocr_pdf_text(data, progress=self._progress)
                notes = [_("Văn bản được nhận dạng bằng OCR từ bản quét; hãy đối chiếu với bản gốc.")]
        except ValidationError as exc:
            raise CommandError(error_text(exc)) from exc
        for note in notes:
            self.stderr.write(note)
        result = parse_launch_document(text)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(self._summary(result))

    def _progress(self, done: int, total: int) -> None:
        self.stderr.write(_("OCR: trang %(done)s/%(total)s") % {"done": done, "total": total})

    def _summary(self, r) -> str:
        missing = _("(không ghi)")
        number_symbol = None
        if r["symbol"]:
            number_symbol = f"{r['number'] or '…'}/{r['symbol']}"
        date_text = _date_vn(r["date"]) or (str(r["year"]) if r["year"] else None)
        rows = [
            (_("Loại văn bản"), DOC_TYPE_LABELS.get(r["doc_type"])),
            (_("Số, ký hiệu"), number_symbol),
            (_("Cơ quan ban hành"), r["issuer"]),
            (_("Địa danh, ngày"), ", ".join(x for x in (r["place"], date_text) if x) or None),
            (_("Trích yếu"), r["subject"]),
            (_("Chủ đề thi đua"), r["theme"]),
            (_("Thời gian"), self._period(r)),
            (
                _("Người ký"),
                " – ".join(x for x in (r["signing_capacity"], r["signer_title"], r["signer_name"]) if x)
                or None,
            ),
        ]
        lines = [f"{label}: {value or missing}" for label, value in rows]
        lines[0:0] = [_("Chú ý: %(w)s") % {"w": w} for w in r.get("warnings") or []]
        lines.append(_("Chỉ tiêu (%(n)s):") % {"n": len(r["targets"])})
        for t in r["targets"]:
            gap = "" if t["unit"] in ("%", "‰") else " "
            value = format_vn_decimal(t["value"])
            lines.append(f"  - {t['name']}: {DIRECTION_LABELS[t['direction']]} {value}{gap}{t['unit']}")
        lines.append(_("Hình thức khen thưởng: %(v)s") % {"v": ", ".join(r["award_forms"]) or missing})
        lines.append(_("Phong trào được nêu (%(n)s):") % {"n": len(r["movements"])})
        lines.extend(f"  - {m}" for m in r["movements"])
        deadlines = []
        for d in r["report_deadlines"]:
            text = (
                f"{d['day']:02d}"
                + (f"/{d['month']:02d}" if d["month"] else "")
                + (f"/{d['year']}" if d.get("year") else "")
            )
            if d["recurring"]:
                text += " " + RECURRING_LABELS[d["recurring"]]
            deadlines.append(text)
        lines.append(_("Hạn báo cáo: %(v)s") % {"v": "; ".join(deadlines) or missing})
        lines.append(_("Nơi nhận (%(n)s):") % {"n": len(r["recipients"])})
        lines.extend(f"  - {x}" for x in r["recipients"])
        return "\n".join(lines)

    def _period(self, r):
        start, end = _date_vn(r["period_start"]), _date_vn(r["period_end"])
        if start and end:
            return _("từ %(a)s đến %(b)s") % {"a": start, "b": end}
        if end:
            return _("đến hết %(b)s") % {"b": end}
        if start:
            return _("từ %(a)s") % {"a": start}
        return None
