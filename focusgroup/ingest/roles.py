"""Who is the moderator: from the label's words, a "(moderator)" note, the researcher's say, or questions.

A transcript's labels usually tell the role ("Moderator:", "I:", "Deltager 3:"). When they do not
("Dan:" / "Participant:"), the speaker who mostly asks questions is taken as the interviewer, and the
researcher can always override by name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from focusgroup.records import MODERATOR, PARTICIPANT, RESPONDENT, UNKNOWN_SPEAKER

_NUM = r"(?:[ ._-]?\d+)?"
MODERATOR_LABEL = re.compile(
    r"^(?:moderator|mod|m|interviewer|intervieweren|int|i|facilitator|ordstyrer|ordstyreren|researcher|"
    r"forsker|spørgsmål|question|q|co-?moderator|medmoderator|chair|formand|formanden)" + _NUM + r"$",
    re.IGNORECASE,
)
PARTICIPANT_LABEL = re.compile(
    r"^(?:deltager|deltageren|participant|respondent|informant|interviewee|interviewperson|ip|borger|"
    r"borgeren|d|p|r|b|svar|answer|a)" + _NUM + r"$",
    re.IGNORECASE,
)
# Labels that are plainly labels but say nothing about the role.
NEUTRAL_LABEL = re.compile(
    r"^(?:speaker|taler|person|stemme|voice|unknown|ukendt|id|spk|s)" + _NUM + r"$", re.IGNORECASE
)

# Words a researcher may use for a role in ``roles={name: role}`` or a "(...)" note after a name.
ROLE_WORDS: dict[str, str] = {
    "moderator": MODERATOR,
    "mod": MODERATOR,
    "interviewer": MODERATOR,
    "intervieweren": MODERATOR,
    "facilitator": MODERATOR,
    "ordstyrer": MODERATOR,
    "chair": MODERATOR,
    "participant": PARTICIPANT,
    "deltager": PARTICIPANT,
    "informant": PARTICIPANT,
    "interviewee": PARTICIPANT,
    "borger": PARTICIPANT,
    "respondent": RESPONDENT,
}


@lru_cache(maxsize=4096)
def is_known_label(name: str) -> bool:
    return bool(MODERATOR_LABEL.match(name) or PARTICIPANT_LABEL.match(name) or NEUTRAL_LABEL.match(name))


@lru_cache(maxsize=4096)
def role_of_label(label: str) -> str | None:
    """The role a label word itself says ("Moderator", "I", "D3"), or None for a plain name."""
    label = label.strip()
    if MODERATOR_LABEL.match(label):
        return MODERATOR
    if PARTICIPANT_LABEL.match(label):
        return PARTICIPANT
    return None


def canonical_role(word: str) -> str | None:
    return ROLE_WORDS.get(word.strip().lower())


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """Names compare without case and extra spaces: "deltager  3" is "Deltager 3"."""
    return " ".join(name.split()).casefold()


def _question_share(texts: Sequence[str]) -> float:
    """Share of turns that end in a question: an interviewer's turns mostly do."""
    return sum(t.rstrip().rstrip("\"'»”)").endswith("?") for t in texts) / len(texts) if texts else 0.0


def infer_roles(
    turns: Sequence[tuple[str, str]],
    hints: Mapping[str, str] | None = None,
    overrides: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Role per speaker name, from ``turns`` as (speaker, text) in order.

    Precedence: ``overrides`` (matched without case) > a role note in the file (``hints``) > the label
    itself > the question heuristic (only when no moderator was found otherwise) > participant.
    """
    hints = {name_key(k): v for k, v in (hints or {}).items()}
    overrides = {name_key(k): v for k, v in (overrides or {}).items()}
    texts: dict[str, list[str]] = {}
    for speaker, text in turns:
        texts.setdefault(speaker, []).append(text)
    roles: dict[str, str] = {}
    neutral: list[str] = []
    for speaker in texts:
        key = name_key(speaker)
        if key in hints:
            roles[speaker] = hints[key]
        elif role_of_label(speaker):
            roles[speaker] = role_of_label(speaker)
        else:
            roles[speaker] = PARTICIPANT
            if speaker != UNKNOWN_SPEAKER:
                neutral.append(speaker)
    if MODERATOR not in roles.values() and len(texts) >= 2 and neutral:
        if len(neutral) == 1 and _question_share(texts[neutral[0]]) >= 0.15:
            # "Dan:" facing speakers labelled "Participant:": Dan is the interviewer.
            roles[neutral[0]] = MODERATOR
        else:
            shares = sorted(((_question_share(texts[s]), s) for s in neutral if len(texts[s]) >= 3), reverse=True)
            if shares:
                top_share, top = shares[0]
                rest = max((_question_share(t) for s, t in texts.items() if s != top), default=0.0)
                if top_share >= 0.25 and top_share >= 1.5 * rest:
                    roles[top] = MODERATOR
    for speaker in texts:
        if name_key(speaker) in overrides:
            roles[speaker] = overrides[name_key(speaker)]
    return roles
