"""The Streamlit app's building blocks: strings, cached data access, charts and one module per page.

``app.py`` only sets the page up and navigates; every page calls the same pipeline, store, theme-edit
and export functions as the CLI, so the browser and the command line never disagree.
"""
