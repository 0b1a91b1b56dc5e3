"""Wijkkompas: a platform for Dutch social neighbourhood teams."""

__version__ = "0.1.0"
