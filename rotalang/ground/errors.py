"""How grounding reports a problem found while evaluating one rule.

`GroundError` carries one diagnostic; the grounder catches it per rule, records the
diagnostic and goes on with the next rule, so that every failing rule is reported.
"""

from __future__ import annotations

import attrs

from rotalang.diagnostics import SOURCES, Diagnostic, Label, Span

TOO_LARGE = "E0501"
UNSUPPORTED = "E0502"
BAD_WEIGHT = "E0503"
BAD_VALUE = "E0504"
REST_WITHOUT_TIMES = "W0501"
ZERO_WEIGHT = "W0502"


class WorkLimit(Exception):
    """The evaluator has made more terms than the grounder's budget allows: raised
    while an expression is still being built (a nested `some` can multiply its size at
    every level), so the grounder can refuse the rule (E0501) before memory runs out."""


class OutOfTime(Exception):
    """The caller's deadline passed while grounding (the time limit of `check` or
    `solve` covers grounding): `rule` was being grounded, `done` of `total` rules were
    done. Not a problem with the program: the caller reports it as undecided."""

    def __init__(self, rule: str, done: int, total: int):
        super().__init__(f"out of time while grounding rule {rule} ({done} of {total} done)")
        self.rule, self.done, self.total = rule, done, total


class MissingValue(Exception):
    """An optional attribute without a value was read (`values.MISSING`): the grounder
    leaves the instance out, or the record out of the `where` that read it."""


class GroundError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def fail(code: str, message: str, span: Span | None, help: str | None = None,
         label: str | None = None, labels: tuple[Label, ...] = ()) -> GroundError:
    return GroundError(Diagnostic.error(code, message, span, help=help, label=label,
                                        labels=labels))


def written(span: Span | None, fallback: str) -> str:
    """The source text under `span` on one line (what the author wrote), so a help can
    quote it; `fallback` when the source is not known."""
    text = SOURCES.text(span.file) if span is not None else None
    if text is None or span.end_offset <= span.start_offset:
        return fallback
    return " ".join(text[span.start_offset:span.end_offset].split()) or fallback


THIS_BINDING = "for this binding"


def binding_words(binding: tuple[tuple[str, str], ...], bare: bool = False) -> str:
    """A binding as an author reads it: "p = 王伟, d = 2025-02-10"; with `bare` and a
    single binder, just its value ("王伟")."""
    if bare and len(binding) == 1:
        return binding[0][1]
    return ", ".join(f"{name} = {value}" for name, value in binding)


def in_binding(diagnostic: Diagnostic, binding: tuple[tuple[str, str], ...]) -> Diagnostic:
    """`diagnostic`, raised while grounding one instance, with the instance named: a
    label "… for this binding" becomes "… for 王伟"; otherwise a note names it."""
    if not binding:
        return diagnostic
    if diagnostic.label and THIS_BINDING in diagnostic.label:
        return attrs.evolve(diagnostic, label=diagnostic.label.replace(
            THIS_BINDING, f"for {binding_words(binding, bare=True)}"))
    if diagnostic.code == BAD_VALUE:
        return attrs.evolve(diagnostic, notes=(
            *diagnostic.notes, f"this happens for {binding_words(binding)}"))
    return diagnostic
