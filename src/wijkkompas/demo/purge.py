"""Removing generated case data in bulk (``wijkkompas generate --reset`` / ``--remove``).

Django's ``QuerySet.delete()`` loads every row it deletes to follow the cascades, which
takes many minutes for millions of generated conversations and scores. Here the big tables
are deleted with one ``DELETE ... WHERE id IN (subquery)`` each, children first; relations
from other models are still honoured (cascade through Django, ``SET NULL`` as an update,
``PROTECT`` refuses). On PostgreSQL, when every case in the database is generated, the case
tables are truncated instead, which also leaves no dead rows behind for the next run.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models


def _relations_to(model: type[models.Model]) -> list[Any]:
    """Every foreign key and one-to-one that points to ``model``, hidden ones (``+``) and
    those of many-to-many tables included: what Django's own delete follows."""
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_one or f.one_to_many)
    ]


def _closure(models_: list[type[models.Model]]) -> list[type[models.Model]]:
    """The models plus every model that points to one of them, transitively."""
    seen: list[type[models.Model]] = []
    todo = list(models_)
    while todo:
        model = todo.pop(0)
        if model in seen:
            continue
        seen.append(model)
        for rel in _relations_to(model):
            if rel.related_model not in seen:
                todo.append(rel.related_model)
    return seen


def truncate_if_all(querysets: list[models.QuerySet[Any, Any]], *, only_generated: bool) -> bool:
    """TRUNCATE the tables of ``querysets`` (and whatever points to them) when safe.

    Safe means: PostgreSQL, ``only_generated`` (the caller checked that every case in the
    database is generated), and no table outside ``querysets`` that points to them holds a
    row. Returns whether it truncated.
    """
    if connection.vendor != "postgresql" or not only_generated:
        return False
    known = [qs.model for qs in querysets]
    tables = _closure(known)
    for model in tables:
        if model not in known and model._default_manager.exists():
            return False
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(quote(m._meta.db_table) for m in tables))
    return True


def bulk_delete(querysets: list[models.QuerySet[Any, Any]]) -> int:
    """Delete the rows of each queryset, in the order given (children first).

    A relation from a model outside the list is handled as its ``on_delete`` says, through
    Django, without loading the keys (a subquery); relations between models in the list
    must be covered by the order. No signals are sent: for generated data only.
    """
    deleting = {qs.model for qs in querysets}
    total = 0
    quote = connection.ops.quote_name
    for qs in querysets:
        model = qs.model
        meta = model._meta
        pk = meta.pk
        assert pk is not None
        keys = qs.values("pk")
        for rel in _relations_to(model):
            related = rel.related_model
            if related in deleting:
                continue
            on_delete = rel.on_delete
            if on_delete is models.DO_NOTHING:
                continue
            dependants = related._base_manager.filter(**{f"{rel.field.name}__in": keys})
            if on_delete is models.CASCADE:
                dependants.delete()
            elif on_delete is models.SET_NULL:
                dependants.update(**{rel.field.name: None})
            elif dependants.exists():
                raise models.ProtectedError(
                    f"{related.__name__} rows still point to {model.__name__} rows", set()
                )
        sql, params = keys.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {quote(meta.db_table)} WHERE {quote(pk.column)} IN ({sql})",  # noqa: S608
                params,
            )
            total += max(cursor.rowcount, 0)
    return total
