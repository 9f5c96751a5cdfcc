"""The live preview: an HTTP server on output/, a file watcher and a rebuild loop."""
