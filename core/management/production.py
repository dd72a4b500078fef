"""One rule for commands that would damage a live database (issue 15): they refuse to run in
production mode (settings.THIDUA_PRODUCTION, i.e. DJANGO_DEBUG off under the production
settings) unless the operator says --allow-production."""

from django.conf import settings
from django.core.management.base import CommandError


def add_production_override(parser) -> None:
    parser.add_argument(
        "--allow-production",
        action="store_true",
        help="Chạy cả khi đang ở chế độ vận hành thật (DJANGO_DEBUG=0). Chỉ dùng khi chắc chắn.",
    )


def refuse_in_production(command: str, options: dict) -> None:
    """Raise CommandError (in Vietnamese) in production mode without --allow-production."""
    if getattr(settings, "THIDUA_PRODUCTION", not settings.DEBUG) and not options.get("allow_production"):
        raise CommandError(
            f"Lệnh “{command}” bị chặn ở chế độ vận hành thật (DJANGO_DEBUG=0): nó có thể xóa hoặc "
            "ghi đè dữ liệu thật. Nếu chắc chắn, chạy lại với --allow-production."
        )
