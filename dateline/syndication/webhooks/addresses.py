"""Where webhooks may be sent: HTTPS addresses on the public internet only, so that an endpoint
cannot make the agency's own servers call into its private network (server-side request
forgery). The address is checked when it is registered and its host resolved and checked again
at each attempt, and the connection goes to the address that was checked.

With `WEBHOOKS_ALLOW_HTTP_LOCAL` (tests and local benchmarks) http://127.0.0.1 is allowed too."""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LOCAL_HOST = "127.0.0.1"
# Names that never lead to the internet.
INWARD_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa")


class AddressRefused(Exception):
    """An endpoint's address that webhooks may not be sent to (said in its message)."""


@dataclass(frozen=True)
class Target:
    """Where one attempt connects: the URL's parts and the checked IP address of its host."""

    scheme: str
    host: str
    port: int
    path: str
    ip: str


def _is_local_allowed() -> bool:
    return bool(settings.WEBHOOKS_ALLOW_HTTP_LOCAL)


def _parts(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise AddressRefused(_("This is not a web address.")) from error
    host = parts.hostname or ""
    if not host or parts.username is not None or parts.password is not None:
        raise AddressRefused(_("Give an address like https://example.com/hooks/dateline."))
    is_local = _is_local_allowed() and host == LOCAL_HOST
    if parts.scheme != "https" and not (parts.scheme == "http" and is_local):
        raise AddressRefused(
            _("Webhooks are sent over HTTPS only: the address must start with https://.")
        )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path


def _is_public(ip: str) -> bool:
    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _is_public_host(host: str) -> bool:
    """Whether `host`, an IP address or a name, may be on the internet (a name is checked for
    good when it is resolved, at each attempt)."""
    try:
        return _is_public(host)
    except ValueError:  # a name
        name = host.rstrip(".").lower()
        return name != "localhost" and not name.endswith(INWARD_SUFFIXES)


def _inward(host: str) -> AddressRefused:
    return AddressRefused(
        _("%(host)s is a private or reserved address: webhooks go to the internet only.")
        % {"host": host}
    )


def target_resolve(url: str) -> Target:
    """The checked target of `url`; AddressRefused if webhooks may not go there (not HTTPS, a
    host that does not resolve or resolves to a private, loopback or reserved address)."""
    scheme, host, port, path = _parts(url)
    if _is_local_allowed() and host == LOCAL_HOST:
        return Target(scheme, host, port, path, LOCAL_HOST)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise AddressRefused(_("The host %(host)s is not found.") % {"host": host}) from error
    ips = [str(info[4][0]) for info in found]
    # Every address must be public: a name that also resolves inward could be turned there.
    if not ips or not all(_is_public(ip) for ip in ips):
        raise _inward(host)
    return Target(scheme, host, port, path, ips[0])


def validate_webhook_address(url: str) -> None:
    """The form's and the model's check of an endpoint's address: its scheme, and its host as
    far as it can be told without resolving it (that waits for each attempt)."""
    try:
        _scheme, host, _port, _path = _parts(url)
        if not (_is_local_allowed() and host == LOCAL_HOST) and not _is_public_host(host):
            raise _inward(host)
    except AddressRefused as refused:
        raise ValidationError(str(refused), code="webhook_address") from refused
