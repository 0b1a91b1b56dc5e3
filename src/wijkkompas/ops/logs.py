"""Structured logs with structlog: JSON lines in production, readable lines in development.

Django's and the app's ``logging`` records go through structlog's ``ProcessorFormatter``
(``LOGGING`` in the settings names :func:`json_formatter` or :func:`console_formatter`);
``extra={...}`` fields become keys of the line. Nothing here adds personal data: the
request line (ops.middleware) carries the trace id, method, route name, status and time.
"""

from __future__ import annotations

from typing import Any

import structlog

#: Applied to every record, whether from ``logging`` or from ``structlog.get_logger()``.
SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.ExtraAdder(),
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def _formatter(renderer: Any) -> structlog.stdlib.ProcessorFormatter:
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=SHARED,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )


def json_formatter() -> structlog.stdlib.ProcessorFormatter:
    """One JSON object per line (production)."""
    return _formatter(structlog.processors.JSONRenderer())


def console_formatter() -> structlog.stdlib.ProcessorFormatter:
    """Aligned, readable lines without colours (development, tests)."""
    return _formatter(structlog.dev.ConsoleRenderer(colors=False))


def configure_structlog() -> None:
    """Let ``structlog.get_logger()`` hand its events to ``logging`` (and so to the same
    formatter and handlers)."""
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
