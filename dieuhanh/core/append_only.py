"""Append-only records: rows that, once in a given state, may be neither edited nor deleted.

A model registers a rule: when a stored row is frozen (and why, in Vietnamese), and which
fields may still move (a derived flag such as `is_current`). The guard sits on the model's
signals, so it holds for `obj.save()`, `obj.delete()`, `queryset.delete()` and cascades
alike — whoever calls them: the admin, a page, the API or a shell. A correction is never an
edit: it is a new row that references the one it corrects.

Django sends `pre_delete` inside the deletion's transaction, so a refused deletion fails the
enclosing transaction like any database error (wrap it in `atomic()` to carry on)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_delete, pre_save

Frozen = Callable[[Any], str | None]


class FrozenRecordError(ValidationError):
    """An attempt to edit or delete a frozen record; the message says what and why."""


@dataclass(frozen=True)
class Rule:
    frozen: Frozen
    mutable: frozenset[str]
    undeletable: Frozen | None


_RULES: dict[type[models.Model], Rule] = {}


def append_only(
    model: type[models.Model],
    *,
    frozen: Frozen,
    mutable: Iterable[str] = (),
    undeletable: Frozen | None = None,
) -> None:
    """Guard `model`: `frozen(stored_row)` returns why the row may neither change nor go, or
    None; `undeletable(row)` why it may still change but not go (e.g. it has been sent)."""
    _RULES[model] = Rule(frozen=frozen, mutable=frozenset(mutable), undeletable=undeletable)
    uid = f"append-only-{model._meta.label_lower}"
    pre_save.connect(_guard_save, sender=model, dispatch_uid=uid, weak=False)
    pre_delete.connect(_guard_delete, sender=model, dispatch_uid=uid, weak=False)


def delete_refusal(obj: models.Model) -> str | None:
    """Why `obj` may not be deleted, or None."""
    rule = _RULES.get(type(obj))
    if rule is None or obj.pk is None:
        return None
    return rule.frozen(obj) or (rule.undeletable(obj) if rule.undeletable else None)


def _label(obj: models.Model) -> str:
    return f"{obj._meta.verbose_name} “{obj}”"


def _changed_fields(stored: models.Model, obj: models.Model, rule: Rule) -> list[str]:
    changed = []
    for field in obj._meta.concrete_fields:
        if field.name in rule.mutable or getattr(field, "auto_now", False):
            continue
        if getattr(stored, field.attname) != getattr(obj, field.attname):
            changed.append(str(field.verbose_name))
    return changed


def _guard_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    if raw or instance.pk is None or instance._state.adding:
        return
    rule = _RULES[sender]
    stored = sender._base_manager.filter(pk=instance.pk).first()
    if stored is None:
        return
    reason = rule.frozen(stored)
    if reason is None:
        return
    changed = _changed_fields(stored, instance, rule)
    if changed:
        raise FrozenRecordError(
            f"Không thể sửa {_label(stored)}: {reason} (trường: {', '.join(changed)}). "
            "Muốn đính chính, hãy ghi nhận một bản mới tham chiếu đến bản này."
        )


def _guard_delete(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    reason = delete_refusal(instance)
    if reason is not None:
        raise FrozenRecordError(f"Không thể xóa {_label(instance)}: {reason}.")


def always(reason: str) -> Frozen:
    """A rule for rows frozen from the moment they exist."""
    return lambda _obj: reason
