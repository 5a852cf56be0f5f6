"""Words the entity rules read in the text itself: name particles, months, number words."""

from __future__ import annotations

PARTICLES = {"al", "el", "bin", "ibn", "de", "van", "von", "der", "la", "le", "abu", "abd", "ben"}

MONTHS = {
    m.lower(): i
    for i, names in enumerate(
        [
            (),
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ]  # fmt: skip
    )
    for m in names
}

NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip

CALENDAR = {m.title() for m in MONTHS} | {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}  # fmt: skip

NUM = r"(\d{1,3}|" + "|".join(NUMBERS) + r")"
