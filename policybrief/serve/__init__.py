"""The live preview: an HTTP server on output/, a file watcher and a rebuild loop.

``preview`` ties them together; ``server`` answers the browser, ``banner`` adds
the reload script and problems banner to pages, ``watch`` follows the project's
files and ``child`` runs the full build in the background.
"""

from policybrief.serve.preview import Preview, PreviewBuild
from policybrief.serve.server import is_loopback

__all__ = ["Preview", "PreviewBuild", "is_loopback"]
