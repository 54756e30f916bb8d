"""Exports: quotes.csv, themes.csv, xlsx, docx and REFI-QDA."""
