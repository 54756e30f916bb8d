"""Messages of the app (``focusgroup.ui``): ``key -> (Danish, English)``.

The app's strings still live in ``focusgroup.ui.i18n.STRINGS`` (same shape); they move here as pages are
touched. New app strings go here.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "m_unthemed_help": ("Andel af de analyserede citater, som analysen ikke gav et tema.",
                        "Share of the analysed quotes the analysis gave no theme."),
    "m_not_analysed": ("Ikke analyseret", "Not analysed"),
    "m_not_analysed_help": (
        "{n} af {total} citater indgår ikke i temaerne: moderatorens spørgsmål, korte replikker, "
        'ikke-svar ("Ved ikke", "Ingenting") og fokusgruppernes præsentationsrunde ("Jonas. Seks måneder."). '
        "De er bevaret i projektet og kan findes under Søg og Data.",
        "{n} of {total} quotes are not part of the themes: the moderator's questions, short replies, "
        'non-answers ("Ved ikke", "Ingenting") and the focus groups\' round of introductions ("Jonas. Seks '
        'måneder."). They are kept in the project; find them under Search and Data.',
    ),
    "word_source": ("kilde", "source"),
    "word_sources": ("kilder", "sources"),
    "chart_size_hover": ("{quotes} citater · {speakers} deltagere · {sources} kilder",
                         "{quotes} quotes · {speakers} participants · {sources} sources"),
    "coding_preparing": ("Finder de citater blandt {n}, der kan kodes (kun første gang) …",
                         "Finding the quotes among {n} that can be coded (first time only) …"),
    "ui_step_files": ("Indlæser filer", "Reading files"),
    "ui_step_themes": ("Finder temaer", "Finding themes"),
    "ui_step_sentiment": ("Stemning (sentiment)", "Sentiment"),
    "ui_step_replies": ("Kræver svar", "Needs a reply"),
    "col_size_help": ("Citater i temaet.", "Quotes in the theme."),
    "col_speaker_cov_help": ("Andel af alle deltagere og respondenter, der har mindst ét citat i temaet.",
                             "Share of all participants and respondents with at least one quote in the theme."),
    "col_source_cov_help": ("Kilder (fokusgrupper, interviews, spørgeskemaer) med citater i temaet.",
                            "Sources (focus groups, interviews, surveys) with quotes in the theme."),
    "col_neg_help": ("Andel af temaets citater med negativ stemning.", "Share of the theme's quotes with a negative sentiment."),
    "sort_label_share": ("Svagest etiket", "Weakest label"),
    "col_parent": ("Overordnet tema", "Parent theme"),
    "col_parent_help": ("Det overordnede tema, som analysen har samlet temaet under.",
                        "The parent theme the analysis grouped the theme under."),
    "col_label_hits": ("Etiketten i", "Label in"),
    "col_label_hits_help": (
        "Andel af temaets citater, hvor etikettens ord står (som Søg finder dem). En lav andel betyder, at "
        "etiketten kun navngiver en del af temaet: læs citaterne, før du bruger navnet.",
        "Share of the theme's quotes that contain the label's words (as Search finds them). A low share means "
        "that the label names only part of the theme: read the quotes before you use the name.",
    ),
    "theme_label_hits": ("Etikettens ord står i {hits} af temaets {n} citater.",
                         "The label's words occur in {hits} of the theme's {n} quotes."),
    "theme_label_hits_low": ("Etikettens ord står i {hits} af temaets {n} citater: navnet dækker kun en del af "
                             "temaet. Læs citaterne, og omdøb temaet, hvis det trænger.",
                             "The label's words occur in {hits} of the theme's {n} quotes: the name covers only "
                             "part of the theme. Read the quotes, and rename the theme if it needs it."),
    "theme_parent": ("Overordnet tema: {parent}", "Parent theme: {parent}"),
    # a codebook run: the theme is the researcher's code, named and described by them
    "theme_code_description": ("Kode fra kodebogen: {description}", "Code from the codebook: {description}"),
    "col_pos_help": ("Andel af temaets citater med positiv stemning.", "Share of the theme's quotes with a positive sentiment."),
    "export_large": ("Projektet har {n} citater. Tryk »Lav« for hver fil, og hent den, når den er klar. Den første "
                     "pseudonymiserede fil kan tage flere minutter, fordi navne findes i alle tekster; de næste går hurtigt.",
                     "The project has {n} quotes. Press “Make” for each file and download it when it is ready. The first "
                     "pseudonymised file can take several minutes, because names are found in every text; the next ones are quick."),
    "export_prepare": ("Lav {ext}", "Make {ext}"),
    "export_preparing": ("Laver filen …", "Making the file …"),
    "ui_interval": ("{low} til {high}", "{low} to {high}"),
    "search_indexing": ("Gør søgningen klar: finder grundformen af ordene i {n} citater (kun første gang) …",
                        "Preparing the search: finding the base form of the words in {n} quotes (first time only) …"),
    "search_first_shown": ("Viser de første {shown} af {n} fund. Alle fund er med i CSV-filen og i »Kod alle fund«.",
                           "Showing the first {shown} of {n} hits. Every hit is in the CSV file and in “Code all hits”."),
    "map_sampled": ("Kortet viser {shown} af {n} citater, udvalgt tilfældigt, så det kan læses og tegnes hurtigt.",
                    "The map shows {shown} of {n} quotes, chosen at random, so it stays readable and quick to draw."),
}
