"""Messages of coding, suggestions and agreement (CLI, app and errors): ``key -> (Danish, English)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # errors
    "coding_need_two_coders": (
        "der skal være mindst to kodere for at måle enighed (kodere i projektet: {coders})",
        "agreement needs at least two coders (coders in the project: {coders})",
    ),
    "coding_unknown_coder": (
        "koderen {coder!r} har ikke kodet noget i projektet (kodere: {coders})",
        "coder {coder!r} has not coded anything in the project (coders: {coders})",
    ),
    "coding_same_coder": ("vælg to forskellige kodere (begge er {coder!r})", "choose two different coders (both are {coder!r})"),
    "coding_no_shared_quotes": (
        "{a} og {b} har ikke kodet nogen af de samme citater, så enighed kan ikke måles",
        "{a} and {b} have not coded any of the same quotes, so agreement cannot be measured",
    ),
    "coding_reserved_coder": (
        "navnet {coder!r} er forbeholdt værktøjets forslag; brug dit eget navn med --coder",
        "the name {coder!r} is reserved for the tool's suggestions; give your own name with --coder",
    ),
    "coding_empty_code": ("koden skal have et navn", "the code needs a name"),
    "coding_unknown_quotes": ("ingen citater med id {ids} i projektet", "no quotes with id {ids} in the project"),
    "coding_unknown_suggestion": ("intet forslag med id {id}", "no suggestion with id {id}"),
    "coding_too_few_examples": (
        "for få eksempler: kod mindst {need} citater med mindst {codes} forskellige koder (nu {have} citater, "
        "{n_codes} koder)",
        "too few examples: code at least {need} quotes with at least {codes} different codes (now {have} quotes, "
        "{n_codes} codes)",
    ),
    "coding_import_format": (
        "{path}: kan ikke importere kodninger fra denne filtype (brug .qdpx eller .csv)",
        "{path}: cannot import codings from this kind of file (use .qdpx or .csv)",
    ),
    "coding_import_bad": ("{path}: {detail}", "{path}: {detail}"),
    "coding_csv_columns": (
        "{path}: CSV-filen skal have kolonnerne quote_id og kode (code), fandt {columns}",
        "{path}: the CSV file needs the columns quote_id and code, found {columns}",
    ),
    # CLI output
    "coding_coded": ("{n} citat(er) kodet med {code!r} af {coder}.", "{n} quote(s) coded {code!r} by {coder}."),
    "coding_uncoded": ("{n} kodning(er) fjernet.", "{n} coding(s) removed."),
    "coding_overall": ("I alt", "Overall"),
    "coding_agreement_title": ("Enighed mellem {a} og {b}", "Agreement between {a} and {b}"),
    "coding_agreement_summary": (
        "{n} citater kodet af begge; {only_a} kun af {a}, {only_b} kun af {b}.",
        "{n} quotes coded by both; {only_a} only by {a}, {only_b} only by {b}.",
    ),
    "coding_disagreements": ("Uenige citater", "Disagreeing quotes"),
    "coding_col_code": ("kode", "code"),
    "coding_col_n": ("citater", "quotes"),
    "coding_col_percent": ("enighed %", "agreement %"),
    "coding_col_kappa": ("Cohens κ", "Cohen's κ"),
    "coding_col_alpha": ("Krippendorffs α", "Krippendorff's α"),
    "coding_col_quote": ("citat", "quote"),
    "coding_col_confidence": ("sikkerhed", "confidence"),
    "coding_col_suggestion": ("forslag", "suggestion"),
    "coding_col_coder": ("koder", "coder"),
    "coding_col_text": ("tekst", "text"),
    "coding_none": ("(ingen)", "(none)"),
    "coding_suggested": (
        "{n} forslag til {quotes} ukodede citater ud fra {examples} eksempler ({method}).",
        "{n} suggestions for {quotes} uncoded quotes from {examples} examples ({method}).",
    ),
    "coding_reviewed_accept": ("Forslag {id} accepteret: citat {quote} → {code}.", "Suggestion {id} accepted: quote {quote} → {code}."),
    "coding_reviewed_reject": ("Forslag {id} afvist.", "Suggestion {id} rejected."),
    "coding_reviewed_other": ("Forslag {id} afvist; citat {quote} kodet {code}.", "Suggestion {id} rejected; quote {quote} coded {code}."),
    "coding_codes_title": ("Koder", "Codes"),
    "coding_imported": (
        "{codings} kodninger af {coders} kodere importeret ({codes} koder, {matched} markeringer fundet i projektets "
        "citater, {unmatched} ikke fundet).",
        "{codings} codings by {coders} coders imported ({codes} codes, {matched} selections found in the project's "
        "quotes, {unmatched} not found).",
    ),
    "coding_import_skipped": ("Sprunget over: {detail}", "Skipped: {detail}"),
    "coding_import_missing": ("filen findes ikke", "file not found"),
    "coding_import_analysis": (
        "{name}: {n} kodninger fra focusgroups egen analyse (temaer, sentiment, spørgsmål, nøglecitater) "
        "importeres ikke; kun forskernes kodninger",
        "{name}: {n} codings from focusgroup's own analysis (themes, sentiment, questions, key quotes) are not "
        "imported; only the researchers' codings",
    ),
    "coding_skip_csv_row": ("{name} linje {line}: citat {quote!r} / kode {code!r}",
                            "{name} line {line}: quote {quote!r} / code {code!r}"),
    "coding_skip_uncovered": ("{name} {start}-{end}: ingen citater dækket ({text!r})",
                              "{name} {start}-{end}: no quotes covered ({text!r})"),
    "coding_skip_unknown_code": ("kodning med ukendt kode {guid}", "coding with unknown code {guid}"),
    "coding_skip_element": ("<{element}> læses ikke", "<{element}> is not read"),
    "coding_skip_source": ("<{kind}> {name!r}: kun tekstkilder importeres", "<{kind}> {name!r}: only text sources are imported"),
}

# The app's coding page (focusgroup.ui.views.coding)
MESSAGES.update({
    "page_coding": ("Kodning", "Coding"),
    "coding_help": (
        "Kod citater med kodebogen, lad værktøjet foreslå koder ud fra dine eksempler, og mål enigheden mellem "
        "kodere.",
        "Code quotes with the codebook, let the tool suggest codes from your examples, and measure agreement "
        "between coders.",
    ),
    "coding_coder": ("Dit navn som koder", "Your name as coder"),
    "coding_tab_code": ("Kod citater", "Code quotes"),
    "coding_tab_review": ("Forslag", "Suggestions"),
    "coding_tab_agree": ("Enighed", "Agreement"),
    "coding_quotes": ("Citater", "Quotes"),
    "coding_quotes_placeholder": ("Skriv for at søge i citaterne", "Type to search the quotes"),
    "coding_existing_code": ("Kode fra kodebogen", "Code from the codebook"),
    "coding_new_code": ("… eller en ny kode", "… or a new code"),
    "coding_pick_code": ("Vælg en kode", "Choose a code"),
    "coding_apply": ("Kod de valgte citater", "Code the chosen quotes"),
    "coding_my_codings": ("Dine kodninger ({coder})", "Your codings ({coder})"),
    "coding_suggest": ("Foreslå koder", "Suggest codes"),
    "coding_suggesting": ("Finder forslag …", "Finding suggestions …"),
    "coding_queue_empty": (
        "Ingen forslag at gennemgå. Kod mindst to citater med hver sin kode, og tryk på »Foreslå koder«.",
        "No suggestions to review. Code at least two quotes with two different codes and press “Suggest codes”.",
    ),
    "coding_queue_left": (
        "{n} forslag tilbage · tast A for at acceptere, R for at afvise",
        "{n} suggestions left · press A to accept, R to reject",
    ),
    "coding_accept": ("Acceptér (A)", "Accept (A)"),
    "coding_reject": ("Afvis (R)", "Reject (R)"),
    "coding_other_code": ("Anden kode", "Other code"),
    "coding_use_other": ("Brug anden kode", "Use other code"),
    "coding_import_title": ("Importér kodninger (.qdpx eller .csv)", "Import codings (.qdpx or .csv)"),
    "coding_import_help": (
        "Et kodet projekt fra NVivo, ATLAS.ti, MAXQDA eller QualCoder (.qdpx), eller en CSV-fil med kolonnerne "
        "citat_id og kode (og evt. koder). Kodninger uden koder får dit navn.",
        "A coded project from NVivo, ATLAS.ti, MAXQDA or QualCoder (.qdpx), or a CSV file with the columns "
        "quote_id and code (and optionally coder). Codings that name no coder get your name.",
    ),
    "coding_import_upload": ("Vælg en fil", "Choose a file"),
    "coding_import_importing": ("Importerer kodninger …", "Importing codings …"),
    "coding_import_new_sources": ("Nye kilder fra filen: {names}", "New sources from the file: {names}"),
    "coding_coder_a": ("Koder A", "Coder A"),
    "coding_coder_b": ("Koder B", "Coder B"),
})
