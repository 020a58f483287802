"""Code extraction: the C++ answer in a model's response (fenced blocks, helpers, any valid spelling of
the function's definition)."""
from __future__ import annotations

import re

_FENCE = re.compile(r"```[ \t]*(?P<lang>[\w+#-]*)[^\n]*\n(?P<body>.*?)(?:```|\Z)", re.S)
_CLOSED_FENCE = re.compile(r"```[ \t]*(?P<lang>[\w+#-]*)[^\n]*\n(?P<body>.*?)\n[ \t]*```", re.S)
_CPP_TAGS = {"", "cpp", "c++", "cc", "cxx", "c", "hpp", "h"}
# Comments and literals, so that a comment between ")" and "{" (or in the parameters) is read as blank.
_COMMENT_OR_LITERAL = re.compile(r'//[^\n]*|/\*.*?(?:\*/|\Z)|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
# What may stand between a definition's ")" and its "{": cv/ref qualifiers, noexcept(...), override/final,
# attributes, a trailing return type, `try` (a function-try-block); never ";", "=" or an operator.
_DECLARATOR_TAIL = re.compile(
    r"(?:\s|const\b|volatile\b|override\b|final\b|&&?|noexcept\b(?:\s*\((?:[^()]|\([^()]*\))*\))?"
    r"|throw\s*\([^()]*\)|\[\[.*?\]\]|__attribute__\s*\(\(.*?\)\)"
    r"|->\s*(?:[\w:<>,*&\s]|\((?:[^()]|\([^()]*\))*\))+?(?=\s*(?:\{|try\b|noexcept\b|override\b|final\b))"
    r"|requires\b[^{;]*?(?=\{)|try\b)*\{", re.S)
_NOT_A_FUNCTION = {"if", "for", "while", "switch", "catch", "return", "sizeof", "alignof", "decltype",
                   "defined", "static_assert", "noexcept", "main"}
_NAME_CALL = re.compile(r"(?<![.\w>])(?<!->)([A-Za-z_]\w*)\s*\(")
_TYPE_DEFINITION = re.compile(r"\b(struct|class|union)\s+\w+\s*(?:final\s*)?(?::[^;{]*)?\{")


def _blank_comments(code: str) -> str:
    """``code`` with comments blanked (same length) and string/char literals kept as they are."""
    return _COMMENT_OR_LITERAL.sub(lambda m: m[0] if m[0][0] in "\"'" else " " * len(m[0]), code)


def _closing_paren(code: str, open_at: int) -> int | None:
    depth = 0
    for i in range(open_at, len(code)):
        if code[i] == "(":
            depth += 1
        elif code[i] == ")":
            depth -= 1
            if depth == 0:
                return i
        elif code[i] in ";{}" and depth:
            return None  # a statement or body inside the parentheses: not a parameter list
    return None


def _defines(code: str, function: str | None = None) -> bool:
    """Whether ``code`` holds a C++ definition of ``function`` (of any function when None): its name, a
    balanced parameter list and, up to the ``{``, only what a declarator may hold."""
    bare = _blank_comments(code)
    for match in _NAME_CALL.finditer(bare):
        name = match[1]
        if (function is not None and name != function) or (function is None and name in _NOT_A_FUNCTION):
            continue
        close = _closing_paren(bare, match.end() - 1)
        if close is not None and _DECLARATOR_TAIL.match(bare, close + 1):
            return True
    return False


def _has_definition(code: str) -> bool:
    """A block that defines something (a function or a type) can hold helpers; a usage snippet does not."""
    return _defines(code) or bool(_TYPE_DEFINITION.search(_blank_comments(code)))


def closes_answer(text: str) -> bool:
    """Whether a response so far holds a closed C++ block that defines a function or type: the answer the
    prompt asks for is complete (the local model stops there)."""
    return any(m["lang"].lower() in _CPP_TAGS and _has_definition(m["body"]) for m in _CLOSED_FENCE.finditer(text))


def _strip_main(code: str) -> str:
    """Drop an ``int main(...) {...}`` the model added despite the instructions (it would clash)."""
    match = re.search(r"\bint\s+main\s*\([^)]*\)\s*\{", code)
    if not match:
        return code
    depth, i = 0, match.end() - 1
    while i < len(code):
        depth += {"{": 1, "}": -1}.get(code[i], 0)
        if depth == 0:
            return code[: match.start()] + code[i + 1:]
        i += 1
    return code[: match.start()]


def extract_code(text: str, function: str) -> str | None:
    """The C++ answer in a response: the fenced block defining ``function`` (with any other C++ blocks
    that define helpers), or unfenced text that defines it.

    A definition is any valid spelling: specifiers and attributes before it, templates, parameters over
    several lines, comments anywhere, ``const``/``noexcept``/a trailing return type/``try`` before the body."""
    blocks = [m["body"] for m in _FENCE.finditer(text) if m["lang"].lower() in _CPP_TAGS]
    if not blocks:
        blocks = [text] if _defines(text, function) else []
    chosen = [b for b in blocks if _defines(b, function)]
    if not chosen:
        return None
    main_block = chosen[-1]  # models that revise themselves put the final version last
    helpers = [b for b in blocks if b is not main_block and not _defines(b, function) and "main(" not in b
               and _has_definition(b)]
    code = "\n".join([*helpers, main_block])
    code = re.sub(r"^\s*#\s*include\s*[<\"]pareval\.hpp[>\"].*$", "", code, flags=re.M)
    return _strip_main(code).strip() + "\n"
