"""The output layer: what the build makes from a loaded portal, knowing nothing of MkDocs.

``site_checks`` (the one ``load``: the content checked against the site too), ``urls`` (every
URL and source path), ``pages`` (the page plan and the other generated files), ``render`` (the Jinja
renderer of overrides/rolepath/), ``editions`` (the portal for one audience), ``catalog``
(portal.json), ``feeds`` (Atom), ``ical`` (practice calendars), ``sanitize`` (Markdown
bodies' HTML) and ``browser`` (what rolepath.js is told).
"""
