"""Mail to editors (workflow notices, resets) goes where EMAIL_URL says, or to the log."""

import runpy
import smtplib

from wagtail.admin.mail import send_mail

import dateline.settings.base


def _settings_under(monkeypatch, **environment: str) -> dict:
    for name in ("EMAIL_URL", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(dateline.settings.base.__file__)


def test_mail_goes_to_the_log_by_default(monkeypatch):
    settings = _settings_under(monkeypatch)
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert settings["DEFAULT_FROM_EMAIL"] == settings["SERVER_EMAIL"]


def test_mail_goes_to_the_smtp_server_in_email_url(monkeypatch):
    settings = _settings_under(
        monkeypatch,
        EMAIL_URL="smtp+tls://desk%40agency.example:s3cret@smtp.agency.example:587",
        DEFAULT_FROM_EMAIL="Caucasian Courier <desk@agency.example>",
    )
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("smtp.agency.example", 587)
    assert settings["EMAIL_HOST_USER"] == "desk@agency.example"
    assert settings["EMAIL_HOST_PASSWORD"] == "s3cret"
    assert settings["EMAIL_USE_TLS"] and not settings["EMAIL_USE_SSL"]
    assert settings["SERVER_EMAIL"] == "Caucasian Courier <desk@agency.example>"


def test_implicit_tls_on_port_465(monkeypatch):
    settings = _settings_under(
        monkeypatch, EMAIL_URL="smtp+ssl://desk:s3cret@smtp.agency.example:465"
    )
    assert settings["EMAIL_USE_SSL"] and not settings["EMAIL_USE_TLS"]


class _Relay:
    """What an SMTP relay would see of one connection."""

    seen: list[tuple] = []

    def __init__(self, host, port, **_params):
        self.seen.append(("connect", host, port))

    def starttls(self, **_params):
        self.seen.append(("starttls",))

    def login(self, username, password):
        self.seen.append(("login", username, password))

    def sendmail(self, from_address, recipients, _message):
        self.seen.append(("sendmail", from_address, recipients))

    def quit(self):
        pass


def test_wagtail_notices_reach_the_relay_with_its_login(settings, monkeypatch):
    configured = _settings_under(
        monkeypatch,
        EMAIL_URL="smtp+tls://desk:s3cret@smtp.agency.example:587",
        DEFAULT_FROM_EMAIL="desk@agency.example",
    )
    for name, value in configured.items():
        if name.startswith("EMAIL_") or name == "DEFAULT_FROM_EMAIL":
            setattr(settings, name, value)
    monkeypatch.setattr(smtplib, "SMTP", _Relay)
    _Relay.seen = []

    send_mail("Story submitted", "Please review.", ["editor@agency.example"])

    assert _Relay.seen == [
        ("connect", "smtp.agency.example", 587),
        ("starttls",),
        ("login", "desk", "s3cret"),
        ("sendmail", "desk@agency.example", ["editor@agency.example"]),
    ]
