"""Reorganise units, the same service as the page (units.reorganisation):

    python manage.py reorganise_units --from ID [ID …] --effective dd/mm/yyyy --by USERNAME
        [--operation merge|rename|move] [--into NAME] [--parent ID] [--apply]

Without --apply it only prints the preview."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from units import reorganisation
from units.models import Unit


class Command(BaseCommand):
    help = "Sắp xếp đơn vị (sáp nhập, đổi tên, chuyển cấp trên): xem trước, rồi áp dụng với --apply."

    def add_arguments(self, parser):
        parser.add_argument(
            "--operation", choices=sorted(reorganisation.OPERATIONS), default=reorganisation.MERGE
        )
        parser.add_argument("--into", default="", help="Tên đơn vị mới (sáp nhập, đổi tên)")
        parser.add_argument(
            "--parent", type=int, help="Mã (id) đơn vị cấp trên (mặc định: cấp trên hiện tại)"
        )
        parser.add_argument(
            "--from", dest="sources", required=True, type=int, nargs="+", help="Mã các đơn vị cũ"
        )
        parser.add_argument("--effective", required=True, help="Ngày hiệu lực dd/mm/yyyy")
        parser.add_argument("--by", required=True, help="Tài khoản thực hiện (được ghi nhật ký)")
        parser.add_argument("--apply", action="store_true", help="Áp dụng (mặc định chỉ xem trước)")

    def handle(self, *args, operation, into, parent, sources, effective, by, apply=False, **options):
        try:
            d, m, y = (int(part) for part in effective.split("/"))
            day = date(y, m, d)
        except ValueError as exc:
            raise CommandError("Ngày hiệu lực phải có dạng dd/mm/yyyy.") from exc
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {by}.")
        units = list(Unit.objects.filter(pk__in=sources).order_by("path"))
        if len(units) != len(set(sources)):
            raise CommandError("Có mã đơn vị không tồn tại.")
        parent_unit = None
        if parent is not None:
            parent_unit = Unit.objects.filter(pk=parent).first()
            if parent_unit is None:
                raise CommandError("Không có đơn vị cấp trên này.")
        args = {
            "operation": operation,
            "sources": units,
            "target_name": into,
            "parent": parent_unit,
            "effective": day,
        }
        preview = reorganisation.reorganisation_preview(**args)
        self._print(preview)
        if not apply:
            self.stdout.write("Chỉ xem trước; thêm --apply để áp dụng.")
            return
        try:
            target = reorganisation.reorganisation_apply(by=user, **args)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã sắp xếp: {target.name} (mã {target.pk})."))

    def _print(self, preview):
        out = self.stdout.write
        out(f"{preview.operation_label}, hiệu lực từ {preview.effective:%d/%m/%Y}")
        out("Đơn vị: " + "; ".join(u.name for u in preview.sources))
        if preview.target_name:
            out(f"Đơn vị mới: {preview.target_name}")
        if preview.parent is not None:
            out(f"Thuộc: {preview.parent.name}")
        out(f"Đơn vị trực thuộc chuyển sang: {len(preview.children)}")
        if preview.operation != reorganisation.MOVE:
            out(f"Cá nhân chuyển sang: {len(preview.people)}")
            out(f"Thành viên khối/cụm từ năm {preview.effective.year}: {len(preview.bloc_memberships)}")
            for s in preview.successions:
                out(f"{s.label}: {len(s.moving)}")
                for line in [*s.moving, *s.staying]:
                    out(f"  - {line}")
        for problem in preview.problems:
            out(self.style.ERROR(problem))
