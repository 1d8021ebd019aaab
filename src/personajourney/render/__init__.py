"""Rendering: journey diagrams, committee maps, persona cards, posters, heatmaps, reports.

Text first (DOT, HTML, template SVG — deterministic), engines second (Graphviz and
WeasyPrint, each in its own worker processes). Nothing here is imported by
``import personajourney``; it loads on first use.
"""
