"""Danish cues that a comment asks the organisation for something: a question to it, a request to be
contacted, or a concrete unresolved problem in the respondent's own case.

Each cue is a regular expression over the lower-cased text, so a researcher can read why a comment was
flagged. The cues are features for the classifier (``replies.model``) and give the reason shown to the
researcher. Written on tests/data/replies/dev.tsv only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUESTION, CONTACT, CASE = "spørgsmål", "beder om kontakt", "konkret sag/fejl"
REASONS = (QUESTION, CONTACT, CASE)

_FIRST = re.compile(r"\b(jeg|mig|min|mit|mine)\b")
_SECOND = re.compile(r"\b(i|jer|jeres)\b")
_SENTENCES = re.compile(r"[^.!?\n]+[.!?]*")

# A question someone could answer: about the writer's own case, or asking the organisation directly.
_ASKING = re.compile(
    r"^\s*(hvornår|hvem skal|hvor (kan|finder|ser)|hvordan (søger|klager|får|kan jeg)|hvad (sker|skal jeg)|"
    r"kan (jeg|i|nogen)|må (jeg|i)|skal (jeg|i)|får jeg|er det (muligt|rigtigt)|gælder|har jeg|vil i|"
    r"hvorfor (har|er) (jeg|min|mit|mine|i)\b)"
)
# Rhetorical questions: complaints phrased as questions ("Hvorfor skal alt være så besværligt?").
_RHETORICAL = re.compile(
    r"^\s*(hvorfor (skal|er det|er alt|skal man|skal det)|hvem (tror|har fundet)|hvad (skal det nytte|er meningen)|"
    r"kunne (man|i) ikke|hvorfor er det så)"
)
_WANTS_INFO = re.compile(
    r"jeg vil (gerne|meget gerne) vide|kan nogen forklare|kan i (oplyse|fortælle|sende)|er det rigtigt at|"
    r"har jeg ret til|hvem skal jeg (spørge|kontakte)|jeg har et spørgsmål|hvad er status på min|"
    r"kan det passe at (jeg|min|mit|mine)|er der nogen der kan hjælpe mig"
)
_CONTACT = re.compile(
    r"\bring(e)? (venligst )?(til )?mig|ringe mig op|ring mig op|\bopringning|giv mig et opkald|opkald til mig|"
    r"kontakt(e)? mig|"
    r"kontaktes|blive kontaktet|tag (venligst )?(fat|kontakt)|tage fat i mig|skriv (venligst |gerne )?til mig|"
    r"send mig|vende tilbage til mig|vender tilbage til mig|hører gerne fra|(vil|ønsker) (gerne |meget gerne )?"
    r"(have )?(en )?samtale|vil gerne tale med|bedes ringe|kan nogen kontakte|ring (gerne|venligst)|"
    r"kan i ringe|kontakt venligst|ringet op|kan kontaktes på|mit (telefon|mobil)nummer er|mail mig|"
    r"(beder om|vil gerne have) (et møde|en samtale)"
)
_CASE = re.compile(
    r"(har|er|blev|bliver|blevet) ikke (blevet )?(fået|modtaget|hørt (noget|fra)|svaret|kommet|registreret|"
    r"godkendt|sket|udbetalt)|ikke (fået|modtaget) (udbetalt|svar|det|mine|min|mit|noget)|stadig ikke|venter (stadig|fortsat)|"
    r"har ventet|mangler (stadig|svar)|ubesvaret|uden at nogen har|fejl\b|ved en fejl|forkert|forsvundet|blevet væk|"
    r"trukket|stoppe(t|de)|sanktion|lukket|aldrig (den|fået)|fik lovet|lovede mig|står registreret|"
    r"registreret som|to (forskellige|breve)|mangler\b|indkaldt til møde samme dag|kun betalt|to forskellige steder|"
    r"allerede har gennemført|ikke noget brev|har ligget|uden at der er sket|står i mit brev|"
    r"ingen (har|har endnu) (svaret|ringet|vendt tilbage)|ingen ringede tilbage|fejlagtigt|skylder mig|"
    r"er blevet glemt|har glemt (min|mit|mine|mig)|min gamle adresse|hvorfor står det ikke"
)
# A problem told as over ("sidste år", "men nu er det bedre") needs no reply.
_RESOLVED = re.compile(r"men nu|blev løst|at få rettet|blev rettet|er blevet bedre|sidste (år|vinter)|i starten|i foråret|endte godt")


@dataclass
class Cues:
    question: bool
    rhetorical: bool
    wants_info: bool
    contact: bool
    case: bool
    resolved: bool
    first_person: bool

    def vector(self) -> list[float]:
        return [float(x) for x in (self.question, self.rhetorical, self.wants_info, self.contact, self.case,
                                   self.resolved, self.first_person)]

    @property
    def reason(self) -> str:
        """The reason a rule sees, most specific request first ("" when no rule fires)."""
        if self.contact:
            return CONTACT
        if (self.question and not self.rhetorical) or self.wants_info:
            return QUESTION
        if self.case and self.first_person and not self.resolved:
            return CASE
        return ""


N_CUES = 7


def cues(text: str) -> Cues:
    low = " ".join(text.casefold().split())
    questions = [s for s in _SENTENCES.findall(low) if s.strip().endswith("?")]
    asking = [s for s in questions if _ASKING.search(s) or (_FIRST.search(s) and not _RHETORICAL.search(s))]
    rhetorical = bool(questions) and not asking and any(_RHETORICAL.search(s) or not _FIRST.search(s)
                                                         for s in questions)
    return Cues(
        question=bool(asking), rhetorical=rhetorical, wants_info=bool(_WANTS_INFO.search(low)),
        contact=bool(_CONTACT.search(low)), case=bool(_CASE.search(low)), resolved=bool(_RESOLVED.search(low)),
        first_person=bool(_FIRST.search(low) or _SECOND.search(low)),
    )
