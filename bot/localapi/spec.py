"""Validation of Bot API requests against the official spec (bundled api.json).

Production Telegram silently ignores or rejects malformed requests in ways a bot author only
discovers in a live chat; the local server runs every request through `conform` so tests fail on
the exact parameter that is wrong. Values arriving as form fields are strings (aiogram sends
nested objects JSON-encoded), so top-level values are coerced to the spec type before checking.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.localapi.limits import object_limits

SPEC_PATH = Path(__file__).with_name("api.json")

_DISCRIMINATOR = re.compile(r"must be ([a-z_]+)\s*$")
_ARRAY_PREFIX = "Array of "


@dataclass(frozen=True)
class UploadedFile:
    """A multipart file part, standing in for the spec's InputFile."""

    filename: str
    content: bytes
    content_type: str | None = None


class ApiSpec:
    """The methods and types of one Bot API version, with lookups the validator needs."""

    def __init__(self, raw: dict) -> None:
        self.version: str = raw.get("version", "")
        self.methods: dict[str, dict] = raw["methods"]
        self.types: dict[str, dict] = raw["types"]
        self._method_by_lower = {name.lower(): name for name in self.methods}

    @classmethod
    def load(cls, path: Path = SPEC_PATH) -> ApiSpec:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def canonical_method(self, name: str) -> str | None:
        """Telegram method names are case-insensitive."""
        return self._method_by_lower.get(name.lower())

    def returns(self, method: str) -> list[str]:
        return self.methods[method].get("returns", [])

    @cache  # noqa: B019 - one spec object lives for the process
    def discriminator(self, type_name: str) -> str | None:
        """The constant `type` value a union member must carry, e.g. "article"."""
        for spec_field in self.types.get(type_name, {}).get("fields", []):
            if spec_field["name"] in {"type", "source", "status"}:
                match = _DISCRIMINATOR.search(spec_field["description"])
                if match:
                    return match.group(1)
        return None

    @cache  # noqa: B019
    def leaf_subtypes(self, type_name: str) -> tuple[str, ...]:
        subtypes = self.types.get(type_name, {}).get("subtypes")
        if not subtypes:
            return (type_name,)
        return tuple(leaf for subtype in subtypes for leaf in self.leaf_subtypes(subtype))


@cache
def default_spec() -> ApiSpec:
    return ApiSpec.load()


def validate(method: str, params: dict[str, Any], spec: ApiSpec | None = None) -> list[str]:
    """Problems with one request; an empty list means Telegram would accept it."""
    return conform(method, params, spec)[1]


def conform(
    method: str, params: dict[str, Any], spec: ApiSpec | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Coerce form-encoded values to their spec types and list every problem found."""
    spec = spec or default_spec()
    canonical = spec.canonical_method(method)
    if canonical is None:
        return params, [f"unknown method {method!r}"]
    validator = _Validator(spec)
    fields = spec.methods[canonical].get("fields", [])
    coerced = validator.object_fields(canonical, fields, params, path="", from_form=True)
    return coerced, validator.problems


class _Validator:
    def __init__(self, spec: ApiSpec) -> None:
        self.spec = spec
        self.problems: list[str] = []

    def object_fields(
        self, owner: str, fields: list[dict], value: dict, path: str, from_form: bool
    ) -> dict:
        by_name = {spec_field["name"]: spec_field for spec_field in fields}
        result: dict[str, Any] = {}
        for key in value:
            if key not in by_name:
                self.problems.append(f"{owner}: unknown parameter '{path}{key}'")
        for name, spec_field in by_name.items():
            if name not in value or value[name] is None:
                if spec_field["required"]:
                    self.problems.append(f"{owner}: missing required parameter '{path}{name}'")
                continue
            result[name] = self.value(value[name], spec_field["types"], f"{path}{name}", from_form)
        self.problems.extend(object_limits(owner, result, path))
        return result

    def value(self, value: Any, types: list[str], path: str, from_form: bool) -> Any:
        """Check `value` against a union of types; report the closest candidate's problems."""
        best: tuple[Any, list[str]] | None = None
        for type_name in types:
            attempt = _Validator(self.spec)
            coerced = attempt.single(value, type_name, path, from_form)
            if not attempt.problems:
                return coerced
            if best is None or len(attempt.problems) < len(best[1]):
                best = (coerced, attempt.problems)
        assert best is not None
        if len(types) > 1 and all(p.startswith(f"{path}: expected ") for p in best[1]):
            self.problems.append(
                f"{path}: expected {' or '.join(types)}, got {type(value).__name__} (wrong type)"
            )
        else:
            self.problems.extend(best[1])
        return best[0]

    def single(self, value: Any, type_name: str, path: str, from_form: bool) -> Any:
        if type_name.startswith(_ARRAY_PREFIX):
            value = self._maybe_json(value, from_form)
            if not isinstance(value, list):
                return self._wrong(value, type_name, path)
            item_type = type_name[len(_ARRAY_PREFIX) :]
            return [
                self.value(item, [item_type], f"{path}[{index}]", from_form=False)
                for index, item in enumerate(value)
            ]
        if type_name in _SCALARS:
            return _SCALARS[type_name](self, value, path, from_form)
        if type_name == "InputFile":
            if isinstance(value, UploadedFile):
                return value
            if isinstance(value, str) and value.startswith("attach://"):
                self.problems.append(f"{path}: {value} names no uploaded file part")
                return value
            return self._wrong(value, type_name, path)
        if type_name not in self.spec.types:
            self.problems.append(f"{path}: spec type {type_name!r} is unknown")
            return value
        value = self._maybe_json(value, from_form)
        if not isinstance(value, dict):
            return self._wrong(value, type_name, path)
        leaves = self.spec.leaf_subtypes(type_name)
        if len(leaves) > 1:
            tagged = [leaf for leaf in leaves if self.spec.discriminator(leaf) == value.get("type")]
            return self.value(value, tagged or list(leaves), path, from_form=False)
        fields = self.spec.types[type_name].get("fields", [])
        return self.object_fields(type_name, fields, value, f"{path}.", from_form=False)

    def _maybe_json(self, value: Any, from_form: bool) -> Any:
        if from_form and isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def _wrong(self, value: Any, type_name: str, path: str) -> Any:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        self.problems.append(f"{path}: expected {type_name}, got {shown} (wrong type)")
        return value


def _integer(validator: _Validator, value: Any, path: str, from_form: bool) -> Any:
    if from_form and isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return validator._wrong(value, "Integer", path)


def _float(validator: _Validator, value: Any, path: str, from_form: bool) -> Any:
    if from_form and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return validator._wrong(value, "Float", path)


def _boolean(validator: _Validator, value: Any, path: str, from_form: bool) -> Any:
    if from_form and isinstance(value, str) and value.lower() in {"true", "false", "1", "0"}:
        return value.lower() in {"true", "1"}
    if isinstance(value, bool):
        return value
    return validator._wrong(value, "Boolean", path)


def _string(validator: _Validator, value: Any, path: str, from_form: bool) -> Any:
    if isinstance(value, str):
        return value
    return validator._wrong(value, "String", path)


_SCALARS = {"Integer": _integer, "Float": _float, "Boolean": _boolean, "String": _string}
