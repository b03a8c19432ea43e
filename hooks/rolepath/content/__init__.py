"""The content layer: a portal repository read into typed, checked objects.

``model`` (the domain types), ``schema`` (every field's type and default: the one definition),
``yamlsource`` (YAML with line numbers), ``load`` (the loader), ``check_fields`` and
``check_references``, ``check_site_config`` (author mistakes, as ``path:line: message``),
``raw_html`` (what raw HTML may do), ``audience``,
``front_matter`` and ``audience_blocks`` (who content is for), ``history`` and ``git``
(what's new), ``diagnostics`` (the report of them all), ``memo`` (results kept between
rebuilds). No Jinja, no MkDocs: everything above builds on this.
"""
