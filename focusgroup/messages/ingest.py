"""Messages of ``focusgroup.ingest.IngestError``: ``"ingest_<code>" -> (Danish, English)``.

Moved from ``focusgroup.ingest.errors.PROBLEMS`` (which was English first); ``{hint}`` is the English
hint and ``{hint_da}`` the Danish one for unsupported file types.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "ingest_missing": (
        'filen findes ikke',
        'the file does not exist',
    ),
    "ingest_unreadable": (
        'filen kan ikke åbnes ({detail})',
        'the file cannot be opened ({detail})',
    ),
    "ingest_empty": (
        'filen er tom',
        'the file is empty',
    ),
    "ingest_no_text": (
        'filen indeholder ingen tekst',
        'the file contains no text',
    ),
    "ingest_unsupported": (
        "filtypen '{ext}' understøttes ikke{hint_da}",
        "files of type '{ext}' are not supported{hint}",
    ),
    "ingest_mislabelled": (
        'filen hedder {ext}, men er i virkeligheden {actual_da}',
        'the file is named {ext} but is really {actual}',
    ),
    "ingest_corrupt": (
        '{kind}-filen er beskadiget og kan ikke læses ({detail})',
        'the {kind} file is damaged and cannot be read ({detail})',
    ),
    "ingest_encrypted": (
        'PDF-filen er krypteret (beskyttet med adgangskode); fjern adgangskoden og prøv igen',
        'the PDF is encrypted (password-protected); remove the password and try again',
    ),
    "ingest_no_text_layer": (
        'PDF-filen har intet tekstlag (et scannet billede?); kør OCR på den først',
        'the PDF has no text layer (a scanned image?); run OCR on it first',
    ),
    "ingest_binary": (
        'filen er ikke en tekstfil',
        'the file is not a text file',
    ),
    "ingest_encoding": (
        'tegnsættet kunne ikke læses ({detail})',
        'the text encoding could not be read ({detail})',
    ),
    "ingest_no_rows": (
        'tabellen har en overskriftsrække, men ingen data',
        'the table has a header but no data rows',
    ),
    "ingest_no_column": (
        "kolonnen '{column}' findes ikke; kolonnerne er: {columns}",
        "column '{column}' not found; the columns are: {columns}",
    ),
    "ingest_no_text_column": (
        'ingen fritekstkolonne fundet; angiv en med --text-column (kolonnerne er: {columns})',
        'no free-text column found; name one with --text-column (the columns are: {columns})',
    ),
    "ingest_bad_role": (
        "ukendt rolle '{role}' for '{speaker}' (brug moderator eller deltager)",
        "unknown role '{role}' for '{speaker}' (use moderator or participant)",
    ),
    "ingest_no_cues": (
        "ingen undertekst-blokke ('00:00:01.000 --> 00:00:04.000') fundet i {ext}-filen",
        "no subtitle cues ('00:00:01.000 --> 00:00:04.000') found in the {ext} file",
    ),
    "ingest_not_tei": (
        'XML-filen er ikke en TEI-transskription (ingen <u>-taleture fundet)',
        'the XML file is not a TEI transcript (no <u> speaker turns found)',
    ),
    "ingest_internal": (
        'filen kunne ikke læses ({detail})',
        'the file could not be read ({detail})',
    ),
}
