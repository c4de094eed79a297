"""Configuration: which rules run, with which options. Frozen and hashable.

A :class:`Config` is a cache key for block results, so it never changes; the
``with_*`` methods return new configs.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .errors import ConfigError
from .registry import RULES, get_rule, position
from .rules.base import OptionKind, OptionSpec


@dataclasses.dataclass(frozen=True)
class RuleSetting:
    """One rule's switch and options."""

    rule_id: str
    enabled: bool
    options: Any


@dataclasses.dataclass(frozen=True)
class Config:
    """Every rule's setting, in pipeline order."""

    settings: tuple[RuleSetting, ...]
    # Configs key the block cache: hash once, not on every lookup.
    _hash: int = dataclasses.field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(self.settings))

    def __hash__(self) -> int:
        return self._hash

    @classmethod
    def default(cls) -> "Config":
        """Each rule at its own default."""
        return cls(tuple(RuleSetting(r.id, r.default, r.default_options()) for r in RULES))

    @classmethod
    def only(cls, *rule_ids: str) -> "Config":
        """Only the given rules on, with default options."""
        for rule_id in rule_ids:
            get_rule(rule_id)
        return cls(tuple(RuleSetting(r.id, r.id in rule_ids, r.default_options()) for r in RULES))

    @classmethod
    def none(cls) -> "Config":
        """Every rule off: the identity."""
        return cls.only()

    def setting(self, rule_id: str) -> RuleSetting:
        """The setting of rule ``rule_id``."""
        return self.settings[_index(rule_id)]

    def is_enabled(self, rule_id: str) -> bool:
        """Whether rule ``rule_id`` runs."""
        return self.settings[_index(rule_id)].enabled

    def options_for(self, rule_id: str) -> Any:
        """The options object of rule ``rule_id``."""
        return self.settings[_index(rule_id)].options

    def enabled_ids(self) -> tuple[str, ...]:
        """Ids of the rules that run, in pipeline order."""
        return tuple(s.rule_id for s in self.settings if s.enabled)

    def with_enabled(self, rule_id: str, enabled: bool = True) -> "Config":
        """A copy with rule ``rule_id`` switched on or off."""
        i = _index(rule_id)
        settings = list(self.settings)
        settings[i] = dataclasses.replace(settings[i], enabled=enabled)
        return Config(tuple(settings))

    def with_entry(self, rule_id: str, name: str, entry: str, value: Any) -> "Config":
        """A copy with one entry of a mapping option set (e.g. one template's policy)."""
        spec = option_spec(rule_id, name)
        if spec.kind is not OptionKind.MAPPING:
            raise ConfigError(
                f"option {rule_id}.{name} is one value, not a table of names: "
                f"there is no {rule_id}.{name}.{entry}"
            )
        current = dict(getattr(self.options_for(rule_id), name))
        current[entry] = value
        return self.with_option(rule_id, name, current)

    def with_option(self, rule_id: str, name: str, value: Any) -> "Config":
        """A copy with one option set; ``value`` may be the enum or its string value."""
        i = _index(rule_id)
        setting = self.settings[i]
        coerced = coerce_option(rule_id, name, value)
        settings = list(self.settings)
        settings[i] = dataclasses.replace(
            setting, options=dataclasses.replace(setting.options, **{name: coerced})
        )
        return Config(tuple(settings))


_index = position


def _coerce_mapping(rule_id: str, name: str, value: Any, kind: type, key: Any) -> tuple:
    items = value.items() if isinstance(value, dict) else value
    try:
        pairs = list(items)
    except TypeError:
        raise ConfigError(f"option {rule_id}.{name}: expected a table of name = value, got {value!r}") from None
    coerced = {}
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2) and not isinstance(pair, list):
            raise ConfigError(f"option {rule_id}.{name}: expected name = value pairs, got {pair!r}")
        entry, member = pair
        if not isinstance(member, kind):
            try:
                member = kind(member)
            except ValueError:
                choices = ", ".join(repr(m.value) for m in kind)
                raise ConfigError(
                    f"option {rule_id}.{name}.{entry}: unknown value {member!r} (choices: {choices})"
                ) from None
        coerced[key(str(entry))] = member
    return tuple(sorted(coerced.items()))


def option_spec(rule_id: str, name: str) -> OptionSpec:
    """The spec of option ``name`` of rule ``rule_id``; ConfigError naming the options if none."""
    specs = {spec.name: spec for spec in get_rule(rule_id).option_specs()}
    spec = specs.get(name)
    if spec is None:
        known = ", ".join(specs) or "none"
        raise ConfigError(f"rule {rule_id!r} has no option {name!r} (options: {known})")
    return spec


def coerce_option(rule_id: str, name: str, value: Any) -> Any:
    """Check and convert an option value for rule ``rule_id``; ConfigError if wrong."""
    spec = option_spec(rule_id, name)
    if spec.kind is OptionKind.MAPPING:
        return _coerce_mapping(rule_id, name, value, spec.enum, spec.key)
    if spec.kind is OptionKind.CHOICE:
        kind = spec.enum
        if isinstance(value, kind):
            return value
        try:
            return kind(value)
        except ValueError:
            choices = ", ".join(repr(m.value) for m in kind)
            raise ConfigError(f"option {rule_id}.{name}: unknown value {value!r} (choices: {choices})") from None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "on", "off", "1", "0"):
        return value.lower() in ("true", "yes", "on", "1")
    raise ConfigError(f"option {rule_id}.{name}: expected true or false, got {value!r}")
