"""Which files' changes the preview's watch reports (serve/watch.py)."""

from __future__ import annotations

import pytest
import watchfiles

from policybrief.serve.watch import EditorFilter

ADDED = watchfiles.Change.added


@pytest.mark.parametrize(
    "name",
    [
        "4913",  # Vim's write test
        ".background.md.swp",  # Vim's swap file
        "#background.md#",  # Emacs's autosave
        ".#background.md",  # Emacs's lock
        "background.md~",  # a backup
        ".goutputstream-X1Y2Z3",  # GNOME's editors
        "background.md.kate-swp",  # Kate
        ".~lock.trade.csv#",  # LibreOffice
        "background.md.crswap",  # Chrome's file system access
        "background.md.tmp",  # a save written beside the file, then renamed
        ".DS_Store",
    ],
)
def test_editors_temporary_files_are_not_changes(name: str) -> None:
    assert not EditorFilter()(ADDED, f"/p/content/analysis/{name}")


@pytest.mark.parametrize(
    "name", ["background.md", "4913-notes.md", "hashtag#1.md", "budget.yaml", "map.png"]
)
def test_the_writers_files_are_changes(name: str) -> None:
    assert EditorFilter()(ADDED, f"/p/content/analysis/{name}")
