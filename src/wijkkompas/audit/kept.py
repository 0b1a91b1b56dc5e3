"""A view that serves its rendered page again while what it read is unchanged, and logs
every view all the same (``core.pagecache``; docs/architecture.md, "Kept case pages").

Usage: put :class:`KeptPageMixin` first in the bases of a ``TemplateView`` whose page reads
only through compiled queries (``core.compiled``) and logs through ``audit.services``::

    class ResidentDetailView(KeptPageMixin, ResidentRoleMixin, TemplateView): ...

On every GET the role check of the view's other mixins runs first (the mixin wraps
``get``, not ``dispatch``). Then, when a body is kept for this user and path and every
query it read answers the same rows (one statement), that body is served and the access
log gets the same entries as when it was computed; otherwise the page is computed and
recorded as usual.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from wijkkompas.accounts.access import organisation_ids, team_ids
from wijkkompas.core import pagecache

from .services import LoggedRead, log_batch, log_replay


def kept_key(request: HttpRequest, name: str) -> Hashable | None:
    """The key of the page ``name`` for this request, or None when it must not be kept:
    keeping is off, the user is not signed in, or messages wait to be shown."""
    user: Any = request.user
    if not pagecache.enabled() or not getattr(user, "is_authenticated", False):
        return None
    if len(get_messages(request)):
        return None
    return (
        name,
        request.get_full_path(),
        get_language(),
        # The header shows who is signed in.
        user.get_username(),
        user.get_full_name(),
        # The user's scope (``accounts.access.scope_key``). The teams and organisations are
        # read by a compiled query while the page is computed, so the fingerprint checks
        # them with the rest (no query here); when something read them before, they are
        # part of the key instead.
        user.pk,
        user.is_active,
        user.is_superuser,
        user.role,
        user.municipality_id,
        timezone.localdate(),
        getattr(user, "_team_ids_cache", None) and tuple(team_ids(user)),
        getattr(user, "_organisation_ids_cache", None) and tuple(organisation_ids(user)),
    )


def _served(kept: pagecache.Kept, request: HttpRequest) -> bool:
    """Whether the kept body may be served (what it read is unchanged); when it is, its
    reads are logged for this request. On PostgreSQL the check and the log are one
    statement: the entries are written only when the fingerprint matches."""
    query = pagecache.fingerprint_query(kept.records)
    if query is not None and kept.log:
        return log_replay(kept.log, request=request, only_if=(*query, kept.digests))
    if not pagecache.unchanged(kept):
        return False
    log_replay(kept.log, request=request)
    return True


def serve_kept(key: Hashable, request: HttpRequest) -> pagecache.Kept | None:
    """The body kept under ``key`` when everything it read is unchanged (and its reads are
    then logged for this request), else None."""
    kept = pagecache.get(key)
    if kept is not None and _served(kept, request):
        pagecache.count("served")
        return kept
    return None


class Keeping:
    """What :func:`keeping` yields: hand it the computed answer with :meth:`keep`."""

    def __init__(self) -> None:
        self.answer: tuple[int, str, str] | None = None

    def keep(self, *, status: int, body: str, content_type: str) -> None:
        self.answer = (status, body, content_type)


@contextmanager
def keeping(key: Hashable) -> Iterator[Keeping]:
    """Compute a page inside the block: its compiled queries are recorded and its reads
    logged at the end of the block. When the block hands over a 200 answer with
    :meth:`Keeping.keep` and read nothing but compiled queries, the body is kept under
    ``key`` with what it read and logged; otherwise what was kept under ``key`` is dropped."""
    logged: list[LoggedRead] = []
    keeper = Keeping()
    with log_batch(record=logged), pagecache.recording() as recording:
        yield keeper
    pagecache.count("computed")
    answer = keeper.answer
    if answer is not None and answer[0] == 200 and recording.keepable:
        pagecache.put(
            key, body=answer[1], content_type=answer[2], records=recording.records, log=logged
        )
    else:
        pagecache.forget(key)


class KeptPageMixin:
    """Keep the rendered page between two changes of what it read (see the module)."""

    #: Names the page in the key (e.g. ``"residents.detail"``).
    kept_name: str = ""
    request: HttpRequest
    _kept_recording = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = kept_key(request, self.kept_name or type(self).__qualname__)
        if key is None:
            return super().get(request, *args, **kwargs)  # type: ignore[misc, no-any-return]
        kept = serve_kept(key, request)
        if kept is not None:
            return HttpResponse(
                kept.body.replace(pagecache.CSRF_MARKER, get_token(request)),
                content_type=kept.content_type,
            )
        with keeping(key) as keeper:
            self._kept_recording = True
            response = super().get(request, *args, **kwargs)  # type: ignore[misc]
            response.render()
            body = response.content.decode(response.charset)
            keeper.keep(
                status=response.status_code, body=body, content_type=response["Content-Type"]
            )
        response.content = body.replace(pagecache.CSRF_MARKER, get_token(request))
        return response  # type: ignore[no-any-return]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        if self._kept_recording:
            # The body may be served again: the token goes in fresh on every request.
            context["csrf_token"] = pagecache.CSRF_MARKER
        return context
