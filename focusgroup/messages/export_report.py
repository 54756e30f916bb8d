"""Words of the Word report (``export.docx_report``, ``export.docx_summary``) and its charts
(``export.charts``): ``key -> (Danish, English)``; every key starts with ``exp_``.

Written for the reader of a report (a manager, a steering group): figures in words, the method in plain
language. Quotes, theme labels and the respondents' answers stay as they were said (Danish); where the
English text names such a value it glosses it ("“Andet” (other)"). What stays untranslated on purpose
(csv columns, REFI-QDA names, data) is listed in ``messages.export``.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "exp_doc_language": ("da-DK", "en-GB"),
    "exp_date_format": ("%d.%m.%Y", "%Y-%m-%d"),
    "exp_date_time_format": ("%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"),
    "exp_report_title": ("Temaanalyse: {project}", "Thematic analysis: {project}"),
    "exp_report_intro": ("Temaanalyse og tilfredshed. Udarbejdet {date} med focusgroup. {note}",
                         "Thematic analysis and satisfaction. Prepared {date} with focusgroup. {note}"),
    "exp_report_pseudonymised": ("Citaterne er pseudonymiserede.", "The quotes are pseudonymised."),
    "exp_report_real_names": ("Rapporten indeholder rigtige navne.", "The report contains real names."),
    "exp_h_method": ("Metode", "Method"),
    "exp_h_overview": ("Overblik", "Overview"),
    "exp_h_themes": ("Temaerne", "The themes"),
    "exp_themes_intro": ("Temaerne efter størrelse. Dækning er andelen af de analyserede udsagn og af teksten.",
                         "The themes by size. Coverage is the share of the analysed statements and of the text."),
    "exp_not_analysed": ("Projektet er endnu ikke analyseret: der er ingen temaer at rapportere.",
                         "The project has not been analysed yet: there are no themes to report."),
    # method
    "exp_m_transcripts_one": ("{n} transskription (fokusgrupper/interviews)", "{n} transcript (focus groups/interviews)"),
    "exp_m_transcripts_many": ("{n} transskriptioner (fokusgrupper/interviews)",
                               "{n} transcripts (focus groups/interviews)"),
    "exp_m_surveys_one": ("{n} spørgeskemaudtræk med fritekstsvar", "{n} survey export with free-text answers"),
    "exp_m_surveys_many": ("{n} spørgeskemaudtræk med fritekstsvar", "{n} survey exports with free-text answers"),
    "exp_m_and": (" og ", " and "),
    "exp_m_no_sources": ("ingen kilder", "no sources"),
    "exp_m_data": (
        "Data: {sources}; i alt {quotes} citater fra {speakers} deltagere, moderatorer og respondenter. "
        "{analysed} citater fra {participants} deltagere/respondenter indgik i analysen; moderatorens spørgsmål "
        "og tomme svar (fx »ved ikke«) blev holdt ude.",
        "Data: {sources}; {quotes} quotes in all from {speakers} participants, moderators and respondents. "
        "{analysed} quotes from {participants} participants/respondents went into the analysis; the moderator's "
        "questions and empty answers (e.g. “ved ikke”, don't know) were left out.",
    ),
    "exp_m_sentiment": (
        "Stemningen i hvert citat (positiv, neutral eller negativ) er vurderet automatisk{models}. Vurderingen er "
        "vejledende og bør læses sammen med citaterne.{asked}",
        "The sentiment of each quote (positive, neutral or negative) was assessed automatically{models}. The "
        "assessment is a guide and should be read together with the quotes.{asked}",
    ),
    "exp_m_asked": (
        " Spørgeskemasvar er læst i lyset af spørgsmålet: »Ingenting, tak for hjælpen« til »hvad kan gøres "
        "bedre?« tæller ikke som kritik, og svar der kun er forslag, tæller som neutrale.",
        " Survey answers were read in the light of their question: “Ingenting, tak for hjælpen” (nothing, thanks "
        "for the help) in answer to “what could be done better?” does not count as criticism, and answers that "
        "are only suggestions count as neutral.",
    ),
    "exp_m_pseudonymised": (
        "Navne, CPR-numre, telefonnumre, e-mails og adresser er erstattet af pladsholdere (fx »Deltager 3«, "
        "»[Person 1]«).",
        "Names, CPR numbers, phone numbers, e-mails and addresses have been replaced by placeholders (e.g. "
        "“Deltager 3” for participant 3, “[Person 1]”).",
    ),
    "exp_engine_e5": ("sprogmodellen multilingual-e5-small (motor: {engine})",
                      "the language model multilingual-e5-small (engine: {engine})"),
    "exp_engine_tfidf": ("ordvægte (TF-IDF) i stedet for en sprogmodel", "word weights (TF-IDF) instead of a language model"),
    "exp_engine_named": ("sprogmodellen {name}", "the language model {name}"),
    "exp_engine_unknown": ("en sprogmodel", "a language model"),
    "exp_m_no_run": ("Der er ikke kørt en temaanalyse endnu.", "No thematic analysis has been run yet."),
    "exp_m_codebook": (
        "Citaterne blev fordelt på koderne i kodebogen »{codebook}« efter, hvor meget de ligner kodens navn og "
        "beskrivelse; citater, der ikke passede til nogen kode, står under »{other}«.",
        "The quotes were sorted into the codes of the codebook “{codebook}” by how much they resemble a code's "
        "name and description; quotes that fitted no code are under “{other}” (other).",
    ),
    "exp_m_bertopic": (
        "Temaerne blev fundet automatisk med emnemodellering (BERTopic): hvert citat blev omsat til en "
        "betydningsvektor med {model}, lignende citater blev grupperet (mindste temastørrelse: {size}; seed {seed}, "
        "så samme data giver samme temaer), og hvert tema fik nøgleord ud fra de ord, der kendetegner dets citater.",
        "The themes were found automatically by topic modelling (BERTopic): each quote was turned into a meaning "
        "vector with {model}, similar quotes were grouped (smallest theme size: {size}; seed {seed}, so the same "
        "data gives the same themes), and each theme got keywords from the words that mark its quotes.",
    ),
    "exp_m_left_out_tone": (
        " Før grupperingen blev de retninger i vektorerne lagt til side, som bærer tone (ros eller klage) og "
        "længde, så citater om samme emne kan havne i samme tema, uanset om de roser eller klager.",
        " Before the grouping, the directions of the vectors that carry tone (praise or complaint) and length were "
        "set aside, so quotes on one subject can share a theme whether they praise or complain.",
    ),
    "exp_m_left_out_topic": (
        " Før grupperingen blev de retninger i vektorerne lagt til side, som bærer tone (ros eller klage), længde "
        "og det, der varierer inden for et emne (lært af {comments} danske kommentarer om {topics} kommunale emner, "
        "skrevet og emneinddelt til focusgroup), så temaerne samler citater om samme emne frem for citater i samme "
        "tone eller med samme ordvalg.",
        " Before the grouping, the directions of the vectors that carry tone (praise or complaint), length and what "
        "varies within a subject (learnt from {comments} Danish comments on {topics} municipal subjects, written "
        "and labelled for focusgroup) were set aside, so the themes gather quotes on one subject rather than quotes "
        "of one tone or wording.",
    ),
    "exp_m_size_auto": ("valgt ud fra datamængden", "chosen from the amount of data"),
    "exp_m_seed_words": (" Forskeren angav på forhånd temaer ud fra nøgleordene {words}.",
                         " The researcher set themes in advance from the keywords {words}."),
    "exp_m_edits": (
        " Forskeren har derefter gennemgået temaerne og foretaget {n} rettelser (navne, sammenlægninger, flytning "
        "af citater, notater).",
        " The researcher then reviewed the themes and made {n} edits (names, merges, moved quotes, memos).",
    ),
    # overview and the themes
    "exp_o_grouped": (", samlet i {n} overordnede temaer", ", grouped in {n} parent themes"),
    "exp_o_sentence": (
        "Analysen fandt {themes} temaer{grouped}. Det største, »{label}«, rummer {size} citater ({pct} af de "
        "analyserede udsagn).",
        "The analysis found {themes} themes{grouped}. The largest, “{label}”, holds {size} quotes ({pct} of the "
        "analysed statements).",
    ),
    "exp_o_unassigned": (" {n} citater ({pct}) passede ikke i noget tema.", " {n} quotes ({pct}) fitted no theme."),
    "exp_g_heading": ("Temaer fordelt på {field}", "Themes by {field}"),
    "exp_g_intro": ("Andel af hver gruppes citater, der handler om temaet ({field}).",
                    "Share of each group's quotes that are about the theme ({field})."),
    "exp_t_parent": ("Overordnet tema: ", "Parent theme: "),
    "exp_t_keywords": ("Nøgleord: ", "Keywords: "),
    "exp_t_spread": ("Udbredelse: ", "Prevalence: "),
    "exp_t_spread_text": (
        "{n} {quotes} ({prevalence} af de analyserede udsagn, {coverage} af teksten), fra {speakers} {people} i "
        "{sources} {sources_word}.",
        "{n} {quotes} ({prevalence} of the analysed statements, {coverage} of the text), from {speakers} {people} "
        "in {sources} {sources_word}.",
    ),
    "exp_t_label_hits": (
        " Etikettens ord står i {hits} af de {n} citater.",
        " The label's words occur in {hits} of the {n} quotes.",
    ),
    "exp_quote_one": ("citat", "quote"),
    "exp_quote_many": ("citater", "quotes"),
    "exp_person_one": ("person", "person"),
    "exp_person_many": ("personer", "people"),
    "exp_source_one": ("kilde", "source"),
    "exp_source_many": ("kilder", "sources"),
    "exp_t_sentiment": ("Stemning: ", "Sentiment: "),
    "exp_t_share_positiv": ("positive", "positive"),
    "exp_t_share_neutral": ("neutrale", "neutral"),
    "exp_t_share_negativ": ("negative", "negative"),
    "exp_t_by_group": ("Negative pr. gruppe: ", "Negative by group: "),
    "exp_t_by_group_note": (" (grupper med mindst {min_n} citater).", " (groups with at least {min_n} quotes)."),
    "exp_t_memo": ("Forskerens notat: ", "The researcher's memo: "),
    "exp_t_key_quotes": ("Udvalgte citater", "Selected quotes"),
    "exp_q_answer_to": (" (svar på »{column}«)", " (answer to “{column}”)"),
    "exp_q_key": (" (nøglecitat)", " (key quote)"),
    # the one-page summary and the satisfaction section (docx_summary)
    "exp_s_heading": ("Sammenfatning", "Summary"),
    "exp_s_empty": ("Projektet har endnu ingen resultater at sammenfatte.", "The project has no results to summarise yet."),
    "exp_s_lowest_h": ("Hvor er tilfredsheden lavest?", "Where is satisfaction lowest?"),
    "exp_s_lowest": ("Flest negative citater, rangeret efter hvor sikkert andelen er høj: {parts}.",
                     "Most negative quotes, ranked by how surely the share is high: {parts}."),
    "exp_s_lowest_part": (
        "»{theme}« i gruppen {field}: {group} ({share} negative citater, 95 %-interval {low}–{high}, {n})",
        "“{theme}” in the group {field}: {group} ({share} negative quotes, 95% interval {low}–{high}, {n})",
    ),
    "exp_s_who_h": ("For hvem?", "For whom?"),
    "exp_s_who": ("Mest kritiske grupper samlet set: {parts}.", "Most critical groups overall: {parts}."),
    "exp_s_who_part": ("{field}: {group} ({share} negative af {n} citater mod {total} i alt)",
                       "{field}: {group} ({share} negative of {n} quotes against {total} overall)"),
    "exp_s_scale_h": ("{scale} (1-5)", "{scale} (1-5)"),
    "exp_s_scale": (
        "Lavest i gruppen {low_field}: {low_group}, {low_mean} (95 %-interval {ci_low}–{ci_high}, {low_n} "
        "respondenter), højest i gruppen {high_field}: {high_group}, {high_mean}; i alt {mean} ({n} respondenter).",
        "Lowest in the group {low_field}: {low_group}, {low_mean} (95% interval {ci_low}–{ci_high}, {low_n} "
        "respondents), highest in the group {high_field}: {high_group}, {high_mean}; overall {mean} ({n} "
        "respondents).",
    ),
    "exp_s_biggest_h": ("De største temaer", "The largest themes"),
    "exp_s_biggest_part": ("»{label}« ({size} citater, {share} af udsagnene, {negative} negative)",
                           "“{label}” ({size} quotes, {share} of the statements, {negative} negative)"),
    "exp_s_change_h": ("Hvad har ændret sig? ({field})", "What has changed? ({field})"),
    "exp_s_change_whole": (
        "Fra {start} til {end} gik andelen af negative citater fra {share_start} til {share_end} ({change}, "
        "95 %-interval fra {low} til {high}). ",
        "From {start} to {end} the share of negative quotes went from {share_start} to {share_end} ({change}, "
        "95% interval from {low} to {high}). ",
    ),
    "exp_s_change_sure": ("Sikre ændringer i enkelte temaer: {parts}.", "Sure changes in single themes: {parts}."),
    "exp_s_change_sure_part": ("»{theme}« {start} → {end} ({n})", "“{theme}” {start} → {end} ({n})"),
    "exp_s_change_many": (
        " {k} temaer er sammenlignet, og intervallerne er ikke korrigeret for mange sammenligninger: ved 95 % "
        "vil omkring hver 20. sammenligning se sikker ud ved et tilfælde, så læs citaterne, før I konkluderer.",
        " {k} themes were compared and the intervals are not corrected for many comparisons: at 95% about one "
        "comparison in 20 looks sure by chance, so read the quotes before drawing conclusions.",
    ),
    "exp_s_change_none": ("Ingen enkelte temaer ændrede sig sikkert (alle 95 %-intervaller omfatter 0).",
                          "No single theme changed surely (every 95% interval includes 0)."),
    "exp_points": ("{x} procentpoint", "{x} percentage points"),
    "exp_s_replies_h": ("Kræver svar", "Needs a reply"),
    "exp_s_reason_count": ("{n} {reason}", "{reason}: {n}"),
    "exp_s_replies": (
        "{n} kommentarer i spørgeskemaet kræver svar fra organisationen ({reasons}); se regnearkets ark »{sheet}«. "
        "Kun spørgeskemasvar er vurderet, ikke udsagn i fokusgrupper og interviews.",
        "{n} comments in the survey need a reply from the organisation ({reasons}); see the spreadsheet's sheet "
        "“{sheet}”. Only survey answers are assessed, not statements in focus groups and interviews.",
    ),
    "exp_s_sat_h": ("Tilfredshed pr. tema og gruppe", "Satisfaction by theme and group"),
    "exp_s_sat_intro": (
        "Andel negative citater pr. tema og gruppe ({fields}), rangeret efter den nedre grænse af 95 %-intervallet, "
        "så små grupper ikke topper listen. Celler med under {min_n} citater er udeladt ({omitted}). »{all}« er "
        "hele gruppen.",
        "Share of negative quotes by theme and group ({fields}), ranked by the lower bound of the 95% interval, so "
        "small groups do not top the list. Cells with fewer than {min_n} quotes are left out ({omitted}). "
        "“{all}” is the whole group.",
    ),
    "exp_s_sat_cols": ("Tema|Gruppe|n|Negative|95 %-interval|Forskel", "Theme|Group|n|Negative|95% interval|Difference"),
    # charts
    "exp_c_prevalence_x": ("Andel af citaterne (%)", "Share of the quotes (%)"),
    "exp_c_prevalence_title": ("Temaernes udbredelse (antal citater ved søjlen)",
                               "Prevalence of the themes (number of quotes beside the bar)"),
    "exp_c_sentiment_x": ("Andel af temaets citater (%)", "Share of the theme's quotes (%)"),
    "exp_c_sentiment_title": ("Stemning pr. tema", "Sentiment by theme"),
    # a chart of the largest themes only says so (33 themes, 20 bars: the reader took them for all)
    "exp_c_largest": ("\nDe {shown} største af {total} temaer", "\nThe {shown} largest of {total} themes"),
    "exp_c_group_x": ("Andel negative citater (%), med 95 %-interval", "Share of negative quotes (%), with 95% interval"),
    "exp_c_group_title": ("Stemning pr. gruppe (alle temaer)", "Sentiment by group (all themes)"),
}
