"""Schema migrations for the project file.

``MIGRATIONS[i]`` brings a project from schema version ``i`` to ``i + 1`` (``PRAGMA user_version``).
Never edit a migration that has shipped: append a new one, so old project files keep opening.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the initial schema
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        format TEXT NOT NULL,
        encoding TEXT,
        sha256 TEXT,
        text TEXT NOT NULL,
        metadata TEXT NOT NULL DEFAULT '{}',
        imported_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE speakers (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        UNIQUE (source_id, name)
    );
    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        speaker_id INTEGER REFERENCES speakers(id) ON DELETE CASCADE,
        turn INTEGER NOT NULL,
        part INTEGER NOT NULL DEFAULT 0,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        timestamp TEXT,
        column_name TEXT,
        informative INTEGER NOT NULL DEFAULT 1,
        metadata TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX quotes_source ON quotes(source_id, turn, part);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        params TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'running',
        started_at TEXT NOT NULL DEFAULT (datetime('now')),
        finished_at TEXT
    );
    CREATE TABLE themes (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        topic INTEGER,
        label TEXT NOT NULL,
        keywords TEXT NOT NULL DEFAULT '[]',
        size INTEGER NOT NULL DEFAULT 0,
        n_speakers INTEGER NOT NULL DEFAULT 0,
        n_sources INTEGER NOT NULL DEFAULT 0,
        representative TEXT NOT NULL DEFAULT '[]',
        parent_id INTEGER REFERENCES themes(id) ON DELETE SET NULL,
        description TEXT NOT NULL DEFAULT '',
        memo TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX themes_run ON themes(run_id);
    CREATE TABLE assignments (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
        theme_id INTEGER REFERENCES themes(id) ON DELETE CASCADE,
        probability REAL NOT NULL DEFAULT 1.0,
        by TEXT NOT NULL DEFAULT 'model',
        PRIMARY KEY (run_id, quote_id)
    );
    CREATE TABLE sentiments (
        quote_id INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        score REAL NOT NULL,
        mixed INTEGER NOT NULL DEFAULT 0,
        model TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE edits (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE memos (
        target TEXT NOT NULL,
        key TEXT NOT NULL,
        text TEXT NOT NULL,
        updated_at TEXT NOT NULL DEFAULT (datetime('now')),
        PRIMARY KEY (target, key)
    );
    CREATE TABLE key_quotes (quote_id INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE);
    CREATE TABLE embeddings (
        backend TEXT NOT NULL,
        model TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        dim INTEGER NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (backend, model, text_hash)
    );
    """,
    # 2: pseudonymised quotes and speakers (focusgroup.privacy); the key lives in a separate file
    """
    CREATE TABLE pseudonymized_quotes (
        quote_id INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
        text TEXT NOT NULL
    );
    CREATE TABLE pseudonymized_speakers (
        speaker_id INTEGER PRIMARY KEY REFERENCES speakers(id) ON DELETE CASCADE,
        name TEXT NOT NULL
    );
    """,
    # 3: cached lemma strings per text (focusgroup.themes): re-analysis never re-lemmatises a quote
    """
    CREATE TABLE lemma_cache (
        pipeline TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        lemmas TEXT NOT NULL,
        PRIMARY KEY (pipeline, text_hash)
    );
    """,
    # 4: one source per file content (issue 14): two imports at once stored a file twice. Earlier
    # duplicates are kept (never delete a researcher's data in a migration) but lose their sha256, with
    # metadata.duplicate_of naming the source they repeat; the unique index makes the check atomic.
    """
    UPDATE sources
       SET metadata = json_set(metadata, '$.duplicate_of',
                               (SELECT min(s2.id) FROM sources s2 WHERE s2.sha256 = sources.sha256)),
           sha256 = NULL
     WHERE sha256 IS NOT NULL
       AND id <> (SELECT min(s2.id) FROM sources s2 WHERE s2.sha256 = sources.sha256);
    CREATE UNIQUE INDEX sources_sha256 ON sources(sha256);
    """,
    # 5: comments that need a reply (focusgroup.replies, issue 12): one flag per quote with its reason; a
    # researcher's decision (by='researcher') is kept when the classifier runs again.
    """
    CREATE TABLE replies (
        quote_id INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
        needs_reply INTEGER NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        score REAL,
        by TEXT NOT NULL DEFAULT 'model' CHECK (by IN ('model', 'researcher')),
        model TEXT NOT NULL DEFAULT ''
    );
    """,
    # 6: codes and codings with their coder (focusgroup.coding, issue 13). A coding is one coder's code on one
    # quote; suggestions are codings by "focusgroup" with a confidence and a review status.
    """
    CREATE TABLE codes (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        parent_id INTEGER REFERENCES codes(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE codings (
        id INTEGER PRIMARY KEY,
        quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
        code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
        coder TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'suggestion', 'import')),
        confidence REAL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'open', 'rejected')),
        created_at TEXT NOT NULL DEFAULT (datetime('now')),
        UNIQUE (quote_id, code_id, coder)
    );
    CREATE INDEX codings_quote ON codings(quote_id);
    CREATE INDEX codings_coder ON codings(coder, status);
    """,
    # 7: undo/redo of researcher edits (focusgroup.themes.history, issue 17): an undone edit stays in the
    # log (so it can be redone) but is never replayed; the run as it was before each edit is kept to undo to.
    """
    ALTER TABLE edits ADD COLUMN undone INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE edit_snapshots (
        edit_id INTEGER PRIMARY KEY REFERENCES edits(id) ON DELETE CASCADE,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        state TEXT NOT NULL
    );
    """,
    # 8: person-name spans the NER model found per text (focusgroup.privacy, issue 15/16): analyze, export
    # and the app read them instead of running the transformer again on the same text; keyed by the NER
    # model's identity (pipeline + weights + decoding), so a new model never reads an old model's spans.
    """
    CREATE TABLE ner_spans (
        model TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        spans TEXT NOT NULL,
        PRIMARY KEY (model, text_hash)
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
