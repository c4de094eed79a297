"""The engine's user-facing errors: each message names what is wrong."""

from __future__ import annotations


class ConfigError(ValueError):
    """A rule id, option name or option value that does not exist."""


class UnknownRuleError(ConfigError, KeyError):
    """A rule id the registry does not know (a KeyError too, for lookups)."""

    # KeyError would quote the message; this is a sentence for the user.
    __str__ = Exception.__str__
