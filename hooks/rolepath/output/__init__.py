"""The output layer: what the build makes from a loaded portal, knowing nothing of MkDocs.

``urls`` (every URL and source path), ``pages`` (the page plan), ``render`` (the Jinja
renderer of overrides/rolepath/), ``editions`` (the portal for one audience), ``catalog``
(portal.json), ``feeds`` (Atom), ``ical`` (practice calendars), ``sanitize`` (Markdown
bodies' HTML) and ``browser`` (what rolepath.js is told).
"""
