"""Formulas of computed indicators, parsed and evaluated by a small grammar — never `eval`.

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := "-" unary | atom
    atom   := NUMBER | CODE | FUNC "(" expr ("," expr)* ")" | "(" expr ")"

CODE is an indicator code (a letter or "_", then letters, digits, "_" and "."). FUNC is one of
min, max, abs. A missing operand or a division by zero makes the result None ("no value"),
never an exception at evaluation time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

NUMBER = re.compile(r"\d+(?:\.\d+)?")
CODE = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
FUNCTIONS: dict[str, Callable[..., float]] = {"min": min, "max": max, "abs": abs}
MAX_LENGTH = 500
MAX_DEPTH = 50


class FormulaError(ValueError):
    """A formula that cannot be parsed; the message is Vietnamese and names the position."""


@dataclass(frozen=True)
class Token:
    kind: str  # num, code, op
    text: str
    pos: int


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Ref:
    code: str


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class BinOp:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


Node = Num | Ref | Neg | BinOp | Call


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"Công thức quá dài (tối đa {MAX_LENGTH} ký tự).")
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch.isspace():
            pos += 1
            continue
        if ch in "+-*/(),":
            tokens.append(Token("op", ch, pos))
            pos += 1
            continue
        match = NUMBER.match(text, pos) or CODE.match(text, pos)
        if match is None:
            raise FormulaError(f"Ký tự “{ch}” không hợp lệ ở vị trí {pos + 1}.")
        kind = "num" if match.re is NUMBER else "code"
        tokens.append(Token(kind, match.group(), pos))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, text: str | None = None) -> Token:
        token = self.peek()
        if token is None:
            raise FormulaError("Công thức kết thúc đột ngột: thiếu toán hạng hoặc dấu “)”.")
        if text is not None and token.text != text:
            raise FormulaError(f"Cần “{text}” ở vị trí {token.pos + 1}, gặp “{token.text}”.")
        self.i += 1
        return token

    def expr(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError("Công thức lồng quá sâu.")
        node = self.term()
        while (t := self.peek()) is not None and t.text in "+-" and t.kind == "op":
            self.take()
            node = BinOp(t.text, node, self.term())
        self.depth -= 1
        return node

    def term(self) -> Node:
        node = self.unary()
        while (t := self.peek()) is not None and t.text in "*/" and t.kind == "op":
            self.take()
            node = BinOp(t.text, node, self.unary())
        return node

    def unary(self) -> Node:
        t = self.peek()
        if t is not None and t.kind == "op" and t.text == "-":
            self.take()
            return Neg(self.unary())
        return self.atom()

    def atom(self) -> Node:
        t = self.take()
        if t.kind == "num":
            return Num(float(t.text))
        if t.kind == "code":
            nxt = self.peek()
            if nxt is not None and nxt.text == "(":
                return self.call(t)
            return Ref(t.text)
        if t.text == "(":
            node = self.expr()
            self.take(")")
            return node
        raise FormulaError(f"Không mong đợi “{t.text}” ở vị trí {t.pos + 1}.")

    def call(self, name: Token) -> Node:
        if name.text.lower() not in FUNCTIONS:
            allowed = ", ".join(FUNCTIONS)
            raise FormulaError(f"Hàm “{name.text}” không được hỗ trợ (chỉ dùng {allowed}).")
        self.take("(")
        args = [self.expr()]
        while (t := self.peek()) is not None and t.text == ",":
            self.take()
            args.append(self.expr())
        self.take(")")
        if name.text.lower() == "abs" and len(args) != 1:
            raise FormulaError("Hàm abs nhận đúng một tham số.")
        return Call(name.text.lower(), tuple(args))


def parse(text: str) -> Node:
    tokens = tokenize(text)
    if not tokens:
        raise FormulaError("Công thức trống.")
    parser = _Parser(tokens)
    node = parser.expr()
    extra = parser.peek()
    if extra is not None:
        raise FormulaError(f"Thừa “{extra.text}” ở vị trí {extra.pos + 1}.")
    return node


def references(node: Node) -> set[str]:
    """The indicator codes a formula reads."""
    match node:
        case Ref(code):
            return {code}
        case Neg(operand):
            return references(operand)
        case BinOp(_, left, right):
            return references(left) | references(right)
        case Call(_, args):
            return set().union(*(references(a) for a in args))
    return set()


def evaluate(node: Node, values: Mapping[str, float | None]) -> float | None:
    """The formula's value given each referenced code's value (None when missing)."""
    match node:
        case Num(value):
            return value
        case Ref(code):
            return values.get(code)
        case Neg(operand):
            inner = evaluate(operand, values)
            return None if inner is None else -inner
        case BinOp(op, left, right):
            return _binop(op, evaluate(left, values), evaluate(right, values))
        case Call(name, args):
            evaluated = [evaluate(a, values) for a in args]
            if any(v is None for v in evaluated):
                return None
            return float(FUNCTIONS[name](*evaluated))
    return None


def _binop(op: str, a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return None
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return None if b == 0 else a / b


def formula_check(text: str, *, known: set[str], own_code: str, depends: Mapping[str, set[str]]) -> set[str]:
    """Parse `text` and check it only reads known indicators and makes no cycle; return
    the codes it reads. `depends` maps each computed indicator's code to the codes it reads."""
    refs = references(parse(text))
    unknown = sorted(refs - known)
    if unknown:
        raise FormulaError(f"Công thức dùng mã chỉ số chưa có: {', '.join(unknown)}.")
    if _reaches(own_code, refs, depends):
        raise FormulaError(f"Công thức tạo vòng lặp: chỉ số {own_code} phụ thuộc vào chính nó.")
    return refs


def _reaches(target: str, start: set[str], depends: Mapping[str, set[str]]) -> bool:
    seen: set[str] = set()
    frontier = set(start)
    while frontier:
        if target in frontier:
            return True
        seen |= frontier
        frontier = set().union(*(depends.get(c, set()) for c in frontier)) - seen
    return False
