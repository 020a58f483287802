"""What of a response is appended to a ParEval prompt: ParEval's own reading, and ours.

ParEval builds ``prompt + "\\n" + output``: the prompt ends in the function's open brace, so an output is a
*continuation* (the body and the closing brace), which is how its generation files store outputs. A chat
model may instead answer with the whole function in a fenced block; ParEval's chat script keeps such text
almost as it is (its post-processing strips backticks and the letters ``c``/``p`` from the start, and a
leading copy of the prompt), so the whole function lands inside the prompt's open one and fails to build
there. We judge both forms: a whole function is reduced to its body, with the helpers written before it
placed before the function. ``pareval_output`` is what ParEval would append; ``our_output`` is ours.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: How an answer was written: a body continuing the prompt, a fenced body, a (fenced) whole function.
ANSWER_FORMS = ("continuation", "fenced body", "fenced function", "function")

_FENCE = re.compile(r"```[^\n`]*\n(.*?)(?:```|\Z)", re.S)
_QUALIFIERS = re.compile(r"\s*(?:const|noexcept|override|final|&&?|->\s*[\w:<>,\s\*&]+?)?\s*")


@dataclass(frozen=True)
class Composed:
    """Our reading of an answer: ``helpers`` go before the prompt's last line, ``output`` after it."""

    output: str
    helpers: str = ""
    form: str = "continuation"


def pareval_chat_postprocess(prompt: str, text: str) -> str:
    """The output ParEval's chat script stores for a raw response (the facts of its ``postprocess``:
    surrounding whitespace stripped, then leading backticks, ``c`` and ``p`` characters, then trailing
    backticks, then a leading copy of the prompt)."""
    output = text.strip().lstrip("`cp").rstrip("`")
    if output.startswith(prompt):
        output = output[len(prompt):]
    return output


def _matching(text: str, open_at: int, pair: str = "{}") -> int | None:
    """Index of the bracket closing the one at ``open_at`` (comments and literals are not parsed)."""
    depth = 0
    for index in range(open_at, len(text)):
        if text[index] == pair[0]:
            depth += 1
        elif text[index] == pair[1]:
            depth -= 1
            if depth == 0:
                return index
    return None


def _definition(text: str, function: str) -> tuple[int, int] | None:
    """(start of the line, index of the open brace) of a definition of ``function`` at brace depth 0."""
    for match in re.finditer(rf"\b{re.escape(function)}\s*\(", text):
        before = text[:match.start()]
        if before.count("{") != before.count("}"):
            continue
        close = _matching(text, match.end() - 1, "()")
        if close is None:
            continue
        after = _QUALIFIERS.match(text, close + 1)
        brace = after.end() if after else close + 1
        if brace < len(text) and text[brace] == "{":
            return before.rfind("\n") + 1, brace
    return None


def function_body(code: str, function: str) -> str | None:
    """The body of ``function``'s definition in ``code`` after its open brace, closing brace included."""
    found = _definition(code, function)
    if found is None:
        return None
    end = _matching(code, found[1])
    return code[found[1] + 1:] if end is None else code[found[1] + 1:end + 1]


def _closed(body: str) -> str:
    """A body continuing the prompt's open brace, with the closing brace added when it is missing."""
    return body if ("{" + body).count("{") <= body.count("}") else body.rstrip() + "\n}"


def _without_prompt_parts(helpers: str, prompt_head: str) -> str:
    """``helpers`` without the runs of lines that repeat a block of the prompt (a struct or helper the
    model copied), which would be defined twice."""
    lines = helpers.splitlines()
    blocks = [[ln.strip() for ln in block.splitlines() if ln.strip()] for block in re.split(r"\n\s*\n", prompt_head)]
    for block in sorted((b for b in blocks if b), key=len, reverse=True):
        stripped = [ln.strip() for ln in lines]
        for start in range(len(lines) - len(block) + 1):
            if stripped[start:start + len(block)] == block:
                del lines[start:start + len(block)]
                break
    return "\n".join(lines)


def _from_function(code: str, function: str, prompt: str, fenced: bool) -> Composed | None:
    found = _definition(code, function)
    if found is None:
        return None
    line_start, brace = found
    end = _matching(code, brace)
    body = code[brace + 1:] if end is None else code[brace + 1:end + 1]
    head = prompt.rsplit("\n", 1)[0] if "\n" in prompt else ""
    helpers = _without_prompt_parts(code[:line_start], head).strip("\n")
    return Composed(output=_closed(body), helpers=helpers, form="fenced function" if fenced else "function")


def our_output(prompt: str, function: str, text: str) -> Composed:
    """Our reading of a response or a stored output: a fenced block (the one naming the function first) or
    the text itself; a whole function becomes its body, a body continues the prompt."""
    blocks = _FENCE.findall(text)
    if blocks:
        naming = [b for b in blocks if re.search(rf"\b{re.escape(function)}\s*\(", b)]
        code = (naming or blocks)[0]
        return _from_function(code, function, prompt, True) or Composed(_closed(code), form="fenced body")
    code = text[len(prompt):] if text.startswith(prompt) else text
    last_line = prompt.splitlines()[-1].strip()
    if code.strip().startswith(last_line):  # the signature repeated before the body
        code = code.replace(last_line, "", 1)
        return Composed(_closed(code), form="continuation")
    return _from_function(code, function, prompt, False) or Composed(_closed(code), form="continuation")


def pareval_output(prompt: str, text: str, *, stored: bool) -> str:
    """What ParEval appends to the prompt: a stored output (a generations file) as it is, a raw chat
    response as its chat script would store it."""
    return text if stored else pareval_chat_postprocess(prompt, text)
