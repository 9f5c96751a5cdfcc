"""The live preview: an HTTP server on output/, a file watcher and a rebuild loop.

``start`` wires the build into them (:func:`serve_project`, what the ``serve``
command calls); ``preview`` is the loop; ``server`` answers the browser, ``banner`` adds
the reload script and problems banner to pages, ``watch`` follows the project's
files and ``child`` runs the full build in the background.
"""

from policybrief.serve.preview import Preview, PreviewBuild
from policybrief.serve.server import is_loopback
from policybrief.serve.start import serve_project

__all__ = ["Preview", "PreviewBuild", "is_loopback", "serve_project"]
