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
}
