"""Messages of undo/redo and the edit history (``focusgroup.themes.history``), and the texts the analysis
writes into a run (``themes.describe``: stored in the language in force when it ran): ``key -> (Danish,
English)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "theme_parent_description": ("Overordnet tema: {children}", "Parent theme: {children}"),
    # after an edit (themes.edits.notices): a parent cannot be renamed, so a change to one is said
    "theme_parent_relabelled": ("Det overordnede tema »{old}« hedder nu »{new}«.",
                                "The parent theme “{old}” is now called “{new}”."),
    "theme_parent_gone": ("Det overordnede tema »{old}« findes ikke længere; temaerne under det står nu for sig selv.",
                          "The parent theme “{old}” is gone; the themes under it now stand on their own."),
    "theme_parent_new": ("Nyt overordnet tema: »{new}«.", "New parent theme: “{new}”."),
    "history_nothing_to_undo": ("der er ingen rettelse at fortryde", "there is no edit to undo"),
    "history_nothing_to_redo": ("der er ingen fortrudt rettelse at gentage", "there is no undone edit to redo"),
    "history_before_run": (
        "rettelse {edit} blev lavet før den seneste analyse og kan ikke fortrydes her; ret temaet igen i stedet",
        "edit {edit} was made before the latest analysis and cannot be undone here; edit the theme again instead",
    ),
    "history_undone": ("Fortrudt: {what}", "Undone: {what}"),
    "history_redone": ("Gentaget: {what}", "Redone: {what}"),
    "history_kind_rename": ("omdøbt til »{label}«", "renamed to “{label}”"),
    "history_kind_merge": ("{n} temaer lagt sammen", "{n} themes merged"),
    "history_kind_split": ("tema delt i {n}", "theme split in {n}"),
    "history_kind_move": ("{n} citat(er) flyttet", "{n} quote(s) moved"),
    "history_kind_memo": ("memo skrevet", "memo written"),
    "history_kind_key": ("nøglecitat {quote} {state}", "key quote {quote} {state}"),
    "history_key_on": ("markeret", "marked"),
    "history_key_off": ("fjernet", "unmarked"),
    "history_kind_other": ("rettelse ({kind})", "edit ({kind})"),
    "history_title": ("Rettelser", "Edits"),
    "history_col_id": ("nr.", "no."),
    "history_col_when": ("tidspunkt", "time"),
    "history_col_what": ("rettelse", "edit"),
    "history_col_state": ("status", "status"),
    "history_state_live": ("gældende", "in force"),
    "history_state_undone": ("fortrudt", "undone"),
    "history_none": ("Ingen rettelser endnu.", "No edits yet."),
    "history_undo": ("Fortryd", "Undo"),
    "history_redo": ("Gentag", "Redo"),
}
