"""Hostile form input for property tests: any Unicode, control characters, NUL, bidi
overrides, huge values, unknown, missing and repeated fields."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Bounded, so the suite stays quick on both databases; deadline off for slow CI machines.
HOSTILE = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "\x00", "\x07", "\x1b[31m", "\u202e", "\u2066", "\u200b", "\ufeff", "\ud7ff", "\U0010ffff",
    "\r\n", "%00", "%ff", "' OR 1=1 --", "<script>alert(1)</script>", "{{7*7}}", "${7*7}",
    "../../etc/passwd", "a" * 300, "\u0301" * 50, "😀" * 20,
]  # fmt: skip

values = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(NASTY),
    st.lists(st.sampled_from(NASTY), max_size=5).map("".join),
    st.integers().map(str),
    st.sampled_from(["", " ", "x" * 20_001, "y" * 250_000]),
)


def form_fields(names: list[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    """A form as a list of pairs: known and unknown names, missing, repeated, any values."""
    name = st.one_of(st.sampled_from(names), st.text(min_size=1, max_size=20))
    return st.lists(st.tuples(name, values), max_size=len(names) + 3)
