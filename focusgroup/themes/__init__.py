"""Theme discovery: BERTopic for short Danish texts, guarded against collapse, under the researcher's
control (edits replayed over re-analysis), with guided/codebook themes and assignment of new material."""

from focusgroup.themes.analyze import analyze, select_quotes

__all__ = ["analyze", "select_quotes"]
