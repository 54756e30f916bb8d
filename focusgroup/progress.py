"""Progress reporting that works the same from the CLI (rich), the app (Streamlit) and tests.

Stages take an optional ``progress(step: str, done: int, total: int)`` callable instead of printing,
so every front end shows the same steps in its own way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Progress = Callable[[str, int, int], None]


def silent(step: str, done: int, total: int) -> None:
    """A progress callback that reports nothing."""


@contextmanager
def rich_progress() -> Iterator[Progress]:
    """A rich progress bar per step, with counts and time remaining, on stderr."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    bars: dict[str, int] = {}
    with Bar(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=False,
    ) as bar:

        def report(step: str, done: int, total: int) -> None:
            if total <= 0:  # nothing to do (e.g. every embedding cached): show the step as finished
                done = total = 1
            if step not in bars:
                bars[step] = bar.add_task(step, total=total)
            bar.update(bars[step], completed=done, total=total)

        yield report
