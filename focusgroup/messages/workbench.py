"""Messages of the everyday app tools (search, undo, start page; issue 17): ``key -> (Danish, English)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "search_code_to": ("Kod alle fund til tema", "Code all hits to theme"),
    "search_code_pick": ("Vælg et tema", "Choose a theme"),
    "search_code_button": ("Kod", "Code"),
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
}
