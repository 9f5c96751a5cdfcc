"""The corpus -> the intranet site's pages: index, actors, timeline, tags, feed and search."""
