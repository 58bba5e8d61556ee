"""Briefings on Kazakhstan–China relations, built from Russian-language news."""

__version__ = "0.1.0"
