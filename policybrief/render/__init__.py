"""A brief manifest and the corpus -> a brief view -> HTML and PDF: theme lookup, resolution,
Markdown, templates, the PDF worker and its confined fetcher, the agenda chart and the glyph
check.
"""
