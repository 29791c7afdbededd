"""Mermaid diagrams drawn once, at build time, into inline SVG.

Pages still declare diagrams as ```mermaid fences (mkdocs-mermaid2's way). A
build draws each one with the pinned Mermaid in headless Chromium, in a light
and a dark variant, and puts both into the page as a ``<figure>``: no page of
the published, offline or PDF build loads Mermaid's JavaScript. Drawings are
cached by content (source, Mermaid version, settings, theme, browser), so a
warm build starts no browser.

This package is pure: ``figure.py`` turns SVG into page HTML, ``cache.py`` keeps
drawings, ``draw.py`` drives the browser. ``hooks/diagram_svg.py`` is the
MkDocs hook that calls them.
"""
