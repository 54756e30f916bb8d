"""Rule-based Danish sentiment from the AFINN-da and Sentida lexicons shipped with asent.

Why our own rules instead of asent alone: spoken Danish in transcripts is full of fillers ("øh",
"altså", "ikke også"), tag questions ("det var godt, ikke?") that asent reads as negation, stacked
negations ("slet ikke dårligt") and job-centre phrases ("føler mig ikke hørt") that a general
lexicon misses. The scorer returns per-clause valences, which give the classifier its lexicon
features and the mixed-statement detector its evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

_ASENT_LEXICONS = Path(__import__("asent").__file__).resolve().parent / "lexicons"

TOKEN_RE = re.compile(r"[\wæøåÆØÅéü]+(?:['’-][\wæøå]+)*|[.!?;:,]", re.UNICODE)
SENTENCE_RE = re.compile(r"(?<=[.!?…])[\"”»)]*\s+(?=[\"“«(]?[A-ZÆØÅ0-9])|\n+")

# Spoken-language noise: hesitation sounds, discourse particles, transcription marks.
FILLERS = frozenset(
    "øh øhm øhh æh æhm ehm eh hm hmm mm mhm mmh ahm ah altså ligesom jo nå nåh åh ja-ja ik'".split()
)
FILLER_PHRASES = ("ikke også", "ik også", "du ved", "på en måde", "eller sådan noget", "og sådan")
TRANSCRIPTION_MARK_RE = re.compile(r"\[[^\]]{0,40}\]|\((?:pause|griner|latter|uforståeligt|utydeligt)[^)]*\)", re.I)

NEGATIONS = frozenset({"ikke", "ik", "ikk", "ej", "aldrig", "ingen", "intet", "ingenting", "hverken", "næppe", "uden"})
# Words that strengthen a following negation ("slet ikke", "overhovedet ikke") - the negated
# phrase then reads as a strong statement, but "slet ikke dårligt" is still not negative.
NEG_BOOSTERS = frozenset({"slet", "overhovedet", "absolut", "bestemt", "aldeles"})
NEGATION_SCOPE = 3  # tokens after a negator that it can flip

INTENSIFIERS: dict[str, float] = {
    "meget": 0.3, "rigtig": 0.3, "rigtigt": 0.3, "virkelig": 0.3, "virkeligt": 0.3, "utrolig": 0.3,
    "utroligt": 0.3, "vildt": 0.3, "mega": 0.4, "super": 0.4, "helt": 0.2, "særdeles": 0.3,
    "yderst": 0.3, "enormt": 0.3, "ekstremt": 0.4, "totalt": 0.3, "pisse": 0.4, "hammer": 0.3,
    "så": 0.1, "ret": 0.1, "temmelig": 0.1, "ganske": 0.1,
    "lidt": -0.3, "noget": -0.1, "nogenlunde": -0.4, "halvt": -0.3, "næsten": -0.2,
}

# Contrast markers: the clause after weighs more ("glad for X, men Y er et problem").
CONTRAST_AFTER = frozenset({"men", "dog", "alligevel", "derimod"})
CONTRAST_BEFORE = frozenset({"selvom", "selv om", "omend", "skønt"})  # the concessive clause weighs less
AFTER_WEIGHT, BEFORE_WEIGHT = 1.5, 0.5

# Job-centre / user-satisfaction vocabulary missing from AFINN (valence on AFINN's -5..5 scale).
DOMAIN_LEXICON: dict[str, float] = {
    "hørt": 2, "lyttet": 2, "lytter": 2, "lyttede": 2, "forstået": 2, "anerkendt": 2, "respekteret": 2,
    "respekt": 2, "tryg": 2, "trygt": 2, "tryghed": 2, "hjulpet": 2, "hjælpsom": 3, "hjælpsomme": 3,
    "imødekommende": 3, "kompetent": 2, "kompetente": 2, "venlig": 2, "venlige": 2, "søde": 2,
    "sød": 2, "ordentlig": 1, "ordentligt": 1, "nemt": 2, "nem": 2, "let": 1, "fint": 2, "fin": 2,
    "fine": 2, "tilfreds": 2, "tilfredse": 2, "godt": 2, "gode": 2, "bedre": 1, "bedst": 3,
    "ventetid": -1, "ventetiden": -1, "bureaukrati": -2, "bureaukratisk": -2, "kaos": -2,
    "kaotisk": -2, "uoverskuelig": -2, "uoverskueligt": -2, "stressende": -2, "stress": -2,
    "presset": -2, "frustrerende": -2, "frustreret": -2, "frustration": -2, "spild": -2,
    "meningsløs": -3, "meningsløst": -3, "ydmygende": -3, "umulig": -2, "umuligt": -2,
    "besværligt": -2, "besværlig": -2, "svært": -1, "svær": -1, "svære": -1, "umulige": -2, "travlt": -1,
    "forvirrende": -2, "mistillid": -2,
    "kontrol": -1, "sanktion": -2, "sanktioner": -2, "trukket": -1, "glemt": -2, "overset": -2,
    "uklart": -2, "uklar": -2, "dårlig": -3, "dårligt": -3, "dårlige": -3, "elendig": -4,
    "elendigt": -4, "rod": -2, "rodet": -2, "langsom": -2, "langsomt": -2, "sur": -2, "sure": -2,
}

PHRASES: dict[str, float] = {  # multi-word entries matched before single words
    "kan lide": 2, "kunne lide": 2, "godt tilfreds": 3, "ikke så godt": -2, "ikke så god": -2,
    "ikke særlig godt": -2, "ikke særligt godt": -2, "ikke ret godt": -2, "i orden": 1, "helt fint": 2,
    "taget alvorligt": 2, "skal hele tiden": -1, "igen og igen": -1, "gang på gang": -1,
    "fungerer ikke": -3, "virker ikke": -3, "ingen hjælp": -3, "ingen forståelse": -3,
    "ikke lide": -2, "tak for": 2, "lang tid": -1, "for lang tid": -2, "lang ventetid": -2,
    "svære at forstå": -2, "svært at forstå": -2, "alt for travlt": -2, "for lang": -2, "for langt": -2,
    "for lidt": -2, "for mange": -1, "ikke særlig god": -2, "ikke særligt god": -2,
}


@lru_cache(maxsize=1)
def afinn() -> dict[str, float]:
    """AFINN-da as shipped in asent's wheel (word or phrase -> integer valence -5..5)."""
    lex: dict[str, float] = {}
    for line in (_ASENT_LEXICONS / "da_lexicon_afinn_v1.txt").read_text(encoding="utf-8").splitlines():
        word, _, val = line.rpartition("\t")
        if word:
            lex[word.lower()] = float(val)
    return lex


@lru_cache(maxsize=1)
def sentida() -> dict[str, float]:
    """Sentida lemma lexicon (asent's wheel), rescaled to AFINN's range."""
    lex: dict[str, float] = {}
    for line in (_ASENT_LEXICONS / "da_lexicon_sentida_lemma_v1.csv").read_text(encoding="utf-8").splitlines()[1:]:
        word, _, val = line.rpartition(",")
        if word:
            lex[word.lower()] = float(val) * 5 / 5.0  # sentida already spans about -5..5
    return lex


@lru_cache(maxsize=1)
def combined_lexicon() -> dict[str, float]:
    """AFINN words, then our domain words override, then phrases (lower-cased keys)."""
    lex = {k: v for k, v in afinn().items() if " " not in k}
    lex.update(DOMAIN_LEXICON)
    return lex


@lru_cache(maxsize=1)
def phrase_lexicon() -> dict[tuple[str, ...], float]:
    phrases = {tuple(k.split()): v for k, v in afinn().items() if " " in k}
    phrases.update({tuple(k.split()): v for k, v in PHRASES.items()})
    return phrases


def clean_spoken(text: str) -> str:
    """Drop transcription marks and fillers, and collapse stutter repeats ("jeg jeg")."""
    text = TRANSCRIPTION_MARK_RE.sub(" ", text)
    low = text
    for phrase in FILLER_PHRASES:
        low = re.sub(rf"(?i)(?<!\w){re.escape(phrase)}(?!\w)", " ", low)
    low = re.sub(r"(?i)(?<!\w)(" + "|".join(re.escape(f) for f in sorted(FILLERS, key=len, reverse=True)) + r")(?!\w)[,.]?", " ", low)
    low = re.sub(r"(?i)\b(\w+)(\s+\1\b)+", r"\1", low)
    low = re.sub(r"\s+([,.!?])", r"\1", low)
    low = re.sub(r"^[,.\s]+|,+(?=[,.!?])", "", low)
    return re.sub(r"[ \t]+", " ", low).strip()


def split_sentences(text: str) -> list[str]:
    """Regex sentence split that keeps Danish abbreviations mostly intact; good enough for scoring."""
    parts = [p.strip() for p in SENTENCE_RE.split(text)]
    return [p for p in parts if p and any(c.isalnum() for c in p)]


def tokenize(text: str) -> list[str]:
    return [t.lower() for t in TOKEN_RE.findall(text)]


@dataclass
class Clause:
    """A stretch of a sentence between contrast markers, with its lexicon valence."""

    tokens: list[str]
    valence: float = 0.0
    pos: float = 0.0
    neg: float = 0.0
    n_negated: int = 0
    weight: float = 1.0


@dataclass
class LexiconResult:
    clauses: list[Clause] = field(default_factory=list)
    n_tokens: int = 0
    n_hits: int = 0
    n_negations: int = 0
    n_intensified: int = 0
    has_contrast: bool = False
    exclaim: int = 0
    question: int = 0

    @property
    def valence(self) -> float:
        return float(sum(c.valence * c.weight for c in self.clauses))

    @property
    def compound(self) -> float:
        """VADER-style normalisation to [-1, 1]."""
        v = self.valence
        return float(v / np.sqrt(v * v + 15.0))

    @property
    def mixed(self) -> bool:
        """True when one clause is clearly positive and another clearly negative."""
        return any(c.valence >= 1.5 for c in self.clauses) and any(c.valence <= -1.5 for c in self.clauses)


def _is_tag_question(tokens: list[str], i: int) -> bool:
    """ "..., ikke?" / "ikke også" at a clause end is a tag, not a negation."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else "?"
    prev = tokens[i - 1] if i > 0 else ""
    return nxt in {"?", ".", "!"} and prev in {",", "?"} or (nxt == "også" and i + 2 >= len(tokens) - 1)


def score_tokens(tokens: list[str]) -> LexiconResult:
    lex, phrases = combined_lexicon(), phrase_lexicon()
    res = LexiconResult(n_tokens=sum(t.isalnum() for t in tokens))
    res.exclaim = tokens.count("!")
    res.question = tokens.count("?")
    clause = Clause(tokens=[])
    neg_left = 0  # tokens still in the scope of a negation
    neg_strong = False
    boost = 0.0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        two = " ".join(tokens[i : i + 2])
        if tok in CONTRAST_AFTER or tok in {",", ";", ":"} and i + 1 < len(tokens) and tokens[i + 1] in CONTRAST_AFTER:
            if tok in CONTRAST_AFTER and (clause.tokens or res.clauses):
                res.has_contrast = True
                if clause.tokens:
                    clause.weight = BEFORE_WEIGHT if clause.weight == 1.0 else clause.weight
                    res.clauses.append(clause)
                clause = Clause(tokens=[], weight=AFTER_WEIGHT)
                neg_left, boost = 0, 0.0
            i += 1
            continue
        if tok in CONTRAST_BEFORE or two in CONTRAST_BEFORE:
            res.has_contrast = True
            if clause.tokens:
                res.clauses.append(clause)
            clause = Clause(tokens=[], weight=BEFORE_WEIGHT)
            neg_left, boost = 0, 0.0
            i += 2 if two in CONTRAST_BEFORE else 1
            continue
        if tok == "," and clause.weight == BEFORE_WEIGHT and clause.tokens:
            res.clauses.append(clause)  # end of the concessive "selvom ..." clause
            clause = Clause(tokens=[])
            neg_left, boost = 0, 0.0
            i += 1
            continue
        if tok in {".", "!", "?", ";"}:
            neg_left, boost = 0, 0.0
            i += 1
            continue
        clause.tokens.append(tok)
        match = None
        for n in (3, 2):
            key = tuple(tokens[i : i + n])
            if len(key) == n and key in phrases:
                match = (phrases[key], n)
                break
        if match is None and tok in NEGATIONS and not _is_tag_question(tokens, i):
            neg_left = NEGATION_SCOPE
            neg_strong = i > 0 and tokens[i - 1] in NEG_BOOSTERS
            res.n_negations += 1
            i += 1
            continue
        if match is None and tok in INTENSIFIERS and tok not in lex:
            boost += INTENSIFIERS[tok]
            i += 1
            continue
        if match is None and tok in lex:
            match = (lex[tok], 1)
        if match is not None:
            val, n = match
            if boost:
                val = val * (1 + boost)
                res.n_intensified += 1
            if neg_left > 0 and not (n > 1 and any(t in NEGATIONS for t in tokens[i : i + n])):
                # "ikke god" -> clearly negative; "slet ikke dårligt" -> mildly positive, never negative.
                val = -0.74 * val if val > 0 else -0.5 * val * (1.2 if neg_strong else 1.0)
                clause.n_negated += 1
                neg_left = 0
            clause.valence += val
            clause.pos += max(val, 0.0)
            clause.neg += max(-val, 0.0)
            res.n_hits += 1
            clause.tokens.extend(tokens[i + 1 : i + n])
            boost = 0.0
            i += n
            continue
        if tok.isalnum():
            neg_left = max(neg_left - 1, 0)
            boost = 0.0 if tok not in NEG_BOOSTERS else boost
        i += 1
    if clause.tokens:
        res.clauses.append(clause)
    if len(res.clauses) == 1:
        res.clauses[0].weight = 1.0
    return res


def score_text(text: str) -> LexiconResult:
    return score_tokens(tokenize(clean_spoken(text)))


def afinn_sign(texts: Iterable[str]) -> list[str]:
    """Baseline: sign of the plain AFINN-da sum (no rules)."""
    lex = afinn()
    out = []
    for text in texts:
        s = sum(lex.get(t, 0.0) for t in tokenize(text))
        out.append("positiv" if s > 0 else "negativ" if s < 0 else "neutral")
    return out


FEATURE_NAMES = (
    "compound", "valence", "pos", "neg", "pos_rel", "neg_rel", "n_hits_rel", "negations", "negated",
    "intensified", "contrast", "last_clause", "first_clause", "mixed", "exclaim", "question",
    "sentida", "afinn_raw", "log_len",
)


class LexiconFeatures:
    """scikit-learn style transformer: texts -> lexicon feature matrix (stateless, fit is a no-op)."""

    feature_names = FEATURE_NAMES

    def fit(self, texts: Iterable[str], y: object = None) -> LexiconFeatures:
        return self

    def transform(self, texts: Iterable[str]) -> np.ndarray:
        sent, raw = sentida(), afinn()
        rows = []
        for text in texts:
            toks = tokenize(clean_spoken(text))
            r = score_tokens(toks)
            n = max(r.n_tokens, 1)
            pos = sum(c.pos * c.weight for c in r.clauses)
            neg = sum(c.neg * c.weight for c in r.clauses)
            first = r.clauses[0].valence if r.clauses else 0.0
            last = r.clauses[-1].valence if r.clauses else 0.0
            s = sum(sent.get(t, 0.0) for t in toks)
            a = sum(raw.get(t, 0.0) for t in toks)
            rows.append([
                r.compound, np.tanh(r.valence / 5), np.tanh(pos / 5), np.tanh(neg / 5), pos / n, neg / n,
                r.n_hits / n, min(r.n_negations, 3), sum(c.n_negated for c in r.clauses),
                min(r.n_intensified, 3), float(r.has_contrast), np.tanh(last / 5), np.tanh(first / 5),
                float(r.mixed), min(r.exclaim, 3), min(r.question, 3), np.tanh(s / 5), np.tanh(a / 5),
                np.log1p(n),
            ])
        return np.asarray(rows, dtype=np.float32).reshape(-1, len(FEATURE_NAMES))

    def fit_transform(self, texts: Iterable[str], y: object = None) -> np.ndarray:
        return self.fit(texts).transform(texts)
