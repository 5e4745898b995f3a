"""Exit codes, and turning failures into diagnostics so that no traceback reaches a user.

Exit codes (every command):

    0  fine — warnings allowed; solve found a roster (optimal or feasible)
    1  problems found — errors in the program or its data, no roster meets the hard
       rules (infeasible), a hard rule broken by the roster (verify), an assertion
       refuted
    2  could not run — bad arguments, a file that cannot be read, an unreadable
       roster, an output file that exists or cannot be written, nothing found within
       the time limit (status unknown), a check that could not decide everything it
       asks within its limits (undecided), out of memory, an internal error
"""

from __future__ import annotations

import hashlib
import traceback

from rotalang.diagnostics import Diagnostic

OK = 0
PROBLEMS = 1
CANNOT_RUN = 2

# Errors that mean the tool could not do its job, rather than a problem found in the
# user's rules: files that cannot be read, outputs that cannot be written, limits.
_CANNOT_RUN_CODES = {"E0001", "E0020", "E0021", "E0022", "E0023", "E0030", "E0031", "E0032",
                     "E0901", "E0902"}


def exit_code_for(diagnostics, *, input_stage: bool = False) -> int:
    """The exit code for a run that stopped with these diagnostics. `input_stage`:
    the errors came from reading a secondary input (a roster), so nothing was checked."""
    errors = [d for d in diagnostics if d.is_error]
    if not errors:
        return OK
    if input_stage or any(d.code in _CANNOT_RUN_CODES for d in errors):
        return CANNOT_RUN
    return PROBLEMS


def incident_id(exc: BaseException) -> str:
    """A short id for an internal error: the same bug (same exception type at the same
    places in the code) gives the same id, whatever the input's text."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = ";".join(f"{f.filename.rsplit('rotalang', 1)[-1]}:{f.name}:{f.lineno}"
                     for f in frames)
    return hashlib.sha1(f"{type(exc).__name__}|{where}".encode()).hexdigest()[:8]


def internal_error(exc: BaseException) -> Diagnostic:
    ident = incident_id(exc)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return Diagnostic.error(
        "E0901", f"internal error {ident}: {detail}",
        notes=("this is a bug in rotalang, not in your rules",),
        help=f"please report it with the id {ident} and the command you ran; "
             "run again with --debug to see the full traceback")


def out_of_memory(cap) -> Diagnostic:
    """E0902, naming the cap that was reached (a `limits.MemoryCap`, or None)."""
    if cap is None:
        return Diagnostic.error(
            "E0902", "out of memory",
            help="make the problem smaller (fewer days, people or rules), or set "
                 "--memory-limit to fail sooner")
    if cap.default:
        return Diagnostic.error(
            "E0902", f"out of memory (the default budget of {cap.megabytes:,} MB, "
                     "3/4 of this machine's memory)",
            help="make the problem smaller (fewer days, people or rules), or give it more "
                 "with --memory-limit MB")
    return Diagnostic.error(
        "E0902", f"out of memory (limit {cap.megabytes} MB)",
        help="raise --memory-limit, or make the problem smaller (fewer days, people or "
             "rules)")
