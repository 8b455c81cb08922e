"""Settings declared as data: every environment variable the project reads.

Each entry has a name, a default and a help text; ``docs/configuration.md`` must list
every one (a test checks it). Values are parsed strictly: a malformed value stops the
process at start-up with a message naming the variable, never a silent default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit


class ConfigurationError(Exception):
    pass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: dict[str, Setting] = {}


def declare(name: str, default: str, help: str) -> Setting:
    setting = Setting(name, default, help)
    SETTINGS[name] = setting
    return setting


def _raw(name: str) -> str:
    if name not in SETTINGS:
        raise ConfigurationError(f"{name} is read but not declared in chuluc/config/env.py")
    return os.environ.get(name, SETTINGS[name].default)


def env_str(name: str) -> str:
    return _raw(name)


def env_bool(name: str) -> bool:
    value = _raw(name).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}")


def env_int(name: str) -> int:
    value = _raw(name).strip()
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str) -> list[str]:
    return [item.strip() for item in _raw(name).split(",") if item.strip()]


def parse_email_url(url: str) -> dict[str, object]:
    """Turn ``smtp://user:pass@host:port?tls=1`` (or console:, locmem:, file:) into settings."""
    parts = urlsplit(url)
    scheme = parts.scheme
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if scheme not in backends:
        raise ConfigurationError(
            f"EMAIL_URL must start with one of {', '.join(sorted(backends))}:, not {url!r}"
        )
    result: dict[str, object] = {"EMAIL_BACKEND": backends[scheme]}
    if scheme == "file":
        result["EMAIL_FILE_PATH"] = unquote(parts.path)
    if scheme in {"smtp", "smtps"}:
        query = parse_qs(parts.query)
        result.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or (465 if scheme == "smtps" else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=scheme == "smtps",
            EMAIL_USE_TLS=query.get("tls", ["0"])[0] in {"1", "true"},
        )
    return result
