"""Export page: one download button per format of the export registry; pseudonymised by default."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from focusgroup.ui import state
from focusgroup.ui.i18n import STRINGS, lang, num, t
from focusgroup.ui.views.common import require_analysis, title

# Above this many quotes the page says that the first export takes minutes: on the 10k batch project the
# first pseudonymised CSV took 248 s at load 10 (names are found in every text, then cached; the next
# formats took 13-15 s), with only a spinner on the button.
LARGE = 2000


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
            st.download_button(
                t("download", label=fmt.extension), data=_make(path, fmt.name, real_names, lang()),
                file_name=f"{stem}{'-navne' if real_names else ''}{fmt.extension}", mime=fmt.mime,
                key=f"download_{fmt.name}", icon=":material/download:", on_click="ignore", width="stretch",
            )


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
