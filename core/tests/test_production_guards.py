"""Production guards (issue 15): destructive commands refuse to run in production mode."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import User


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["load_demo", "flush"])
def test_destructive_commands_refuse_in_production_mode(settings, command):
    settings.THIDUA_PRODUCTION = True
    User.objects.create(username="keep")
    with pytest.raises(CommandError, match="--allow-production"):
        call_command(command, verbosity=0, **({"interactive": False} if command == "flush" else {}))
    assert User.objects.filter(username="keep").exists()
    assert not User.objects.filter(username="admin").exists()


def test_production_settings_mean_production_mode(monkeypatch):
    import importlib

    import thidua.settings.base as base

    monkeypatch.setenv("DJANGO_DEBUG", "0")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789")
    try:
        assert importlib.reload(base).THIDUA_PRODUCTION is True
        monkeypatch.setenv("DJANGO_DEBUG", "1")
        assert importlib.reload(base).THIDUA_PRODUCTION is False
    finally:
        monkeypatch.undo()
        importlib.reload(base)
