"""Warnings from reading files (``ParsedSource.warnings``): ``key -> (Danish, English)``.

Rendered when the file is read, in the language in force (Danish unless ``FOCUSGROUP_LANG=en``; the
app sets it per session), so ``import``/``analyze`` warn in Danish in a Danish flow.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "warn_table_as_transcript": (
        "læst som en transskriptionstabel (kolonner med taler og tekst); angiv --text-column for at læse den "
        "som et spørgeskema",
        "read as a transcript table (speaker and text columns); name --text-column to read it as a survey",
    ),
    "warn_other_sheets": (
        "læste arket '{sheet}'; de andre ark blev ikke indlæst: {others}",
        "read sheet '{sheet}'; other sheets were not imported: {others}",
    ),
    "warn_columns_chosen": (
        "fritekstkolonner valgt automatisk: {columns}",
        "free-text columns chosen automatically: {columns}",
    ),
    "warn_roles_unknown": (
        "roller angivet for talere, der ikke er i filen: {names}",
        "roles given for speakers not in the file: {names}",
    ),
    "warn_preamble": (
        "teksten før den første talerangivelse ({n} tegn) bevares i teksten, men ikke som citat",
        "the header before the first speaker label ({n} characters) is kept in the text, not as a quote",
    ),
    "warn_no_speakers": (
        "ingen talerangivelser fundet: teksten blev indlæst som én ukendt taler",
        "no speaker labels found: the text was imported as one unknown speaker",
    ),
    "warn_bad_cue_time": (
        "blokken på linje {line} har en ugyldig tidsangivelse ({timing}); teksten er bevaret uden tid",
        "the cue on line {line} has an invalid timestamp ({timing}); its text is kept without a time",
    ),
    "warn_already_imported": (
        "{source}: findes allerede i projektet (som {existing}); ikke indlæst igen",
        "{source}: already in the project (as {existing}); not imported again",
    ),
}
