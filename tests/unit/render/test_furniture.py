"""The page furniture's text: markings that set on one line, the running foot, product ids."""

from __future__ import annotations

import pytest

from policybrief.content.model import MARKING_LIMIT
from policybrief.render.furniture import (
    FOOT_SHARE,
    LINE_WIDTH,
    MARKING_SIZE,
    MARKING_TRACKING,
    marking_size,
    product_id,
    running_foot,
    site_address,
    text_width,
)

MARKINGS = [
    "UNCLASSIFIED",
    "OFFICIAL-SENSITIVE // UK EYES ONLY",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "EXERCISE // NOT FOR DISTRIBUTION",
    "OFFICIAL-SENSITIVE // UK EYES ONLY // EXERCISE NOT RELEASED",
    "W" * MARKING_LIMIT,  # the widest capital, as many as a marking may have
    "СЕКРЕТНО // ТОЛЬКО ДЛЯ СЛУЖЕБНОГО ПОЛЬЗОВАНИЯ",
    "機密 // 関係者以外閲覧禁止",
]


@pytest.mark.parametrize("marking", MARKINGS)
@pytest.mark.parametrize("draft", [False, True])
def test_every_marking_up_to_the_limit_fits_one_line(marking: str, draft: bool) -> None:
    line = f"{marking} · DRAFT" if draft else marking
    size = marking_size(line)
    assert 0 < size <= MARKING_SIZE
    assert text_width(line, size, bold=True, tracking=MARKING_TRACKING) <= LINE_WIDTH


def test_a_short_marking_keeps_its_size_and_a_long_one_shrinks() -> None:
    assert marking_size("UNCLASSIFIED") == MARKING_SIZE
    assert marking_size("W" * MARKING_LIMIT) < MARKING_SIZE


def test_text_width_grows_with_size_and_length() -> None:
    assert text_width("AB", 10) > text_width("A", 10) > 0
    assert text_width("A", 10) == pytest.approx(2 * text_width("A", 5))
    assert text_width("A", 10, bold=True, tracking=0.1) > text_width("A", 10, bold=True)


def test_the_product_id_comes_from_the_manifest_or_from_slug_and_edition() -> None:
    assert product_id("russia-india", 2, None) == "RUSSIA-INDIA-E2"
    assert product_id("russia-india", 2, "PB-2025-017") == "PB-2025-017"


def test_the_site_address_needs_a_base_url() -> None:
    assert site_address(None, "a-brief") is None
    assert site_address("https://intranet.example/briefs", "a-brief") == (
        "https://intranet.example/briefs/a-brief/"
    )
    assert site_address("https://intranet.example/briefs/", "a-brief") == (
        "https://intranet.example/briefs/a-brief/"
    )


@pytest.mark.parametrize(
    "address",
    [
        None,
        "https://intranet.example/briefs/russia-india-december-2025/",
        "https://intranet.example/briefs/" + "very-long-slug-" * 8 + "/",
    ],
)
@pytest.mark.parametrize("organisation", [None, "Policy Analysis Unit", "An organisation " * 6])
def test_the_running_foot_is_one_line_that_holds_the_identifier(
    address: str | None, organisation: str | None
) -> None:
    foot = running_foot("RUSSIA-INDIA-DECEMBER-2025-E1", address, "1 December 2025", organisation)
    assert "RUSSIA-INDIA-DECEMBER-2025-E1" in foot.text
    assert text_width(foot.text, foot.size) <= LINE_WIDTH * FOOT_SHARE
    assert 6.5 <= foot.size <= 7.5


def test_the_foot_keeps_the_address_before_the_date() -> None:
    address = "https://intranet.example/briefs/russia-india-december-2025/"
    foot = running_foot("RUSSIA-INDIA-DECEMBER-2025-E1", address, "1 December 2025", None)
    assert foot.text.endswith(address)
    short = running_foot("PB-1", None, "1 December 2025", "Policy Analysis Unit")
    assert short.text == "Policy Analysis Unit · 1 December 2025 · PB-1"
