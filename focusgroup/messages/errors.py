"""Messages of ``focusgroup.errors.UserError``: ``code -> (Danish, English)``.

Ingest problems keep their own table (``focusgroup.ingest.errors.PROBLEMS``) until it moves here; new
user errors are added below, grouped by the module that raises them.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "internal": ("der skete en uventet fejl ({detail})", "an unexpected error occurred ({detail})"),
    "file_exists": (
        "{path} findes allerede; brug --force for at overskrive",
        "{path} already exists; use --force to overwrite it",
    ),
    "out_is_input": (
        "{path} er også en inputfil og overskrives ikke",
        "{path} is also an input file and is not overwritten",
    ),
    "not_a_directory": ("{path} er ikke en mappe", "{path} is not a folder"),
    "no_such_directory": ("mappen {path} findes ikke", "the folder {path} does not exist"),
    # nlp.loader: a spaCy model the user named is not there; no trained model at all (a warning, not an error)
    "spacy_model_missing": (
        "spaCy-modellen {name} findes ikke (hverken som installeret pakke eller som mappe); intet hentes fra "
        "nettet: installér den, eller angiv en mappe",
        "the spaCy model {name} was not found (neither an installed package nor a folder); nothing is downloaded: "
        "install it or give a folder",
    ),
    "nlp_blank_pipeline": (
        "Ingen dansk model fundet (models/da_focusgroup_sm mangler): uden NER finder pseudonymiseringen kun navne "
        "via regler og navnelister, og temaetiketter mangler ordklasser. Kør `focusgroup doctor`.",
        "No Danish model found (models/da_focusgroup_sm is missing): without NER, pseudonymisation finds names by "
        "rules and name lists only, and theme labels lack word classes. Run `focusgroup doctor`.",
    ),
    # embed.quiet.quiet_build: a one-off model build (e5-NER for ONNX Runtime, e5-int8 ...) failed
    "model_build_failed": (
        "kunne ikke gøre {what} klar: {error}",
        "could not prepare {what}: {error}",
    ),
}
