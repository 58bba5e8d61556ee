"""How each kind of candidate is written in an answer: one module per kind of fact.

Every module gives `line(candidate, view)` (one line of a list: date · what · where · who),
`result(candidate)` (the item in the JSON `results`) and `subject(candidate, view)` (what the
fact is, for the first line of an answer). `View` carries the language and the naming rules.
"""

from __future__ import annotations

from bot.search.show.view import View

__all__ = ["View"]
