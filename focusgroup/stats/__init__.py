"""Every figure a user sees, computed in one place.

The app, the CLI, the xlsx/docx exports and batch all take their counts, shares, means and intervals from
this package, so they cannot disagree. One module per kind of figure:

- ``counts``: theme sizes, distinct speakers/participants/sources, sentiment shares per theme.
- ``intervals``: Wilson intervals for shares, intervals for differences of shares and for means.
- ``satisfaction``: theme x group tables of negative shares, wave and quarter change, numeric scales.
- ``agreement``: percent agreement, Cohen's kappa and Krippendorff's alpha between coders.
- ``label_share``: how many of a theme's quotes carry its label (``label_hits_in``); it counts words with
  ``search.stem_finder`` and so sits in layer 3, above the rest of this package (ARCHITECTURE.md).

Import from the submodule (``from focusgroup.stats.counts import from_project``); this file re-exports
nothing so the submodules stay independent.
"""
