"""Messages of the satisfaction findings (issue 12): the Tilfredshed page, the "Kræver svar" list and the
``focusgroup satisfaction`` command. ``key -> (Danish, English)``; every key starts with ``sat_``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "sat_page": ("Tilfredshed", "Satisfaction"),
    "sat_quarter_name": ("{year} K{q}", "{year} Q{q}"),  # a quarter of a date field (messages.period)
    "sat_title": ("Hvor er tilfredsheden lavest, og for hvem?", "Where is satisfaction lowest, and for whom?"),
    "sat_f_question": ("Spørgsmål", "Question"),
    "sat_question_meta": ("Spørgsmål: {question}", "Question: {question}"),
    "sat_no_fields": ("Projektet har ingen baggrundsfelter med få grupper (fx Ydelse, Aldersgruppe).",
                      "The project has no background fields with a few groups (e.g. benefit, age group)."),
    "sat_by": ("Opdel efter", "Split by"),
    "sat_min_n": ("Mindst citater pr. celle", "Smallest cell"),
    "sat_wave": ("Bølge", "Wave"),
    "sat_quarter": ("Kvartal", "Quarter"),
    # stats.study.Findings.quarter_is_wave: the quarter table would repeat the wave table under other names
    "sat_quarter_is_wave": ("Kvartalerne fra »{field}« deler svarene præcis som bølgerne ({pairs}), så ændringen "
                            "pr. kvartal er den samme som pr. bølge og vises ikke to gange.",
                            "The quarters from “{field}” split the answers exactly as the waves do ({pairs}), so the "
                            "change by quarter is the change by wave and is not shown twice."),
    "sat_date": ("Dato (kvartaler)", "Date (quarters)"),
    "sat_tab_cells": ("Laveste tilfredshed", "Lowest satisfaction"),
    "sat_tab_heatmap": ("Varmekort", "Heatmap"),
    "sat_tab_change": ("Udvikling", "Change"),
    "sat_tab_scale": ("Tilfredshedsskala", "Rating scale"),
    "sat_tab_replies": ("Kræver svar", "Needs a reply"),
    "sat_cells_caption": (
        "Tema × gruppe efter andel negative citater, rangeret efter den nedre grænse af 95 %-intervallet (Wilson), "
        "så små celler ikke topper listen. Forskel = cellens andel minus temaets andel i alle grupper (procentpoint). "
        "Celler under {min_n} citater er udeladt: {omitted}. »{all}« er hele gruppen. Klik en række for dens citater.",
        "Theme × group by share of negative quotes, ranked by the lower bound of the 95% interval (Wilson), so "
        "small cells do not top the list. Difference = the cell's share minus the theme's share in all groups "
        "(points). Cells under {min_n} quotes are left out: {omitted}. \"{all}\" is the whole group. Click a row "
        "for its quotes."),
    "sat_no_cells": ("Ingen celler med nok citater. Sænk »Mindst citater pr. celle« eller vælg et andet felt.",
                     "No cells with enough quotes. Lower the smallest cell or pick another field."),
    "sat_col_group": ("Gruppe", "Group"),
    "sat_col_negative": ("Negative", "Negative"),
    "sat_col_ci": ("95 %-interval", "95% interval"),
    "sat_col_diff": ("Forskel (pp)", "Difference (pp)"),
    "sat_col_example": ("Eksempel", "Example"),
    "sat_cell": ("Vis citaterne i cellen", "Show the cell's quotes"),
    "sat_negative_word": ("negative", "negative"),
    "sat_quotes_of": ("{n} citater i cellen, de mest negative først", "{n} quotes in the cell, most negative first"),
    "sat_more_quotes": ("… og {n} mere (se temasiden).", "… and {n} more (see the theme page)."),
    "sat_heat_field": ("Felt", "Field"),
    "sat_heat_title": ("Andel negative citater pr. tema og {field}", "Share of negative quotes by theme and {field}"),
    "sat_heat_caption": ("Tomme felter: under {min_n} citater.", "Blank cells: under {min_n} quotes."),
    "sat_col_period": ("Fra → til", "From → to"),
    "sat_col_share": ("Andel af citaterne", "Share of quotes"),
    "sat_col_change": ("Ændring i negative (95 %-interval)", "Change in negative (95% interval)"),
    "sat_change_caption": (
        "Ændring i procentpoint med 95 %-interval for forskellen (Newcombe); * = intervallet udelukker 0. Sikreste "
        "ændringer først. Temaer med under {min_n} citater i de to perioder tilsammen er udeladt. Intervallerne er "
        "ikke korrigeret for mange sammenligninger: omkring hver 20. tema vil se sikkert ud ved et tilfælde.",
        "Change in percentage points with a 95% interval for the difference (Newcombe); * = the interval excludes 0. "
        "Surest changes first. Themes with fewer than {min_n} quotes in the two periods together are left out. The "
        "intervals are not corrected for many comparisons: about one theme in 20 will look sure by chance."),
    "sat_no_change": ("Vælg et bølgefelt eller et datofelt for at se udviklingen.",
                      "Pick a wave or a date field to see the change."),
    "sat_no_scale": ("Ingen 1-5-tilfredshedsfelter valgt. Vælg et felt med vurderinger ovenfor, hvis projektet har et "
                     "(eller brug `focusgroup satisfaction PROJEKT --scale FELT`).",
                     "No 1-5 rating field chosen. Pick a field with ratings above if the project has one "
                     "(or use `focusgroup satisfaction PROJECT --scale FIELD`)."),
    "sat_scale_fields": ("Tilfredshedsskalaer (felter med vurderinger 1-5)", "Rating scales (fields with 1-5 ratings)"),
    "sat_scale_detected": ("Fundet automatisk ved import. Bekræft eller ret valget; det gemmes i projektet og bruges "
                           "også i rapporterne.",
                           "Found automatically on import. Confirm or correct the choice; it is saved in the project "
                           "and used in the reports too."),
    "sat_scale_confirmed": ("Valgt af dig og gemt i projektet; bruges også i rapporterne.",
                            "Chosen by you and saved in the project; used in the reports too."),
    "sat_mean": ("Gennemsnit", "Mean"),
    "sat_col_raise": ("Nævner temaet", "Raise the theme"),
    "sat_col_other": ("Øvrige", "Others"),
    "sat_col_diff_mean": ("Forskel (95 %-interval)", "Difference (95% interval)"),
    "sat_scale_caption": ("Én værdi pr. respondent; 95 %-t-interval; temaer: Welch-interval for forskellen.",
                          "One value per respondent; 95% t interval; themes: Welch interval of the difference."),
    "sat_no_replies": ("Ingen kommentarer er vurderet endnu: kør analysen.", "No comments assessed yet: run the analysis."),
    "sat_reason": ("Begrundelse", "Reason"),
    "sat_show_unticked": ("Vis fravalgte", "Show unticked"),
    "sat_replies_caption": (
        "{n} kommentarer kræver svar: spørgsmål til jobcentret, ønsker om kontakt eller en konkret uløst sag. "
        "Kun svar i spørgeskemaer er vurderet; udsagn i fokusgrupper og interviews er ikke (deltagerne taler dér "
        "til gruppen og intervieweren, ikke til jobcentret). "
        "Fjern fluebenet, hvis en kommentar ikke kræver svar; dit valg gemmes og holder ved ny analyse.",
        "{n} comments need a reply: questions to the organisation, contact requests or a concrete unresolved case. "
        "Only survey answers are assessed; focus-group and interview turns are not (participants there talk to "
        "the group and the interviewer, not to the organisation). "
        "Untick a comment that needs no reply; your choice is saved and kept when the analysis runs again."),
    "sat_needs_reply": ("Kræver svar", "Needs a reply"),
    "sat_unticked": ("fravalgt", "unticked"),
    "sat_saved": ("Gemt", "Saved"),
    "sat_study_title": ("Undersøgelsens navn (titel på rapporten)", "The study's name (the report's title)"),
    "sat_study_title_hint": ("fx Brugerundersøgelse 2020-2021, Jobcenter Vest", "e.g. User survey 2020-2021"),
    "sat_unknown_field": ("Projektet har intet baggrundsfelt »{field}«. Felter: {fields}",
                          "The project has no background field \"{field}\". Fields: {fields}"),
    "sat_scale_not_numeric": ("»{field}« indeholder ingen tal; et skalafelt indeholder vurderinger som 1-5 (eller 0-10)",
                              "\"{field}\" holds no numbers; a rating field holds ratings such as 1-5 (or 0-10)"),
    # `focusgroup satisfaction` on screen (columns are "|"-separated)
    "sat_cli_cells_title": (
        "Andel negative citater pr. tema og gruppe ({fields}), rangeret efter 95 %-intervallets nedre grænse (Wilson)",
        "Share of negative quotes by theme and group ({fields}), ranked by the lower bound of the 95% interval "
        "(Wilson)",
    ),
    "sat_cli_cells_cols": ("#|tema|gruppe|n|negative|95 %-interval|forskel (pp)|eksempel",
                           "#|theme|group|n|negative|95% interval|difference (pp)|example"),
    "sat_cli_cells_footer": (
        "{cells} celler med mindst {min_n} citater ({hidden} ikke vist); {omitted} celler under {min_n} citater "
        "udeladt. Forskel: cellens andel minus temaets andel i alle grupper.",
        "{cells} cells with at least {min_n} quotes ({hidden} not shown); {omitted} cells under {min_n} quotes "
        "left out. Difference: the cell's share minus the theme's share in all groups.",
    ),
    "sat_cli_wave": ("bølge", "wave"),
    "sat_cli_quarter": ("kvartal", "quarter"),
    "sat_cli_change_title": (
        "Ændring pr. {period} ({field}): andel af citaterne og andel negative, med 95 %-interval for forskellen "
        "(Newcombe)",
        "Change by {period} ({field}): share of the quotes and share negative, with the 95% interval of the "
        "difference (Newcombe)",
    ),
    "sat_cli_change_cols": ("tema|fra → til|andel af citater|ændring (pp)|negative|ændring (pp)|n",
                            "theme|from → to|share of quotes|change (pp)|negative|change (pp)|n"),
    "sat_cli_to": ("til", "to"),
    "sat_cli_change_omitted": (
        "Udeladt, under {min_n} citater i de to perioder tilsammen: {omitted} tema(er).",
        "Left out, under {min_n} quotes in the two periods together: {omitted} theme(s).",
    ),
    "sat_cli_scale_title": ("{name}: gennemsnit pr. gruppe (én værdi pr. respondent, 95 %-t-interval)",
                            "{name}: mean by group (one value per respondent, 95% t interval)"),
    "sat_cli_scale_cols": ("gruppe|respondenter|gennemsnit|95 %-interval", "group|respondents|mean|95% interval"),
    "sat_cli_scale_themes_title": (
        "{name} hos respondenter der nævner temaet mod øvrige (Welch 95 %-interval; temaer nævnt af mindst "
        "{min_n} respondenter)",
        "{name} among respondents who raise the theme against the others (Welch 95% interval; themes raised by "
        "at least {min_n} respondents)",
    ),
    "sat_cli_scale_themes_cols": ("tema|nævner (n)|gns.|øvrige (n)|gns.|forskel",
                                  "theme|raise it (n)|mean|others (n)|mean|difference"),
}
