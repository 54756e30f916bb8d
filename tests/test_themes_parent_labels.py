"""Parent labels that cover their children (issue 18, session 13): a parent takes only a phrase written in
a fair share of the quotes of two or more of its children, so a child keeps the phrase that names it;
a parent without one is named after its two largest children."""

from __future__ import annotations

from test_labels import CASEWORKER, LETTERS, PHONE, assert_label_form

from focusgroup.records import Theme
from focusgroup.themes.labels import build_labels
from focusgroup.themes.parent_labels import finish_parents, label_parents, spread_keys

# One child where every quote says "søge job", and a sibling about something else: on the sample study
# the parent took "Søge job" and the child was left with "Timer".
JOBSEARCH = [
    "Jeg skal søge job hver uge, ti ansøgninger.",
    "Vi sad og søgte job på computerne i jobklubben.",
    "Det eneste i min jobplan er at søge job.",
    "Man lærer at søge job, men der er ingen job.",
    "Jeg har brugt tre måneder på at søge job.",
]
CURRENT = [
    "Min nuværende sagsbehandler er rigtig sød.",
    "Min sagsbehandler lytter til mig.",
    "Sagsbehandleren tog sig tid til at høre min historie.",
    "Jeg er glad for min sagsbehandler.",
]


def test_a_phrase_of_one_child_stays_with_the_child_and_the_parent_is_named_after_its_children():
    kids = [JOBSEARCH, LETTERS]
    assert "søge job" not in spread_keys(kids)
    parents = [Theme(label=""), Theme(label="")]
    label_parents(parents, [kids, [PHONE, CASEWORKER]], taken=[])
    assert parents[0].label == ""  # no phrase spread over both children
    leaves = build_labels({1: JOBSEARCH, 2: LETTERS, 3: PHONE, 4: CASEWORKER}, taken=[p.label for p in parents if p.label])
    assert leaves[1] == "Søge job", leaves
    finish_parents(parents, [[leaves[1], leaves[2]], [leaves[3], leaves[4]]], list(leaves.values()))
    assert parents[0].label.startswith("Søge job og "), parents[0].label
    labels = [*leaves.values(), *(p.label for p in parents)]
    assert_label_form(labels, JOBSEARCH + LETTERS + PHONE + CASEWORKER)
    for p in parents:  # a parent never repeats a child's label
        assert p.label.casefold() not in {v.casefold() for v in leaves.values()}


def test_a_phrase_spread_over_two_children_goes_to_the_parent():
    kids = [CURRENT, CASEWORKER]
    assert "sagsbehandler" in spread_keys(kids)
    parents = [Theme(label=""), Theme(label="")]
    label_parents(parents, [kids, [PHONE, LETTERS]], taken=[])
    assert parents[0].label == "Sagsbehandler", parents[0].label
    leaves = build_labels({1: CURRENT, 2: CASEWORKER, 3: PHONE, 4: LETTERS}, taken=[parents[0].label])
    assert "Sagsbehandler" not in leaves.values()
    assert_label_form([*leaves.values(), parents[0].label], CURRENT + CASEWORKER + PHONE + LETTERS)


def test_a_parent_whose_two_largest_children_are_too_long_takes_the_next_pair_not_a_quote():
    """make demo, session 14: children "Sagsbehandler på telefonen", "Skift af sagsbehandler", "Hurtigt svar",
    "Ny sagsbehandler" -- every pair with the largest is over five words, and the parent was named
    "Det er nemt at få …" (a shortened quote)."""
    kids = ["Sagsbehandler på telefonen", "Skift af sagsbehandler", "Hurtigt svar", "Ny sagsbehandler"]
    quote = [["Det er nemt at få fat i sagsbehandleren."]]
    parents = [Theme(label="")]
    finish_parents(parents, [kids], taken=kids, representatives=quote)
    assert parents[0].label == "Hurtigt svar og ny sagsbehandler"
    parents = [Theme(label="")]  # a pair of larger children comes first when it fits
    finish_parents(parents, [[*kids[:2], "Breve", *kids[2:]]], taken=kids, representatives=quote)
    assert parents[0].label == "Sagsbehandler på telefonen og breve"
    parents = [Theme(label="")]  # the only pair that fits is taken: a shortened representative quote
    finish_parents(parents, [kids], taken=[*kids, "Hurtigt svar og ny sagsbehandler"], representatives=quote)
    assert parents[0].label.startswith("Det er nemt")


def test_a_parent_named_after_its_children_is_no_childs_pair_in_another_order():
    """The sample study (session 17): a parent over "Praktik" and "Job og praktik" was named "Praktik og job",
    the child's own label with its words swapped (test_sample_study_labels_read_as_danish... failed)."""
    kids = ["Praktik", "Job og praktik", "Kursus"]
    parents = [Theme(label="")]
    finish_parents(parents, [kids], taken=kids, representatives=[["Praktikken var god."]])
    assert parents[0].label == "Praktik og kursus", parents[0].label


def test_a_parent_keeps_its_label_when_a_child_is_renamed_and_follows_only_the_half_that_named_it():
    """keep_labels gives a parent with the same quotes its label from before the edit; follow_renames
    changes the whole half that was a child's old label, and nothing else."""
    from focusgroup.themes.parent_labels import follow_renames, keep_labels

    parents = [Theme(label="Ny"), Theme(label="Andet")]
    assert keep_labels(parents, [{1, 2}, {3}], {frozenset({1, 2}): "Brev og plan", frozenset({3, 4}): "X"}) == [True, False]
    assert [p.label for p in parents] == ["Brev og plan", "Andet"]
    assert follow_renames("Brev og plan", {"brev": "Brev (nyt navn)"}) == "Brev (nyt navn) og plan"
    assert follow_renames("Brev og plan", {"plan": "Planen for jobbet"}) == "Brev og planen for jobbet"
    assert follow_renames("Brev og plan", {"bre": "X", "plan og": "Y"}) == "Brev og plan"  # whole halves only
    assert follow_renames("Sagsbehandler", {"sagsbehandler": "CV-hjælp"}) == "CV-hjælp"

    # over re-analysis a researcher's long name counts as one word, so it keeps its sibling in the pair
    kids = ["Breve fra jobcentret om møder", "Plan", "Kaffen"]
    parents = [Theme(label="")]
    finish_parents(parents, [kids], taken=kids)
    assert parents[0].label == "Plan og kaffen"
    parents = [Theme(label="")]
    finish_parents(parents, [kids], taken=kids, fixed=[kids[0]])
    assert parents[0].label == "Breve fra jobcentret om møder og plan"


def test_renaming_a_child_on_the_sample_survey_changes_no_other_label(tmp_path, transcripts_dir):
    """Issue 18 (session 17, seen in the app on make demo): renaming the child 'Brev' relabelled its
    parent 'Brev og første samtale' as 'Brev (nyt navn) og respekt'. Every edit rebuilt the parents from
    scratch with the new name among the children's labels, and a name too long for the pair made another
    pair. Now the parent keeps its label, the half that was the child's old name follows the rename, and
    no other parent changes; the rename is still replayed over re-analysis."""
    from focusgroup.config import AnalysisConfig
    from focusgroup.ingest import read_file
    from focusgroup.store import Project
    from focusgroup.themes import analyze, edits, history

    cfg = AnalysisConfig(embedder="tfidf")
    with Project(tmp_path / "s.fgproj") as p:
        for parsed in read_file(transcripts_dir / "brugerundersoegelse_2020_2021.xlsx"):
            p.add_parsed(parsed)
        analyze(p, cfg)

        def labels() -> tuple[dict[int, str], dict[int, str]]:
            themes = p.themes()
            ids = {t.parent_id for t in themes if t.parent_id is not None}
            return ({t.id: t.label for t in themes if t.id in ids}, {t.id: t.label for t in themes if t.id not in ids})

        parents, leaves = labels()
        kids = {t.id: t.parent_id for t in p.themes() if t.parent_id is not None}
        pid, child = next((pid, c) for pid, label in sorted(parents.items()) for c, lc in leaves.items()
                          if kids.get(c) == pid and " og " in label and label.split(" og ")[0] == lc)
        other_half = parents[pid].split(" og ", 1)[1]
        new = f"{leaves[child]} i vores egne ord her"  # too long to pair with its sibling's label
        edits.rename(p, child, new)
        after, after_leaves = labels()
        assert after[pid] == f"{new} og {other_half}"
        assert {k: v for k, v in after.items() if k != pid} == {k: v for k, v in parents.items() if k != pid}
        assert {k: v for k, v in after_leaves.items() if k != child} == {k: v for k, v in leaves.items() if k != child}

        history.undo(p)
        assert labels() == (parents, leaves)
        history.redo(p)
        assert labels()[0][pid] == f"{new} og {other_half}"

        analyze(p, cfg)  # re-analysis replays the rename, and the parent has the same pair as after the edit
        parents, leaves = labels()
        assert new in leaves.values() and f"{new} og {other_half}" in parents.values()


def test_a_pair_of_two_long_researcher_names_is_capped_and_a_code_is_never_cut_at_its_og():
    """A codebook of long code names (session 18): each name counted as one word, the parent paired two into
    13-17 words ("Digitale møder over telefon eller video under corona og svært at komme igennem på telefonen
    til jobcentret"), and a code with its own "og" was cut ("Kurser, praktik" of "Kurser, praktik og
    løntilskud der ikke fører til arbejde")."""
    from focusgroup.themes.parent_labels import MAX_PAIR_WORDS

    codes = ["Digitale møder over telefon eller video under corona", "Svært at komme igennem på telefonen til jobcentret"]
    parents = [Theme(label="")]
    finish_parents(parents, [codes], taken=codes, representatives=[["Jeg ringer og ringer."]], fixed=codes)
    assert parents[0].label == "Digitale møder over telefon eller video under corona m.fl."
    codes = ["Kurser, praktik og løntilskud", "Transport", "Andet"]
    parents = [Theme(label="")]  # a code with its own "og" is neither cut ("Kurser, praktik og transport") nor chained
    finish_parents(parents, [codes], taken=codes, fixed=codes)
    assert parents[0].label == "Kurser, praktik og løntilskud m.fl."
    parents = [Theme(label="")]  # "Andet" (the codebook's other) makes no pair and names no parent
    finish_parents(parents, [["Andet", "Helbred og sygdom", "Transport"]], taken=[], fixed=["Andet", "Helbred og sygdom"])
    assert parents[0].label == "Helbred og sygdom m.fl."
    assert len(parents[0].label.split()) <= MAX_PAIR_WORDS
    parents = [Theme(label="")]  # a rename of eight words beside a one-word sibling still keeps its pair
    finish_parents(parents, [["Døren om morgenen i vores egne ord her", "Breve"]], taken=[],
                   fixed=["Døren om morgenen i vores egne ord her"])
    assert parents[0].label == "Døren om morgenen i vores egne ord her og breve"


def _codebook_run(tmp_path, transcripts_dir, book):
    """The sample survey assigned to a codebook (tfidf): its themes, the parents' ids and the parents' labels."""
    from focusgroup.config import AnalysisConfig
    from focusgroup.ingest import read_file
    from focusgroup.store import Project
    from focusgroup.themes import analyze

    with Project(tmp_path / "s.fgproj") as p:
        for parsed in read_file(transcripts_dir / "brugerundersoegelse_2020_2021.xlsx"):
            p.add_parsed(parsed)
        analyze(p, AnalysisConfig(embedder="tfidf", codebook=str(book)))
        themes = p.themes()
    parent_ids = {t.parent_id for t in themes if t.parent_id is not None}
    return themes, parent_ids, [t.label for t in themes if t.id in parent_ids]


def test_a_codebook_of_long_code_names_gives_parents_of_at_most_ten_words(tmp_path, transcripts_dir):
    """The sample survey assigned to a codebook whose names run to 7-9 words (tfidf)."""
    from focusgroup.themes.parent_labels import MAX_PAIR_WORDS

    names = ["Relationen til den faste sagsbehandler i jobcentret", "Mange skift af sagsbehandler undervejs i forløbet",
             "Svært at komme igennem på telefonen til jobcentret", "Jobklubbens åbningstider og krav om fremmøde hver dag",
             "Digitale møder over telefon eller video under corona", "Breve i e-Boks med svært juridisk sprog",
             "Jobplanen som borgeren selv har været med til at lave", "At blive hørt, taget alvorligt og mødt med respekt",
             "Kurser, praktik og løntilskud der ikke fører til arbejde", "Hensyn til helbred, smerter og sygdom i forløbet",
             "Lang transport til jobcentret, kurser eller praktik"]
    book = tmp_path / "kodebog.csv"
    book.write_text("navn;beskrivelse\n" + "".join(f"{n};{n.lower()}\n" for n in names), encoding="utf-8")
    themes, parent_ids, parents = _codebook_run(tmp_path, transcripts_dir, book)
    assert parents and all(len(label.split()) <= MAX_PAIR_WORDS for label in parents), parents
    assert not any("…" in label for label in parents), parents  # no respondent's quote names a group of codes
    leaves = {t.label for t in themes if t.id not in parent_ids}
    assert set(names) <= leaves  # every code keeps its whole name


def test_the_jobcenter_codebook_gives_parents_of_whole_code_names_without_a_chain_of_og(tmp_path, transcripts_dir):
    """tests/data/codebook_jobcenter.csv on the sample survey (tfidf): a parent was "Blive hørt og respekteret og
    breve og sprog" (two codes with their own "og" paired), and before that "Blive hørt og breve" (both cut)."""

    book = transcripts_dir.parent / "tests" / "data" / "codebook_jobcenter.csv"
    codes = [line.split(";")[0] for line in book.read_text(encoding="utf-8").splitlines()[1:]]
    _, _, parents = _codebook_run(tmp_path, transcripts_dir, book)
    assert parents
    lowered = {c.casefold() for c in codes}
    for label in parents:
        if label.endswith(" m.fl."):
            assert label.removesuffix(" m.fl.") in codes, label
        else:  # a pair of two whole code names, neither with its own "og"
            assert label.count(" og ") == 1 and all(h.casefold() in lowered for h in label.split(" og ")), label


# Survey answers of three children of one parent on make demo (session 18; transcripts/brugerundersoegelse_2020_2021,
# the answers of each theme): a transport theme labelled "Kørekort til lastbil", which 2 of its 11 answers name.
TRANSPORT = ["Nem adgang med offentlig transport.", "Praktikken var slet ikke spild af tid, men mødetiden klokken 8 "
             "passer ikke med at aflevere børn og tage bussen.", "Jobklubben er meget lang og man lærer ikke noget nyt. "
             "Praktikker tættere på hvor man bor.", "Det er langt at køre når man bor i udkanten af kommunen.",
             "Bedre parkeringsmuligheder.", "Det var godt at de betalte mit kørekort til lastbil ... men udskiftningen "
             "blandt medarbejderne er alt for stor.", "jeg har ikke skullet vente på noget. Det var godt at de betalte "
             "mit kørekort til lastbil.", "Praktikker i ugevis uden mening. Praktikker tættere på hvor man bor.",
             "man kan ikke parkere ved jobcentret. Min sagsbehandler har ikke forstand på min branche. Udskiftningen "
             "blandt medarbejderne er alt for stor.", "Mindre bureaukrati", "Gør jobklubben frivillig\nLav en ordentlig "
             "overlevering når sagsbehandleren skifter\nPraktikker tættere på hvor man bor"]
CITIZEN = ["lav planen ud fra hvad borgeren selv vil.", "De lytter til hvad man selv har af ønsker.", "Tilbyd kurser for "
           "folk med en videregående uddannelse. Lyt mere til borgerne.", "- spørg hvad borgeren selv vil\n- lad være "
           "med at ringe fra skjult nummer\n- mindre udskiftning blandt personalet", "hjælpe folk i stedet for at "
           "kontrollere dem", "- spørg hvad borgeren selv vil\n- mødetider der passer med bussen", "Møde borgerne i "
           "øjenhøjde.", "Lav planen ud fra hvad borgeren selv vil. Mødetider der passer med bussen.",
           "Kom ud af systemtænkningen"]
PLAN = ["Planen passer til mit liv og min situation.", "Min plan er blevet justeret når der skete noget.", "Planen er "
        "lavet hen over hovedet på mig.", "Mere langsigtet planlægning.", "Klar besked.", "min handleplan er "
        "realistisk.", "Klar plan.", "Der er en klar plan for mit forløb", "Min handleplan er den samme som for to år "
        "siden.", "Planen er urealistisk i forhold til mit helbred"]


def test_a_child_whose_label_names_few_of_its_quotes_names_no_parent(sample_survey_csv):
    """make demo (session 18): "Kørekort til lastbil", in 2 of its 16 quotes, named its parent "Besked og kørekort
    til lastbil". A child's label in fewer than ``MIN_CHILD_SHARE`` of its quotes (the app's count) is paired only
    when no pair of the others fits; never a quote for the parent instead of a pair."""
    import csv

    from focusgroup.themes.describe import _label_share
    from focusgroup.themes.parent_labels import MIN_CHILD_SHARE

    with sample_survey_csv.open(encoding="cp1252", newline="") as f:
        answers = {a for row in csv.reader(f, delimiter=";") for a in row[-2:]}
    assert set(TRANSPORT + CITIZEN + PLAN) <= answers  # the respondents' words, byte for byte
    kids = ["Kørekort til lastbil", "Borgeren", "Plan"]
    shares = [_label_share(label, texts) for label, texts in zip(kids, [TRANSPORT, CITIZEN, PLAN], strict=True)]
    assert shares[0] == 2 / 11 < MIN_CHILD_SHARE <= min(shares[1:]), shares
    parents = [Theme(label="")]
    finish_parents(parents, [kids], taken=kids, representatives=[TRANSPORT[:1]], shares=[shares])
    assert parents[0].label == "Borgeren og plan"
    parents = [Theme(label="")]  # no pair without it: the weak child's pair, not a quote
    finish_parents(parents, [kids[:2]], taken=kids, representatives=[TRANSPORT[:1]], shares=[shares[:2]])
    assert parents[0].label == "Kørekort til lastbil og borgeren"
