"""One module per page; each exposes ``render()`` and reads/writes only through ``state`` and ``actions``."""
