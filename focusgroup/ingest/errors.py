"""One exception for every way a file can fail to import, worded for the researcher, not the developer.

Problems are a registry of codes with an English and a Danish text, so the CLI and the app can show
the message in either language and tests can assert on the code instead of the wording.
"""

from __future__ import annotations

from pathlib import Path

from focusgroup.errors import UserError

# code -> (English, Danish). ``{...}`` fields are filled from IngestError's keyword arguments.
PROBLEMS: dict[str, tuple[str, str]] = {
    "missing": ("the file does not exist", "filen findes ikke"),
    "unreadable": ("the file cannot be opened ({detail})", "filen kan ikke åbnes ({detail})"),
    "empty": ("the file is empty", "filen er tom"),
    "no_text": ("the file contains no text", "filen indeholder ingen tekst"),
    "unsupported": (
        "files of type '{ext}' are not supported{hint}",
        "filtypen '{ext}' understøttes ikke{hint_da}",
    ),
    "mislabelled": (
        "the file is named {ext} but is really {actual}",
        "filen hedder {ext}, men er i virkeligheden {actual_da}",
    ),
    "corrupt": ("the {kind} file is damaged and cannot be read ({detail})", "{kind}-filen er beskadiget og kan ikke læses ({detail})"),
    "encrypted": (
        "the PDF is encrypted (password-protected); remove the password and try again",
        "PDF-filen er krypteret (beskyttet med adgangskode); fjern adgangskoden og prøv igen",
    ),
    "no_text_layer": (
        "the PDF has no text layer (a scanned image?); run OCR on it first",
        "PDF-filen har intet tekstlag (et scannet billede?); kør OCR på den først",
    ),
    "binary": ("the file is not a text file", "filen er ikke en tekstfil"),
    "encoding": ("the text encoding could not be read ({detail})", "tegnsættet kunne ikke læses ({detail})"),
    "no_rows": ("the table has a header but no data rows", "tabellen har en overskriftsrække, men ingen data"),
    "no_column": (
        "column '{column}' not found; the columns are: {columns}",
        "kolonnen '{column}' findes ikke; kolonnerne er: {columns}",
    ),
    "no_text_column": (
        "no free-text column found; name one with --text-column (the columns are: {columns})",
        "ingen fritekstkolonne fundet; angiv en med --text-column (kolonnerne er: {columns})",
    ),
    "bad_role": (
        "unknown role '{role}' for '{speaker}' (use moderator or participant)",
        "ukendt rolle '{role}' for '{speaker}' (brug moderator eller deltager)",
    ),
    "no_cues": (
        "no subtitle cues ('00:00:01.000 --> 00:00:04.000') found in the {ext} file",
        "ingen undertekst-blokke ('00:00:01.000 --> 00:00:04.000') fundet i {ext}-filen",
    ),
    "not_tei": (
        "the XML file is not a TEI transcript (no <u> speaker turns found)",
        "XML-filen er ikke en TEI-transskription (ingen <u>-taleture fundet)",
    ),
    "internal": ("the file could not be read ({detail})", "filen kunne ikke læses ({detail})"),
}


class IngestError(UserError):
    """A file that cannot be imported. ``str()`` is "<file name>: <problem in plain words>"."""

    def __init__(self, path: str | Path, code: str, **fields: str) -> None:
        self.path = Path(path)
        self.name = self.path.name
        self.code = code
        self.fields = {"detail": "", "hint": "", "hint_da": "", **fields}
        english, danish = PROBLEMS[code]
        self.problem = english.format(**self.fields)
        self.problem_da = danish.format(**self.fields)
        Exception.__init__(self, f"{self.name}: {self.problem}")

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` ("da"/"en"; default: the language in force)."""
        from focusgroup.messages import get_language

        return self.message_da if (lang or get_language()) == "da" else f"{self.name}: {self.problem}"

    def __str__(self) -> str:
        # Kept English for log lines and existing callers; the CLI and app show message().
        return f"{self.name}: {self.problem}"

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle as cls(*args); ours needs its code and fields (batch workers send errors back).
        return _rebuild, (str(self.path), self.code, self.fields)

    @property
    def message_da(self) -> str:
        """The same message in Danish, for the app."""
        return f"{self.name}: {self.problem_da}"


def _rebuild(path: str, code: str, fields: dict[str, str]) -> IngestError:
    return IngestError(path, code, **fields)
