"""Messages of the hardening work (issue 14): limits on hostile files, overwrites, runs, app safety.

``code -> (Danish, English)``. Limit refusals name the file, the limit and the environment variable
that raises it, so a researcher with a genuinely large file knows what to do.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "limit_file": (
        "filen fylder {size} MB, over grænsen på {max} MB (hæv den med {env}=...)",
        "the file is {size} MB, over the limit of {max} MB (raise it with {env}=...)",
    ),
    "limit_unpacked": (
        "filen pakker ud til {size} MB, over grænsen på {max} MB (hæv den med {env}=...)",
        "the file unpacks to {size} MB, over the limit of {max} MB (raise it with {env}=...)",
    ),
    "limit_ratio": (
        "delen {part} er pakket {ratio} gange sammen, over grænsen på {max} (en zip-bombe?; hæv den med {env}=...)",
        "the part {part} is compressed {ratio} times, over the limit of {max} (a zip bomb?; raise it with {env}=...)",
    ),
    "limit_cells": (
        "arket har indhold i {rows} rækker x {columns} kolonner, over grænsen på {max} celler (hæv den med {env}=...)",
        "the sheet has content in {rows} rows x {columns} columns, over the limit of {max} cells "
        "(raise it with {env}=...)",
    ),
    "limit_columns": (
        "arket har indhold i {size} kolonner, over grænsen på {max} (hæv den med {env}=...)",
        "the sheet has content in {size} columns, over the limit of {max} (raise it with {env}=...)",
    ),
    "limit_text": (
        "kilden har {size} tegn tekst, over grænsen på {max} (hæv den med {env}=...)",
        "the source has {size} characters of text, over the limit of {max} (raise it with {env}=...)",
    ),
    "limit_time": (
        "læsningen brugte over {max} sekunders CPU-tid og blev stoppet (hæv grænsen med {env}=...)",
        "reading took over {max} seconds of CPU time and was stopped (raise the limit with {env}=...)",
    ),
    "runs_interrupted": (
        "analysen (kørsel {runs}) blev afbrudt uden at blive færdig og er nu markeret som mislykket; "
        "den seneste færdige analyse bruges",
        "the analysis (run {runs}) was interrupted before it finished and is now marked failed; "
        "the latest finished analysis is used",
    ),
    "out_is_directory": (
        "{path} er en mappe; angiv et filnavn",
        "{path} is a folder; give a file name",
    ),
    "is_a_folder": ("det er en mappe, ikke en fil", "it is a folder, not a file"),
    "key_beside_exports": (
        "nøglen til pseudonymiseringen ({key}) ligger i samme mappe som eksporterne; flyt den, eller eksportér "
        "til en anden mappe, før mappen deles: med nøglen kan pseudonymerne vendes tilbage til de rigtige navne",
        "the pseudonymisation key ({key}) sits in the same folder as the exports; move it, or export to another "
        "folder, before sharing the folder: the key turns pseudonyms back into real names",
    ),
    "projects_folder_root": (
        "Projekter kan ligge i {root} og dens undermapper (start appen med --projects-dir for en anden mappe).",
        "Projects may be in {root} and its subfolders (start the app with --projects-dir for another folder).",
    ),
    "projects_folder_outside": (
        "{folder} ligger uden for {root}, som appen blev startet med; viser {root}.",
        "{folder} is outside {root}, the folder the app was started with; showing {root}.",
    ),
    "limits_title": ("Grænser for inputfiler", "Limits on input files"),
}
