"""Messages of the everyday app tools (search, undo, start page; issue 17): ``key -> (Danish, English)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "search_code_to": ("Kod alle fund til tema", "Code all hits to theme"),
    "search_code_pick": ("Vælg et tema", "Choose a theme"),
    "search_code_button": ("Kod", "Code"),
    "search_code_confirm": (
        "{n} citater flyttes til »{theme}«. {moving} af dem ligger i dag i {k} andre temaer og forlader dem, for et "
        "citat hører til ét tema. Det kan fortrydes.",
        "{n} quotes move to “{theme}”. {moving} of them are now in {k} other themes and leave them, as a quote "
        "belongs to one theme. This can be undone.",
    ),
    "search_code_yes": ("Ja, flyt {n} citater", "Yes, move {n} quotes"),
    "search_coded": ("{n} citater er kodet til »{theme}« (kan fortrydes).", "{n} quotes coded to “{theme}” (can be undone)."),
    "search_download": ("Hent fundene (CSV)", "Download the hits (CSV)"),
    "search_download_help": (
        "Teksterne som de vises: pseudonymiserede, når »Vis pseudonymiseret« er slået til.",
        "The texts as shown: pseudonymised when “Show pseudonymised” is on.",
    ),
    "search_context": ("Vis sammenhæng", "Show context"),
    "search_open_theme": ("Åbn tema", "Open theme"),
    "guide_open_project": ("Start med at oprette eller åbne et projekt.", "Start by creating or opening a project."),
    "guide_open_project_link": ("Gå til projekter", "Go to projects"),
    "guide_add_files": (
        "Næste skridt: tilføj transskriptioner og spørgeskemaer.",
        "Next step: add transcripts and survey files.",
    ),
    "guide_add_files_link": ("Tilføj filer", "Add files"),
    "guide_run_analysis": (
        "Næste skridt: kør analysen, så findes temaer og stemning.",
        "Next step: run the analysis to find themes and sentiment.",
    ),
    "guide_run_analysis_link": ("Kør analysen", "Run the analysis"),
    "guide_analysed": (
        "Se temaerne, find hvor tilfredsheden er lavest, og eksportér. Rettelser kan fortrydes her.",
        "Explore the themes, find where satisfaction is lowest, and export. Edits can be undone here.",
    ),
    "history_undo_help": ("Fortryd: {what}", "Undo: {what}"),
    "history_redo_help": ("Gentag: {what}", "Redo: {what}"),
    "codebook_title": ("Kodebog (egne koder i stedet for fundne temaer)", "Codebook (your own codes instead of found themes)"),
    "codebook_help": (
        "Med en kodebog (.qdc fra NVivo/ATLAS.ti/Taguette, .csv med navn og beskrivelse, eller .txt) lægges hvert "
        "citat i den kode, det ligner mest, eller i »Andet«. Uden kodebog finder analysen selv temaerne.",
        "With a codebook (.qdc from NVivo/ATLAS.ti/Taguette, .csv with name and description, or .txt) each quote goes "
        "to the code it resembles most, or to “Other”. Without one the analysis finds the themes itself.",
    ),
    "codebook_current": ("Bruger kodebogen {name}", "Using the codebook {name}"),
    "codebook_clear": ("Brug ingen kodebog", "Use no codebook"),
    "codebook_upload": ("Vælg kodebog", "Choose a codebook"),
    "codebook_read": ("Kodebogen har {n} koder. Kør analysen for at bruge den.", "The codebook has {n} codes. Run the analysis to use it."),
    "assign_intro": (
        "**{n} citater** er kommet til siden analysen (fx en ny bølge). De kan lægges i de eksisterende temaer uden at "
        "temaerne ændres.",
        "**{n} quotes** were added since the analysis (e.g. a new wave). They can go into the existing themes without "
        "changing the themes.",
    ),
    "assign_button": ("Læg nye citater i de eksisterende temaer", "Put new quotes into the existing themes"),
    "assign_running": ("Tildeler temaer …", "Assigning themes …"),
    "assign_done": ("{n} nye citater: {themed} fik et tema.", "{n} new quotes: {themed} got a theme."),
    "pseudo_title": ("Pseudonymisér projektet", "Pseudonymise the project"),
    "pseudo_help": (
        "Gemmer pseudonymiserede tekster i projektet (navne, CPR, telefon, e-mail, adresser). Nøglen, der kan "
        "vende det, gemmes i en separat fil, som kun du kan læse.",
        "Stores pseudonymised texts in the project (names, CPR, phone, e-mail, addresses). The key that reverses "
        "it is written to a separate file only you can read.",
    ),
    "pseudo_button": ("Pseudonymisér nu", "Pseudonymise now"),
    "pseudo_running": ("Pseudonymiserer …", "Pseudonymising …"),
    "pseudo_done": ("{changed} af {quotes} citater blev ændret.", "{changed} of {quotes} quotes were changed."),
    "pseudo_key": (
        "Nøglen ligger i {file}. Opbevar den adskilt fra projekt og eksporter.",
        "The key is in {file}. Keep it apart from the project and the exports.",
    ),
    "merge_confirm": ("Disse {n} temaer lægges sammen i »{target}«:", "These {n} themes are merged into “{target}”:"),
    "merge_label": ("Navn på det samlede tema", "Name of the merged theme"),
    "merge_yes": ("Ja, læg {n} temaer sammen", "Yes, merge {n} themes"),
    "merge_cancel": ("Annullér", "Cancel"),
    "upload_drop": ("Træk filer hertil · højst {mb} MB pr. fil", "Drag files here · at most {mb} MB per file"),
    "upload_browse": ("Vælg filer", "Choose files"),
    "search_not_coded": (
        "{n} fund er ikke med i analysen (moderatorens replikker, tomme svar) og blev ikke kodet.",
        "{n} hits are not in the analysis (moderator turns, blank answers) and were not coded.",
    ),
}
