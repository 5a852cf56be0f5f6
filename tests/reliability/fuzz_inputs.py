"""Hostile inputs shared by the fuzz tests and the scaling bench: each builder takes a size."""

from __future__ import annotations

import random

SUFFIXES = [".txt", ".md", ".markdown", ".html", ".htm"]
SCRIPT_MARKER = "kbfuzzpayload"


def huge_line(n: int) -> str:
    """One line, no break: a headline pasted n characters long."""
    words = ["Idlib", "Ankara", "Moscow", "ceasefire", "observation", "post", "M4", "2020"]
    out, size, i = [], 0, 0
    while size < n:
        word = words[i % len(words)]
        out.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(out)[:n]


def deep_markdown(depth: int) -> str:
    """Quotes, lists and emphasis nested ``depth`` levels deep."""
    lines = ["# " + "#" * min(depth, 10) + " Heading", ""]
    for level in range(depth):
        lines.append("> " * level + f"Quoted level {level} about Idlib.")
    for level in range(depth):
        lines.append("  " * level + f"- item {level} [link](http://x/{level})")
    lines.append("*" * depth + "bold" + "*" * depth)
    lines.append("[" * depth + "bracket" + "]" * depth)
    return "\n".join(lines)


def html_with_scripts(depth: int, text: str = "Turkish troops held Morek.") -> str:
    """A page with script and style blocks, inline handlers and ``depth`` nested divs."""
    payload = f"<script>document.write('{SCRIPT_MARKER}');</script>"
    return (
        "<!doctype html><html><head><title>Idlib report</title>"
        f"<script>var x = '{SCRIPT_MARKER}';</script><style>p{{color:red}}</style></head>"
        "<body onload=\"alert('x')\">"
        + "<div>" * depth
        + f"<h1>Idlib report</h1><p>{text}</p>{payload}<p>{text}</p>"
        + "</div>" * depth
        + f"<noscript>{SCRIPT_MARKER}</noscript><img src=x onerror=alert(1)></body></html>"
    )


def mutate(data: bytes, rng: random.Random, edits: int) -> bytes:
    """Delete, insert, replace and duplicate random byte runs."""
    buf = bytearray(data)
    for _ in range(edits):
        if not buf:
            buf.extend(rng.randbytes(8))
            continue
        at = rng.randrange(len(buf))
        op = rng.randrange(4)
        if op == 0:
            del buf[at : at + rng.randint(1, 64)]
        elif op == 1:
            buf[at:at] = rng.randbytes(rng.randint(1, 16))
        elif op == 2:
            buf[at] = rng.randrange(256)
        else:
            buf[at:at] = buf[at : at + rng.randint(1, 256)]
    return bytes(buf)
