"""Words of the exported documents: the xlsx workbook, the satisfaction sheets, and what every export
shares (number formats, sentiment, roles, reply reasons). The Word report's texts are in
``export_report``. ``key -> (Danish, English)``; every key starts with ``exp_``.

Column lists are one message with ``|`` between the headers (widths stay in the code); the number of
headers is checked when a sheet is written.

What stays as it is in both languages, on purpose:

- quotes.csv, themes.csv and the satisfaction csv files keep their English column names
  (``quote_id``, ``theme_label``, ``share_negative`` ...) and their coded values (sentiment ``negativ``,
  level ``tema``/``overtema``, ``(alle temaer)``, ``true``/``false``). They are the machine-read contract:
  researchers' R/pandas scripts, ``focusgroup.batch`` and the tests read them by name, and a header that
  changed with the reader's language would break a script the day a colleague ran it in English.
- The REFI-QDA project (.qdpx/.qdc) keeps its Danish code and variable names ("Nøglecitat",
  "Spørgsmål", "Rolle"): their GUIDs are derived from the names, and re-importing a project (ours or
  NVivo's round trip) recognises them by name; a translated name would be a new code.
- Data stays as the researcher and the respondents wrote it: quotes, theme labels, keywords, memos,
  background fields and their values, source names, and the pseudonyms ("Deltager 3", "[Person 1]").
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # progress of an export (CLI bar, app spinner)
    "exp_preparing": ("Forbereder eksport", "Preparing the export"),
    "exp_writing": ("Skriver {label}", "Writing {label}"),
    # numbers and words every document shares
    "exp_pct": ("{n} %", "{n}%"),
    "exp_quoted": ("»{text}«", "“{text}”"),
    "exp_yes": ("ja", "yes"),
    "exp_no": ("nej", "no"),
    "exp_yes_reason": ("ja: {reason}", "yes: {reason}"),
    "exp_by_researcher": ("forsker", "researcher"),
    "exp_by_model": ("model", "model"),
    # stored codes shown to a reader: the Danish text is the stored value itself (checked in tests)
    "exp_role_moderator": ("moderator", "moderator"),
    "exp_role_participant": ("deltager", "participant"),
    "exp_role_respondent": ("respondent", "respondent"),
    "exp_sentiment_positiv": ("positiv", "positive"),
    "exp_sentiment_neutral": ("neutral", "neutral"),
    "exp_sentiment_negativ": ("negativ", "negative"),
    "exp_reason_question": ("spørgsmål", "question"),
    "exp_reason_contact": ("beder om kontakt", "asks to be contacted"),
    "exp_reason_case": ("konkret sag/fejl", "concrete case/error"),
    "exp_all_themes": ("(alle temaer)", "(all themes)"),
    "exp_no_theme": ("(intet tema)", "(no theme)"),
    "exp_all_group": ("(alle)", "(all)"),
    "exp_quarter_field": ("Kvartal", "Quarter"),
    # the workbook (export.xlsx)
    "exp_sheet_overview": ("Oversigt", "Overview"),
    "exp_sheet_no_theme": ("Uden tema", "No theme"),
    "exp_sheet_groups": ("Grupper ({field})", "Groups ({field})"),
    "exp_sheet_codebook": ("Kodebog", "Codebook"),
    "exp_sheet_theme": ("Tema", "Theme"),
    "exp_sheet_history": ("History (tema)", "History (theme)"),
    "exp_note_name": ("Notat: {what}", "Note: {what}"),  # a REFI-QDA note's name (its GUID is not derived from it)
    # REFI-QDA free text (names whose GUID is derived from something else, and descriptions)
    "exp_refi_project_note": ("Projektnotat", "Project memo"),
    "exp_refi_case_row": ("{speaker}, række {row} ({source})", "{speaker}, row {row} ({source})"),
    "exp_refi_sentiment_code": ("Automatisk sentiment pr. citat (focusgroup)", "Automatic sentiment per quote (focusgroup)"),
    "exp_refi_key_code": ("Citater forskeren har markeret som nøglecitater", "Quotes the researcher marked as key quotes"),
    "exp_refi_question_code": ("Spørgeskemaets spørgsmål; hvert svar er kodet med sit spørgsmål",
                               "The questionnaire's questions; every answer is coded with its question"),
    "exp_refi_pseudonymised": ("pseudonymiseret", "pseudonymised"),
    "exp_refi_real_names": ("med rigtige navne", "with real names"),
    "exp_refi_codings": (", {codings} kodninger af {coders} kodere", ", {codings} codings by {coders} coders"),
    "exp_refi_description": (
        "Eksporteret fra focusgroup ({kind}): {sources} kilder, {quotes} citater, {themes} temaer{codings}.",
        "Exported from focusgroup ({kind}): {sources} sources, {quotes} quotes, {themes} themes{codings}.",
    ),
    "exp_overview_title": ("Temaer – {project}", "Themes – {project}"),
    "exp_overview_line": (
        "{sources} kilder, {speakers} deltagere/respondenter, {quotes} analyserede citater, {themes} temaer, "
        "{unassigned} citater uden tema. {names}",
        "{sources} sources, {speakers} participants/respondents, {quotes} quotes analysed, {themes} themes, "
        "{unassigned} quotes without a theme. {names}",
    ),
    "exp_pseudonymised": ("Pseudonymiseret.", "Pseudonymised."),
    "exp_real_names": ("Med rigtige navne.", "With real names."),
    # a renumbered respondent beside the survey's own id column (issue 15: ids are never pseudonymised)
    "exp_kept_ids": (
        " Respondenterne har nye løbenumre (»Respondent 1« …), men kolonnen {fields} er spørgeskemaets eget respondent-id og "
        "står uændret: id-, dato- og skalakolonner pseudonymiseres ikke, så svarene kan kobles til andre data. Den, "
        "der har rådata, kan derfor se, hvem der svarede.",
        " Respondents have new numbers (“Respondent 1” …), but the column {fields} is the survey's own respondent id and is "
        "unchanged: id, date and scale columns are not pseudonymised, so the answers can be joined to other data. "
        "Whoever holds the raw data can therefore see who answered.",
    ),
    # the same for a csv/qdpx file, said by the CLI after writing it and by the app's download (a csv holds no prose)
    "exp_kept_ids_file": (
        "Bemærk: kolonnen {fields} i {file} er spørgeskemaets eget respondent-id og står uændret, så filen er "
        "pseudonymiseret, ikke anonym: den, der har rådata, kan se, hvem der svarede. Udelad kolonnen, hvis "
        "modtageren ikke må kunne koble svarene til andre data.",
        "Note: the column {fields} in {file} is the survey's own respondent id and is unchanged, so the file is "
        "pseudonymised, not anonymous: whoever holds the raw data can see who answered. Leave the column out if "
        "the reader must not be able to join the answers to other data.",
    ),
    "exp_overview_cols": (
        "Tema|Overordnet tema|Citater|Citater med etikettens ord|Andel af citater|Dækning (tekst)|Deltagere|Kilder",
        "Theme|Parent theme|Quotes|Quotes with the label's words|Share of quotes|Coverage (text)|Participants|Sources"),
    "exp_sentiment_col": ("{label} %", "{label} %"),
    "exp_overview_cols_end": ("Gns. sentiment|Nøgleord|Beskrivelse", "Mean sentiment|Keywords|Description"),
    "exp_quote_cols": (
        "Citat|Taler|Rolle|Kilde|Tidspunkt|Sentiment|Sentiment-score|Nøglecitat|Notat|Sikkerhed|Kodet af|Citat-id|"
        "Spørgsmål|Kræver svar",
        "Quote|Speaker|Role|Source|Time|Sentiment|Sentiment score|Key quote|Memo|Confidence|Coded by|Quote id|"
        "Question|Needs a reply",
    ),
    "exp_groups_title": ("Temaer fordelt på {field} (andel af gruppens citater)",
                         "Themes by {field} (share of the group's quotes)"),
    "exp_theme_col": ("Tema", "Theme"),
    "exp_codebook_title": ("Kodebog", "Codebook"),
    "exp_parent_holds": ("Samler temaerne: {children}", "Groups the themes: {children}"),
    "exp_codebook_cols": ("Tema|Overordnet tema|Beskrivelse|Nøgleord|Notat|Citater|Citater med etikettens ord",
                          "Theme|Parent theme|Description|Keywords|Memo|Quotes|Quotes with the label's words"),
    # the satisfaction sheets (export.satisfaction: workbook and `focusgroup satisfaction --out X.xlsx`)
    "exp_sheet_satisfaction": ("Tilfredshed", "Satisfaction"),
    "exp_sheet_change": ("Udvikling", "Change"),
    "exp_sheet_scale": ("Skala", "Scale"),
    "exp_sheet_replies": ("Kræver svar", "Needs a reply"),
    # a group's size beside a figure, one form everywhere (messages.n_eq): spaces around "=" as Danish
    # typography sets them, no-break so "n =" never ends a line in a table cell or a chart label
    "exp_n": ("n\u00a0=\u00a0{n}", "n\u00a0=\u00a0{n}"),
    "exp_wave": ("bølge", "wave"),
    "exp_quarter": ("kvartal", "quarter"),
    "exp_quarter_is_wave": ("Kvartalerne fra »{field}« deler svarene præcis som bølgerne ({pairs}), så ændringen "
                            "pr. kvartal er den samme som pr. bølge og står ikke her to gange.",
                            "The quarters from “{field}” split the answers exactly as the waves do ({pairs}), so the "
                            "change by quarter is the change by wave and is not repeated here."),
    "exp_cells_title": ("Hvor er tilfredsheden lavest, og for hvem?", "Where is satisfaction lowest, and for whom?"),
    "exp_cells_note": (
        "Tema x gruppe ({fields}) efter andel negative citater, rangeret efter den nedre grænse af 95 %-intervallet "
        "(Wilson). Celler med under {min_n} citater er udeladt: {omitted}. Rækker med tema »{all}« er hele gruppen.",
        "Theme x group ({fields}) by share of negative quotes, ranked by the lower bound of the 95% interval "
        "(Wilson). Cells with fewer than {min_n} quotes are left out: {omitted}. Rows with the theme “{all}” are "
        "the whole group.",
    ),
    "exp_cell_cols": (
        "Rang|Tema|Felt|Gruppe|Citater (n)|Negative|Andel negative|95 %-interval fra|95 %-interval til|"
        "Temaets andel negative|Forskel|Eksempel|Citat-id",
        "Rank|Theme|Field|Group|Quotes (n)|Negative|Share negative|95% interval from|95% interval to|"
        "Theme's share negative|Difference|Example|Quote id",
    ),
    "exp_change_title": ("Ændring pr. {period} ({field}) med 95 %-interval for forskellen",
                         "Change by {period} ({field}) with the 95% interval of the difference"),
    # each interval names the change it belongs to: two "95 % fra" told apart by a trailing space read the same to
    # a person, and a script (pandas) got a column "95 % fra " it had to type with the space
    "exp_change_cols": (
        "Tema|Fra|Til|Andel af citater før|Andel efter|Ændring|Ændring 95 % fra|Ændring 95 % til|Negative før|"
        "Negative efter|Ændring negative|Ændring negative 95 % fra|Ændring negative 95 % til|Citater før|Citater efter",
        "Theme|From|To|Share of quotes before|Share after|Change|Change 95% from|Change 95% to|Negative before|"
        "Negative after|Change in negative|Change in negative 95% from|Change in negative 95% to|Quotes before|Quotes after",
    ),
    "exp_scale_title": ("{scale}: gennemsnit pr. gruppe (én værdi pr. respondent, 95 %-t-interval)",
                        "{scale}: mean by group (one value per respondent, 95% t interval)"),
    "exp_scale_cols": ("Felt|Gruppe|Respondenter|Gennemsnit|95 % fra|95 % til",
                       "Field|Group|Respondents|Mean|95% from|95% to"),
    "exp_scale_themes_title": (
        "{scale}: respondenter der nævner temaet mod dem der ikke gør (temaer nævnt af mindst {min_n})",
        "{scale}: respondents who raise the theme against those who do not (themes raised by at least {min_n})",
    ),
    "exp_scale_themes_cols": ("Tema|Nævner (n)|Gns.|Øvrige (n)|Gns. øvrige|Forskel|95 % fra|95 % til",
                              "Theme|Raise it (n)|Mean|Others (n)|Mean of others|Difference|95% from|95% to"),
    "exp_replies_title": (
        "Kræver svar ({n} kommentarer i spørgeskemaet; fokusgrupper og interviews er ikke vurderet)",
        "Needs a reply ({n} comments in the survey; focus groups and interviews are not assessed)",
    ),
    "exp_reply_cols": ("Citat|Begrundelse|Spørgsmål|Taler|Kilde|Tema|Sentiment|Sikkerhed|Sat af|Citat-id",
                       "Quote|Reason|Question|Speaker|Source|Theme|Sentiment|Confidence|Set by|Quote id"),
}
