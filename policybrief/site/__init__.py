"""The corpus -> the intranet site's pages: index, actors, timeline, tags, feed and search.

``entries`` holds the site index's entries (the site templates' context),
``data`` builds them from the corpus, ``search`` and ``feed`` make the search
index and the Atom feed, and ``pages`` renders every file to bytes; writing
them is the build's (``policybrief.build.site_output``).
"""
