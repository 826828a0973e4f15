"""Script payloads, numbered per field so that a payload that runs names the field it came from.

Each payload calls `pwn(n)`; the browser test defines `pwn` before any page script runs and records the
numbers. Payloads that cannot call it (a link, a handler waiting for the mouse, the theme's configuration
replaced) are caught by the DOM checks instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Text from a YAML field, a front matter value or a commit: shown as it is, never read as Markdown or HTML.
INLINE = (
    "</title><script>pwn({n})</script>",
    "<script>pwn({n})</script>",
    "<img src=x onerror=pwn({n})>",
    "<svg onload=pwn({n})>",
    '<svg><a xlink:href="javascript:pwn({n})"><text y="20">svg link</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=pwn({n})>",
    '<iframe src="javascript:pwn({n})"></iframe>',
    '<iframe srcdoc="<script>parent.pwn({n})</script>"></iframe>',
    '<object data="javascript:pwn({n})"></object><embed src="javascript:pwn({n})">',
    '<form><button formaction="javascript:pwn({n})">go</button></form>',
    '<a href="javascript:pwn({n})">html link</a>',
    '<a href="jav&#x09;ascript:pwn({n})">tab link</a>',
    '<a href="javascript&colon;pwn({n})">named entity link</a>',
    '<a href="&#106;avascript:pwn({n})">numeric entity link</a>',
    "<details open ontoggle=pwn({n})>x</details>",
    "<input autofocus onfocus=pwn({n})>",
    '<base href="javascript:pwn({n})//">',
    '<meta http-equiv="refresh" content="0;url=javascript:pwn({n})">',
    "[md link](javascript:pwn({n}))",
    "[mixed case](JaVaScRiPt:pwn({n}))",
    "[data url](data:text/html;base64,PHNjcmlwdD5wd24oMSk8L3NjcmlwdD4=)",
    "![image](javascript:pwn({n}))",
    "<javascript:pwn({n})>",
    "[reference][r{n}] [r{n}]: javascript:pwn({n})",
    '" onmouseover="pwn({n})" x="',
    "' onfocus='pwn({n})' autofocus x='",
    '{: onclick="pwn({n})" }',
    '<div markdown="1">[in html](javascript:pwn({n}))</div>',
)

# Markdown written by people (the policy, templates, hand-written pages): blocks that only work on lines of their own.
BLOCKS = (
    '"Handlers from attr_list"\n{: onclick="pwn({n})" onmouseover="pwn({n})" style="position:fixed" }',
    "[reference link][block{n}]\n\n[block{n}]: javascript:pwn({n})",
    '### Heading with a handler {: onclick="pwn({n})" }',
    '### Heading with an id breakout {: #x"onmouseover="pwn({n}) }',
    "### __config",
    # The theme reads its configuration, which names the script its search runs, from the first `#__config`.
    '{"base": ".", "features": [], "search": "data:text/javascript,pwn({n})", "translations": {}}\n{: #__config }',
    '<div markdown>\n[md in html](javascript:pwn({n}))\n</div>',
)


@dataclass
class Payloads:
    """Hands out payloads, each numbered, and remembers which field and payload each number stands for."""

    placed: dict[int, str] = field(default_factory=dict)

    def inline(self, where: str) -> str:
        """Every inline payload on one line, as a YAML value or a title."""
        return " ".join(self._numbered(where, payload) for payload in INLINE)

    def markdown(self, where: str) -> str:
        """Every payload as a paragraph or block of its own, for a Markdown body."""
        blocks = [self._numbered(where, payload) for payload in (*INLINE, *BLOCKS)]
        return "\n\n".join(blocks) + "\n"

    def _numbered(self, where: str, payload: str) -> str:
        number = len(self.placed) + 1
        numbered = payload.replace("{n}", str(number))
        self.placed[number] = f"{where}: {numbered}"
        return numbered

    def named(self, numbers: list[int]) -> list[str]:
        return [self.placed.get(number, f"unknown payload {number}") for number in numbers]
