"""Merge units into a new one: `python manage.py reorganise_units --into NAME --parent ID --from ID ID …
--effective dd/mm/yyyy --by USERNAME [--apply]`. Without --apply it only prints the preview."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from units.models import Unit
from units.reorganisation import reorganisation_apply, reorganisation_preview


class Command(BaseCommand):
    help = "Sắp xếp (sáp nhập) đơn vị: xem trước, rồi áp dụng với --apply."

    def add_arguments(self, parser):
        parser.add_argument("--into", required=True, help="Tên đơn vị mới")
        parser.add_argument(
            "--parent", required=True, type=int, help="Mã (id) đơn vị cấp trên của đơn vị mới"
        )
        parser.add_argument(
            "--from", dest="sources", required=True, type=int, nargs="+", help="Mã các đơn vị cũ"
        )
        parser.add_argument("--effective", required=True, help="Ngày hiệu lực dd/mm/yyyy")
        parser.add_argument("--by", required=True, help="Tài khoản thực hiện (được ghi nhật ký)")
        parser.add_argument("--apply", action="store_true", help="Áp dụng (mặc định chỉ xem trước)")

    def handle(self, *args, into, parent, sources, effective, by, apply=False, **options):
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
        parent_unit = Unit.objects.filter(pk=parent).first()
        if parent_unit is None:
            raise CommandError("Không có đơn vị cấp trên này.")
        preview = reorganisation_preview(sources=units, target_name=into, parent=parent_unit, effective=day)
        self.stdout.write(f"Đơn vị mới: {preview.target_name} (từ {day:%d/%m/%Y}), thuộc {parent_unit.name}")
        self.stdout.write("Sáp nhập: " + "; ".join(u.name for u in preview.sources))
        self.stdout.write(f"Đơn vị trực thuộc chuyển sang: {len(preview.children)}")
        self.stdout.write(f"Cá nhân chuyển sang: {preview.people}")
        self.stdout.write(f"Thành viên khối/cụm từ năm {day.year}: {len(preview.bloc_memberships)}")
        for problem in preview.problems:
            self.stdout.write(self.style.ERROR(problem))
        if not apply:
            self.stdout.write("Chỉ xem trước; thêm --apply để áp dụng.")
            return
        try:
            target = reorganisation_apply(
                by=user, sources=units, target_name=into, parent=parent_unit, effective=day
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã sắp xếp: {target.name} (mã {target.pk})."))
