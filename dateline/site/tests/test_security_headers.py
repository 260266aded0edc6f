"""What a browser gets from Dateline in production: HTTPS only, a strict Content-Security-Policy on
reader pages, secure cookies, an admin that locks out password guessers, and no server banner."""

import http.client
import os
import re
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

import dateline
import dateline.settings.base
from dateline.stories.factories import StoryFactory

PROJECT_DIR = Path(dateline.__file__).resolve().parent.parent
SECRET_KEY = "a-production-secret-for-the-security-tests-0123456789-abcdefghijklmnopqrstuvwxyz"
BEHIND_TLS_PROXY = {"HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def production(settings, monkeypatch):
    """The test settings with everything dateline/settings/production.py sets on top of base."""
    monkeypatch.setenv("SECRET_KEY", SECRET_KEY)
    production_module = runpy.run_module("dateline.settings.production")
    base = vars(dateline.settings.base)
    for name, value in production_module.items():
        if name.isupper() and (name not in base or base[name] != value):
            setattr(settings, name, value)
    return settings


def _policy(response) -> dict[str, list[str]]:
    directives = (d.split() for d in response["Content-Security-Policy"].split(";"))
    return {directive[0]: directive[1:] for directive in directives if directive}


def _assert_transport_headers(response) -> None:
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_reader_page_carries_the_strict_policy_and_hsts(client, production, en):
    story = StoryFactory(locale=en.locale, headline="Dagestan: villagers block road")
    response = client.get(story.url, **BEHIND_TLS_PROXY)

    assert response.status_code == 200
    assert "Dagestan: villagers block road" in response.content.decode()
    _assert_transport_headers(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    # The site's own files, and the one nonced block: the edition's colours. Django names the
    # page's nonce in every directive that allows one, once the page has used it.
    nonces = re.findall(r'<style nonce="([^"]+)">', response.content.decode())
    assert len(nonces) == 1
    assert policy["script-src"] == ["'self'", f"'nonce-{nonces[0]}'"]
    assert policy["style-src"] == ["'self'", f"'nonce-{nonces[0]}'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert all(cookie["secure"] for cookie in response.cookies.values())


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, production, en):
    story = StoryFactory(locale=en.locale)
    response = client.get(story.url)
    assert response.status_code == 301
    assert response["Location"] == story.url.replace("http://", "https://", 1)


@pytest.mark.django_db
def test_admin_login_carries_its_headers_and_secure_cookies(client, production, django_user_model):
    django_user_model.objects.create_superuser("chief", "chief@example.com", "pw-chief-1")
    login_url = reverse("wagtailadmin_login")

    page = client.get(login_url, **BEHIND_TLS_PROXY)
    assert page.status_code == 200
    _assert_transport_headers(page)
    # The admin's own policy: its widgets write inline scripts, still nothing from elsewhere.
    policy = _policy(page)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert page.cookies["csrftoken"]["secure"]

    logged_in = client.post(
        login_url, {"username": "chief", "password": "pw-chief-1"}, **BEHIND_TLS_PROXY
    )
    assert logged_in.status_code == 302
    session = logged_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"]


@pytest.mark.django_db
def test_admin_locks_out_a_password_guesser_and_says_so(client, settings, django_user_model):
    settings.AXES_ENABLED = True
    django_user_model.objects.create_superuser("chief", "chief@example.com", "pw-chief-1")
    login_url = reverse("wagtailadmin_login")

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = client.post(login_url, {"username": "chief", "password": "guess"})
        assert wrong.status_code == 200
        assert "Your username and password didn" in wrong.content.decode()
    locked = client.post(login_url, {"username": "chief", "password": "guess"})
    assert locked.status_code == 429
    assert "Account locked: too many login attempts" in locked.content.decode()

    # Now even the right password is refused from here...
    refused = client.post(login_url, {"username": "chief", "password": "pw-chief-1"})
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    # ...while the editor, from another address, still gets in: the lock is on the pair.
    elsewhere = client.post(
        login_url, {"username": "chief", "password": "pw-chief-1"}, REMOTE_ADDR="192.0.2.7"
    )
    assert elsewhere.status_code == 302
    assert client.session["_auth_user_id"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, headers: dict[str, str]) -> http.client.HTTPResponse | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response
    except ConnectionError:
        return None
    finally:
        connection.close()


def test_served_responses_name_no_server(tmp_path):
    """`dateline serve` with the production settings, as a proxy would reach it."""
    port = _free_port()
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "PYTHONPATH"}
    } | {
        "DJANGO_SETTINGS_MODULE": "dateline.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(PROJECT_DIR),
    }
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-m", "dateline.cli", "serve", "--port", str(port), "--workers", "1"]
        + ["--no-scheduler"],
        env=environment,
        cwd=PROJECT_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # Static files need no database: the server's own headers are what this is about.
        path = "/static/dateline/site.css"
        deadline = time.monotonic() + 30
        while (proxied := _get(port, path, {"X-Forwarded-Proto": "https"})) is None:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            assert time.monotonic() < deadline, "dateline serve did not start"
            time.sleep(0.2)
        plain = _get(port, path, {})
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert proxied.status == 200
    assert proxied.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
    assert proxied.getheader("X-Content-Type-Options") == "nosniff"
    assert proxied.getheader("Date")
    assert plain is not None and plain.status == 301
    assert plain.getheader("Location") == f"https://127.0.0.1:{port}{path}"
    for response in (proxied, plain):
        assert response.getheader("Server") is None, response.getheaders()
