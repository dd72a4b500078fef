"""Walk the whole URLconf: every response carries the CSP and no-store; no page has inline script;
NUL and other control characters in any query parameter give a Vietnamese 400, never a 500."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

pytestmark = pytest.mark.django_db

CONVERTER_SAMPLES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}
REGEX_SAMPLES = {"app_label": "core", "url": "x", "object_id": "1", "content_type_id": "1"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle\s*=", re.I)
REQUIRED_DIRECTIVES = ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]


def _route_sample(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONVERTER_SAMPLES[m.group(1) or "str"], str(pattern))
    regex = str(pattern.regex.pattern) if isinstance(pattern, RegexPattern) else str(pattern)
    regex = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: REGEX_SAMPLES.get(m.group(1), "x"), regex)
    return regex.lstrip("^").rstrip("$").replace("\\", "").replace("\\Z", "")


def all_paths() -> list[tuple[str, str]]:
    """(path, name) for every pattern in the URLconf, converters filled with sample values."""
    out = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, prefix + _route_sample(p.pattern), ns)
            elif isinstance(p, URLPattern):
                name = f"{namespace}{p.name}" if p.name else p.lookup_str
                out.append(("/" + prefix + _route_sample(p.pattern), name))

    walk(get_resolver().url_patterns, "", "")
    return out


PATHS = all_paths()


def test_the_walk_covers_the_urlconf():
    names = {name for _, name in PATHS}
    assert len(PATHS) > 100
    for expected in ("home", "login", "units:person-list", "documents:issued-download", "core:mfa-setup"):
        assert expected in names


def _check_csp(response, path):
    policy = response.get("Content-Security-Policy", "")
    assert policy, f"no CSP on {path} ({response.status_code})"
    if path.endswith("/html/") and response.status_code == 200:
        # The draft preview: the document's own HTML, framed by the draft page only.
        assert "default-src 'none'" in policy
        assert "frame-ancestors 'self'" in policy
        return
    for directive in REQUIRED_DIRECTIVES:
        assert directive in policy, f"{directive} missing on {path}"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_every_url_pattern_answers_with_csp_and_no_store(client, admin_user, jurisdiction, who):
    if who == "admin":
        client.force_login(admin_user)
        # django-otp's admin "config" page answers 500, not 404, for a device that does not exist;
        # the walk's sample pk is 1, which on PostgreSQL (sequences are not rolled back) may be free.
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.get_or_create(
            pk=1, defaults={"user": admin_user, "name": "walk", "confirmed": False}
        )
    checked = 0
    for path, _name in PATHS:
        response = client.get(path)
        assert response.status_code < 500, path
        _check_csp(response, path)
        assert "no-store" in response.get("Cache-Control", ""), path
        if response.get("Content-Type", "").startswith("text/html") and not path.endswith("/html/"):
            html = response.content.decode()
            assert not INLINE_SCRIPT.search(html), f"inline script on {path}"
            assert not EVENT_HANDLER.search(html), f"inline event handler on {path}"
            if not path.startswith("/quan-tri/"):
                assert not STYLE_ATTR.search(html), f"inline style on {path}"
        checked += 1
    assert checked == len(PATHS)


def test_templates_have_no_inline_script_handler_or_style():
    """Detail pages need objects to render; their templates are checked as text as well."""
    root = Path(settings.BASE_DIR) / "templates"
    offenders = []
    for template in root.rglob("*.html"):
        if "pdf" in template.relative_to(root).parts or template.name.startswith("email"):
            continue  # rendered by WeasyPrint or sent by e-mail, never served as a page
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTR):
            if pattern.search(text):
                offenders.append(f"{template.relative_to(root)}: {pattern.pattern}")
    assert offenders == []


def test_static_files_keep_their_cache_headers(client, settings):
    # Static files come from WhiteNoise (before every other middleware) and are not personal data.
    settings.WHITENOISE_USE_FINDERS = True
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


LIST_PAGES = [
    (path, name)
    for path, name in PATHS
    if "1" not in path.split("/") and "x" not in path.split("/") and not path.startswith("/quan-tri/")
]


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "x\x01y", "\x1b[31m", "\x7f", "a\u0085b"])
def test_control_characters_in_query_on_every_list_page_give_a_vietnamese_400(client, admin_user, value):
    client.force_login(admin_user)
    assert len(LIST_PAGES) > 20
    for path, _name in LIST_PAGES:
        for params in ({"q": value}, {"status": value, "page": "1"}, {value: "1"}):
            response = client.get(path, params)
            assert response.status_code == 400, (path, params)
            assert "ký tự điều khiển không hợp lệ" in response.content.decode(), path


def test_control_character_in_a_form_field_gives_400_and_no_change(client, secretariat):
    from units.models import Unit

    client.force_login(secretariat)
    before = Unit.objects.count()
    response = client.post("/don-vi/them/", {"name": "Xã\x00 mới", "short_name": "x"})
    assert response.status_code == 400
    assert "Trường “name” chứa ký tự điều khiển" in response.content.decode()
    assert Unit.objects.count() == before


def test_tabs_and_line_breaks_are_ordinary_text(client, secretariat):
    client.force_login(secretariat)
    assert client.get("/don-vi/", {"q": "a\tb"}).status_code == 200
