"""Lines the command line prints on stdout/stderr (summaries, confirmations, usage slips): ``key -> (Danish, English)``.

Issue 17: the CLI said "Imported 3 source(s) ..." and "Wrote out/studie.xlsx" in English in a Danish
flow. Every such line is now a key here, Danish by default and English with ``FOCUSGROUP_LANG=en``,
the same switch the error messages use. ``--help`` texts stay English (Typer's own words are English).
Fields are filled in verbatim; the CLI prints these lines without rich markup, so a file or label with
``[brackets]`` is shown as it is.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # doctor
    "doctor_embed_default": (
        "Standard: {engine} (vælg med --embedder)",
        "Default: {engine} (choose with --embedder)",
    ),
    "doctor_themes_title": ("Temaernes vektorer", "Theme vectors"),
    "doctor_themes_tone": (
        "fjerner de {n} retninger, sentimentmodellen læser ros og klage fra",
        "removes the {n} directions the sentiment model reads praise and complaint from",
    ),
    "doctor_themes_topic": (
        "fjerner {n} retninger, der varierer inden for et emne; lært af {comments} egne kommentarer om {topics} emner",
        "removes {n} directions that vary within a topic; learnt from {comments} own comments on {topics} topics",
    ),
    "doctor_themes_other": (
        "bruges ikke med {engine}: kun e5-small-vektorer ({family})",
        "not used with {engine}: e5-small vectors only ({family})",
    ),
    "doctor_themes_missing": ("mangler: {path}", "missing: {path}"),
    # import / info / speakers / delete
    "cli_imported": (
        "Importerede {n} kilde(r) i {project}: {sources} kilder, {speakers} talere, {quotes} citater i projektet.",
        "Imported {n} source(s) into {project}: {sources} sources, {speakers} speakers, {quotes} quotes in the project.",
    ),
    "cli_scale_found": (
        "Vurderingsskala fundet: {name} ({low}-{high}); `focusgroup satisfaction {project} --scale \"{name}\"` "
        "eller appens side Tilfredshed bekræfter den (gennemsnit pr. gruppe og tema).",
        "Rating scale found: {name} ({low}-{high}); `focusgroup satisfaction {project} --scale \"{name}\"` "
        "or the app's Satisfaction page confirms it (means per group and theme).",
    ),
    "cli_info_summary": (
        "{sources} kilder, {speakers} talere ({participants} deltagere/respondenter med et informativt citat), "
        "{quotes} citater ({informative} informative, {analysed} {analysed_word}), {runs} analysekørsel(er), "
        "{themes} temaer i seneste kørsel{parents_part}{unthemed_part}, {embeddings} gemte embeddings.",
        "{sources} sources, {speakers} speakers ({participants} participants/respondents with an informative quote), "
        "{quotes} quotes ({informative} informative, {analysed} {analysed_word}), {runs} analysis run(s), "
        "{themes} themes in the latest run{parents_part}{unthemed_part}, {embeddings} cached embeddings.",
    ),
    "cli_info_analysed": ("analyseret", "analysed"),
    "cli_info_to_analyse": ("til analyse", "to analyse"),
    "cli_info_parents": (" (samlet under {parents} overtemaer)", " (grouped under {parents} parent themes)"),
    "cli_info_unthemed": (", {unthemed} analyserede citater uden tema", ", {unthemed} analysed quotes without a theme"),
    "cli_col_source": ("kilde", "source"),
    "cli_col_kind": ("type", "kind"),
    "cli_col_format": ("format", "format"),
    "cli_col_speakers": ("talere", "speakers"),
    "cli_col_quotes": ("citater", "quotes"),
    "cli_col_informative": ("informative", "informative"),
    "cli_col_speaker": ("taler", "speaker"),
    "cli_col_role": ("rolle", "role"),
    "cli_roles_expect": ("--role skal være NAVN=ROLLE, fik {value}", "--role expects NAME=ROLE, got {value}"),
    "cli_unknown_roles": ("ukendt(e) rolle(r) {roles}; vælg blandt {choices}",
                          "unknown role(s) {roles}; choose from {choices}"),
    "cli_delete_confirm": ("Slet {project} og alle dets data?", "Delete {project} and all its data?"),
    "cli_deleted": ("Slettede {project}.", "Deleted {project}."),
    # analyze
    "cli_codebook_missing": ("{path}: kodebogen findes ikke", "{path}: codebook not found"),
    "cli_one_project": ("angiv højst én projektfil", "give at most one project file"),
    "cli_nothing_imported": ("ingen fil kunne importeres", "no file could be imported"),
    "cli_analyze_summary": (
        "{sources} kilder, {quotes} citater, {themes} temaer. Skrev {written} og {project}.",
        "{sources} sources, {quotes} quotes, {themes} themes. Wrote {written} and {project}.",
    ),
    "analysis_reused": (
        "Uændret siden sidste analyse: temaer og stemning fra kørsel {run} genbruges",
        "Unchanged since the last analysis: the themes and sentiment of run {run} are kept",
    ),
    "cli_analysis_reused": (
        "Intet er ændret siden sidste analyse (filer, indstillinger, modeller): kørsel {run} og dine "
        "redigeringer genbruges uden ny beregning. Brug --refit for at beregne temaerne igen.",
        "Nothing changed since the last analysis (files, settings, models): run {run} and your edits are "
        "kept without computing again. Use --refit to compute the themes again.",
    ),
    # export
    "cli_unknown_format": ("ukendt format {fmt}; vælg blandt {choices}", "unknown format {fmt}; choose from {choices}"),
    "cli_bad_extension": ("{path}: en {name}-eksport skal ende på {ext}", "{path}: a {name} export should end in {ext}"),
    "cli_export_wrote": ("Skrev {path} ({label}, {names}).", "Wrote {path} ({label}, {names})."),
    "cli_real_names": ("rigtige navne", "real names"),
    "cli_pseudonymised": ("pseudonymiseret", "pseudonymised"),
    # batch
    "cli_workers_negative": ("--workers skal være 0 eller mere", "--workers must be 0 or more"),
    "cli_batch_interrupted": ("afbrudt; kør samme kommando igen for at fortsætte fra {out}",
                              "interrupted; re-run the same command to resume from {out}"),
    "cli_batch_summary": (
        "{rows} rækker, {quotes} citater ({informative} informative), temaer fundet på {sample}: {themes} temaer; "
        "{workers}, {seconds} s{resumed_part}. Skrev {written}.",
        "{rows} rows, {quotes} quotes ({informative} informative), themes fitted on {sample}: {themes} themes; "
        "{workers}, {seconds} s{resumed_part}. Wrote {written}.",
    ),
    "cli_batch_workers": ("{n} Dask-worker(e)", "{n} Dask worker(s)"),
    "cli_batch_in_process": ("i én proces uden Dask", "in one process, without Dask"),
    "cli_batch_resumed": (", {n} chunk-trin genoptaget", ", {n} chunk step(s) resumed"),
    "cli_batch_stages": ("trin (s): {stages}", "stages (s): {stages}"),
    "cli_batch_kept": (
        "beholdt fra det projekt, der blev bygget om: {what} (temaændringerne er afspillet som ved analyze)",
        "kept from the project that was rebuilt: {what} (the theme edits replayed as analyze replays them)",
    ),
    "batch_work_dropped": (
        "arbejde på svar, der ikke længere er i filen, er ikke ført over (--drop-lost-edits): {what}",
        "work on answers no longer in the file was not carried over (--drop-lost-edits): {what}",
    ),
    "batch_work_n_edits": ("{n} temaændring(er)", "{n} theme edit(s)"),
    "batch_work_n_codings": ("{n} kodning(er)", "{n} coding(s)"),
    "batch_work_n_key_quotes": ("{n} nøglecitat(er)", "{n} key quote(s)"),
    "batch_work_n_memos": ("{n} memo(er)", "{n} memo(s)"),
    "batch_work_n_replies": ("{n} svar-markering(er)", "{n} reply flag(s)"),
    "batch_work_n_sources": ("{n} kilde(r) importeret i projektet", "{n} source(s) imported into the project"),
    "cli_batch_ner_thread_failed": (
        "navnegenkendelsen ved siden af embeddingen stoppede ({detail}); sammenfletningen fandt navnene i stedet "
        "(filerne er pseudonymiseret som altid), men tog derfor længere tid",
        "the name tagger beside the embedding stopped ({detail}); the merge found the names instead (the files "
        "are pseudonymised as always), and took longer for it",
    ),
    # sentiment
    "cli_out_csv_xlsx": ("{name}: --out skal ende på .csv eller .xlsx", "{name}: --out must end in .csv or .xlsx"),
    "cli_sentiment_summary": (
        "{n} svar scoret ({summary}; {skipped} tomme/uinformative) -> {out}",
        "{n} answers scored ({summary}; {skipped} empty/uninformative) -> {out}",
    ),
    # themes / theme ... / quotes / search
    "cli_no_analysis": ("ingen analyse endnu: kør `focusgroup analyze` først",
                        "no analysis yet: run `focusgroup analyze` first"),
    "cli_themes_summary": (
        "{themes} temaer, {parents} overtemaer; {unthemed} citater uden tema. "
        "Citat-id'er pr. tema: `focusgroup quotes PROJEKT --theme ID`.",
        "{themes} themes, {parents} parent themes; {unthemed} quotes without a theme. "
        "Quote ids per theme: `focusgroup quotes PROJECT --theme ID`.",
    ),
    # the label in the reader's quotation marks, the ids as a list in words (not Python's repr: "'X'", "[2, 7]")
    "cli_theme_renamed": ("Tema {id} hedder nu »{label}«.", "Theme {id} is now called “{label}”."),
    "cli_themes_merged": ("Temaerne {ids} er lagt sammen.", "Themes {ids} merged."),
    "cli_theme_split": ("Tema {id} er delt i {parts}.", "Theme {id} split into {parts}."),
    "cli_move_to_or_none": ("angiv enten --to TEMA_ID eller --none", "give either --to THEME_ID or --none"),
    "cli_moved_to_theme": ("{n} citat(er) flyttet til tema {theme}.", "{n} quote(s) moved to theme {theme}."),
    "cli_moved_to_none": ("{n} citat(er) flyttet til intet tema.", "{n} quote(s) moved to no theme."),
    "cli_memo_saved": ("Memo gemt på tema {id}.", "Memo saved on theme {id}."),
    "cli_key_on": ("Citat {id} er nøglecitat.", "Quote {id} is a key quote."),
    "cli_key_off": ("Citat {id} er ikke længere nøglecitat.", "Quote {id} is no longer a key quote."),
    "cli_assigned": ("{n} nye citater: {themed} fik et tema, {unthemed} intet tema.",
                     "{n} new quotes: {themed} got a theme, {unthemed} no theme."),
    "cli_search_none": ("Ingen citater indeholder {query}.", "No quotes contain {query}."),
    "cli_search_title": ("{n} citater med {query}", "{n} quotes with {query}"),
    "cli_search_more": ("… og {n} mere (--limit, --out).", "… and {n} more (--limit, --out)."),
    "cli_search_coded": ("{n} citat(er) kodet til tema {theme}.", "{n} quote(s) coded to theme {theme}."),
    "cli_search_coded_partly": ("{n} citat(er) kodet til tema {theme}; {rest} er ikke med i analysen.",
                                "{n} quote(s) coded to theme {theme}; {rest} are not in the analysis."),
    "cli_search_wrote": ("Skrev {n} citater til {path} ({names}).", "Wrote {n} quotes to {path} ({names})."),
    "cli_quotes_count": ("{n} citater.", "{n} quotes."),
    "cli_quotes_count_limited": ("{n} citater (viser {limit}; --limit).", "{n} quotes (showing {limit}; --limit)."),
    "cli_review_choice": ("angiv én af --accept, --reject eller --other KODE",
                          "give one of --accept, --reject or --other CODE"),
    # pseudonymize
    "cli_label_expects": ("--label skal være ROLLE=BETEGNELSE med ROLLE blandt {roles}; fik {got}",
                          "--label expects ROLE=LABEL with ROLE in {roles}; got {got}"),
    "cli_pseudo_changed": ("{changed} af {quotes} citater ændret; {entities} forskellige pseudonymer.",
                           "{changed} of {quotes} quotes changed; {entities} distinct pseudonyms."),
    "cli_pseudo_key": ("Nøglen er gemt i {path} – opbevar den adskilt fra projekt og eksporter; "
                       "den ophæver pseudonymiseringen.",
                       "The key is saved in {path} – keep it apart from the project and exports; "
                       "it reverses the pseudonymisation."),
    # satisfaction
    "cli_not_analysed": ("{project}: ikke analyseret endnu; kør `focusgroup analyze {project}` først",
                         "{project}: not analysed yet; run `focusgroup analyze {project}` first"),
    "cli_no_background_field": ("{project}: intet baggrundsfelt {name}; felter: {fields}",
                                "{project}: no background field {name}; fields: {fields}"),
    "cli_wrote": ("Skrev {written}{suffix}", "Wrote {written}{suffix}"),
    # limits
    "cli_col_limit": ("grænse", "limit"),
    "cli_col_value": ("værdi", "value"),
    "cli_col_variable": ("variabel", "variable"),
    "cli_col_meaning": ("betydning", "meaning"),
    # app
    "cli_app_no_project": ("{project}: intet sådant projekt (opret et med `focusgroup import` eller i appen)",
                           "{project}: no such project (create one with `focusgroup import` or in the app)"),
    "cli_app_missing": ("{path} findes ikke: appen følger med kildekoden",
                        "{path} not found: the app ships with the source checkout"),
    "cli_app_on": ("focusgroup-appen kører på http://{host}:{port}{project_part}",
                   "focusgroup app on http://{host}:{port}{project_part}"),
    "cli_app_with": (" med {project}", " with {project}"),
    # one-time model builds in the user cache
    "ner_onnx_building": ("Gør navnegenkendelsen (e5-NER) klar til ONNX Runtime; det sker én gang og tager omkring et minut …",
                          "Preparing the name recogniser (e5 NER) for ONNX Runtime; this happens once and takes about a minute …"),
}
