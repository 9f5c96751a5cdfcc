"""Tools for writers outside the build: scaffolds for new files (``new``) and the editors' JSON
Schemas (``schema``).
"""
