"""Non-answers never form a theme, and answers that name a time are no non-answers (issue 18, session 15):
texts in the style of survey comments, as the own comment corpus and the issue show them."""

from __future__ import annotations

from focusgroup.themes.nonanswer import lexical_non_answer, non_answers

# The issue's own example of a topical answer, and one like it: only a clock time or a span names the topic.
TIMES = ["de kom først kl 11 og havde kun 5 min", "Man kommer aldrig igennem før kl 10", "Jeg har ventet 3 uger"]
# Hedges and "nothing to add" answers that named a topic to the parser ("svært", "mening", "bemærke").
HEDGES = ["Det er svært at sige", "Det har jeg ingen mening om", "intet at bemærke"]
# The same words where they carry content.
CONTENT = ["Det er svært at komme igennem på telefonen", "Jobklubben giver ingen mening for mig",
           "Praktikken var uden mening"]


def test_a_clock_time_or_a_span_of_time_is_a_topic():
    assert non_answers(TIMES) == [False] * len(TIMES)
    assert not any(lexical_non_answer(t) for t in TIMES)  # the cheap rule agrees


def test_hedges_are_non_answers_and_the_same_words_with_content_are_not():
    assert non_answers(HEDGES) == [True] * len(HEDGES)
    assert non_answers(CONTENT) == [False] * len(CONTENT)
