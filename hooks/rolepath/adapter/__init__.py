"""The MkDocs adapter, the only code that imports MkDocs (or ProperDocs).

``events`` (the hook's events, which hooks/rolepath_hook.py hands over), ``options``
(``extra: rolepath:`` read once), ``publish`` (the atomic staging and swap), and for
``mkdocs serve``: ``serve_cache`` (memoised rebuilds) and ``serve_overwrite`` (a rebuild
writes over the last one's files).
"""
