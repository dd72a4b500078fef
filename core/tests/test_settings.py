"""Production mode: refuses to boot without a secret, passes `check --deploy` cleanly."""

import os
import subprocess
import sys

from django.conf import settings

SECRET = "k3J9-vQx2_LmT8pRz4WnYb6HcFa1GdUe5SiOo7PlKjMhNgBfVcXzAs0qWeRtYu"


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=SECRET
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_mode_refuses_to_start_without_secret_key():
    result = _manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_vietnamese_locale_and_formats():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    from datetime import date

    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(date(2024, 1, 5), "SHORT_DATE_FORMAT") == "05/01/2024"
        assert formats.number_format(3130.5, decimal_pos=1, use_l10n=True, force_grouping=True) == "3.130,5"
