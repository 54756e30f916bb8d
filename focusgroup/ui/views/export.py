"""Export page: one download button per format of the export registry; pseudonymised by default."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from focusgroup.ui import state
from focusgroup.ui.i18n import STRINGS, lang, num, t
from focusgroup.ui.views.common import require_analysis, title

# Above this many quotes a file is prepared on the page (with progress) before it is offered: on the 10k
# batch project the first pseudonymised CSV took 248 s at load 10 (names found in every text, then cached;
# the next formats 13-15 s), and the browser gives up on a deferred download after 180 s, so the button
# spun for three minutes and showed an error for five seconds.
LARGE = 2000
PREPARED = "prepared_exports"  # session key: (path, format, real names, language) -> (data version, bytes)


def _make(path: str, fmt: str, real_names: bool, language: str):  # noqa: ANN202 - a zero-argument callable for st.download_button
    def build() -> bytes:
        from focusgroup.export import export_bytes

        with state.open_project(path) as project:  # the documents in the session's language
            content, _, _ = export_bytes(project, fmt, real_names=real_names, lang=language)
        return content

    return build


def render() -> None:
    ready = require_analysis()
    if ready is None:
        return
    path, data = ready
    title(t("export_title"), t("export_intro"))
    from focusgroup.export import FORMATS

    _study_title(path)
    real_names = st.toggle(t("real_names"), value=False, key="w_real_names")
    if real_names:
        st.warning(t("real_names_warning"), icon=":material/warning:")
    elif len(data.quotes) > LARGE:  # the first pseudonymised export finds names in every text
        st.caption(t("export_large", n=num(len(data.quotes))))
    stem = Path(path).stem
    cols = st.columns(2)
    for i, fmt in enumerate(FORMATS.values()):
        label = fmt.label if lang() == "da" else fmt.label_en
        with cols[i % 2].container(border=True):
            st.markdown(f"**{label}**")
            description = t(f"fmt_desc_{fmt.name}") if f"fmt_desc_{fmt.name}" in STRINGS else ""
            st.caption(f"{description} · {stem}{fmt.extension}" if description else f"{stem}{fmt.extension}")
            if not real_names and fmt.name in KEPT_ID_FORMATS:
                note = _kept_ids_note(path, state.data_version(path), f"{stem}{fmt.extension}", lang())
                if note:
                    st.caption(note)
            data_arg = _make(path, fmt.name, real_names, lang())
            if len(data.quotes) > LARGE:
                data_arg = _prepared(path, fmt, real_names)
                if data_arg is None:
                    continue
            st.download_button(
                t("download", label=fmt.extension), data=data_arg,
                file_name=f"{stem}{'-navne' if real_names else ''}{fmt.extension}", mime=fmt.mime,
                key=f"download_{fmt.name}", icon=":material/download:", on_click="ignore", width="stretch",
            )


# files with no room for prose that keep the survey's own id column (the workbook says it on its first sheet)
KEPT_ID_FORMATS = ("csv", "qdpx")


@st.cache_data(max_entries=4, show_spinner=False)
def _kept_ids_note(path: str, version: tuple[int, ...], file_name: str, language: str) -> str:  # noqa: ARG001 - version: the cache key
    """"Bemærk: kolonnen »Respondent« i demo.csv er spørgeskemaets eget respondent-id ...": the csv a
    researcher downloads here carried the survey's ids with no word that it is pseudonymised, not anonymous."""
    from focusgroup import messages
    from focusgroup.export import kept_ids_note

    with state.open_project(path) as project, messages.language(language):
        return kept_ids_note(project, file_name)


def _prepared(path: str, fmt, real_names: bool) -> bytes | None:  # noqa: ANN001 - an export.registry format
    """The file made on this page for a large project, or a button that makes it with progress (None)."""
    from focusgroup.export import export_bytes

    key = (path, fmt.name, real_names, lang())
    prepared = st.session_state.setdefault(PREPARED, {})
    if key in prepared and prepared[key][0] == state.data_version(path):
        return prepared[key][1]
    if not st.button(t("export_prepare", ext=fmt.extension), key=f"w_prepare_{fmt.name}", width="stretch",
                     icon=":material/hourglass_top:"):
        return None
    bar = st.progress(0.0, text=t("export_preparing"))

    def progress(step: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / total) if total else 1.0, text=f"{step} · {num(done)}/{num(total)}")

    with st.spinner(t("export_preparing")), state.open_project(path) as project:
        content, _, _ = export_bytes(project, fmt.name, real_names=real_names, lang=lang(), progress=progress)
    prepared[key] = (state.data_version(path), content)  # after the export, which may cache NER spans
    st.rerun()
    return None


def _study_title(path: str) -> None:
    """The study's name for the Word report's title (saved in the project; the file name is no title)."""
    from focusgroup.export._view import TITLE_SETTING

    with state.open_project(path) as project:
        current = project.get_setting(TITLE_SETTING) or ""
    new = st.text_input(t("sat_study_title"), value=current, placeholder=t("sat_study_title_hint"),
                        key="w_study_title")
    if new.strip() != current:
        with state.open_project(path, write=True) as project:
            project.set_setting(TITLE_SETTING, new.strip())
        st.toast(t("sat_saved"), icon=":material/check:")
