"""Production static files: collectstatic with the manifest storage must succeed."""

from django.core.management import call_command


def test_collectstatic_with_the_production_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "vendor/bootstrap/bootstrap.min.css" in manifest
    assert "fonts/liberation/LiberationSerif-Regular.ttf" in manifest


def test_every_page_names_a_favicon_that_is_served(client):
    """Browsers ask for /favicon.ico unless the page names an icon; base.html names static/favicon.svg."""
    from django.contrib.staticfiles import finders
    from django.urls import reverse

    html = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    path = finders.find("favicon.svg")
    assert path
    with open(path, encoding="utf-8") as f:
        assert "<svg" in f.read()
