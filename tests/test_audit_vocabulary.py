"""Every action code and object type that the code writes to the audit log has a label in one vocabulary.

The codes are read from the source itself: each call of `audit.record`, and of the functions through which a
module passes its action on to it (follow_up's `_audit`), with the literal, the branches of a conditional, or
the literals a local name is given. An action built another way (an f-string) is expanded below from the same
rules the code uses; a new way of building one fails here until it is added.
"""

import ast
from pathlib import Path

from uprtrack.core.vocabulary import AuditAction, AuditObject, Moderation
from uprtrack.follow_up.kinds import KINDS
from uprtrack.validation.operations import ENTRY_KINDS
from uprtrack.voices.operations import DECISIONS

SOURCE = Path(__file__).resolve().parent.parent / "uprtrack"

# Actions built by an f-string, by where they are built: every value they can take.
BUILT = {
    ("accounts/administration.py", "change_user"): {"change-role", "change-organisation"},
    ("voices/operations.py", "moderate"): {
        f"{DECISIONS[decision]}-{kind}"
        for decision in (Moderation.PUBLISHED, Moderation.HIDDEN)
        for kind in ("comment", "assessment")
    },
    ("validation/operations.py", "_decide"): {
        f"{decision}-{kind}"
        for decision in ("validate", "return", "withdraw")
        for kind in sorted(ENTRY_KINDS)
    },
}
# Object types given by a name, by where: every value it can take.
BUILT_TYPES = {
    ("follow_up/operations.py", "_audit"): {kind.name for kind in KINDS},
    ("voices/operations.py", "moderate"): {"comment", "assessment"},
}


def _literals(node, function) -> set[str] | None:
    """The strings an argument can be, or None when it is built some other way."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, other = _literals(node.body, function), _literals(node.orelse, function)
        return None if body is None or other is None else body | other
    if isinstance(node, ast.Name) and function is not None:
        assigned = [
            n.value
            for n in ast.walk(function)
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets)
        ]
        if assigned:
            found = [_literals(value, function) for value in assigned]
            return None if None in found else set().union(*found)
    return None


def _callee(call: ast.Call) -> str | None:
    f = call.func
    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "audit":
        return f"audit.{f.attr}"
    return f.id if isinstance(f, ast.Name) else None


def _calls(function):
    return [n for n in ast.walk(function) if isinstance(n, ast.Call) and _callee(n)]


def written_codes() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """{where: actions} and {where: object types} written through audit.record, from the source."""
    actions: dict[str, set[str]] = {}
    types: dict[str, set[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        module = path.relative_to(SOURCE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        # A function that hands one of its parameters on as the action is a writer too: {name: position}.
        passers = {"audit.record": 1}
        changed = True
        while changed:
            changed = False
            for function in functions:
                params = [a.arg for a in function.args.args]
                for call in _calls(function):
                    position = passers.get(_callee(call))
                    if position is None or len(call.args) <= position:
                        continue
                    arg = call.args[position]
                    handed_on = isinstance(arg, ast.Name) and arg.id in params
                    if handed_on and passers.get(function.name) != params.index(arg.id):
                        passers[function.name] = params.index(arg.id)
                        changed = True
        for function in functions:
            where = (module, function.name)
            for call in _calls(function):
                callee = _callee(call)
                if callee == "audit.record":
                    found_type = _literals(call.args[2], function)
                    assert found_type is not None or where in BUILT_TYPES, (
                        f"{module}:{call.lineno}: add its object types to BUILT_TYPES"
                    )
                    types.setdefault(f"{module}:{call.lineno}", set()).update(
                        found_type or BUILT_TYPES[where]
                    )
                if callee not in passers:
                    continue
                arg = call.args[passers[callee]]
                if function.name in passers and isinstance(arg, ast.Name):
                    continue  # a parameter handed on: its values are read where it is given
                found = _literals(arg, function)
                assert found is not None or where in BUILT, (
                    f"{module}:{call.lineno} builds an audit action that this test cannot read: "
                    "add its values to BUILT"
                )
                actions.setdefault(f"{module}:{call.lineno}", set()).update(found or BUILT[where])
    return actions, types


def test_the_walk_finds_the_known_writers():
    actions, types = written_codes()
    every = set().union(*actions.values())
    # If the walk broke, it would find nothing and pass: it must find these, written in three ways.
    assert {"sign-in", "change-status", "publish", "withdraw", "link", "attach-file"} <= every
    assert {"hide-comment", "change-role", "assign", "change-due-date", "import-cancel"} <= every
    assert {"recommendation", "user", "pledge", "evidence", "comment", "file"} <= set().union(
        *types.values()
    )


def test_every_action_written_has_a_label():
    actions, _ = written_codes()
    missing = {where: codes - set(AuditAction.codes()) for where, codes in actions.items()}
    assert {where: codes for where, codes in missing.items() if codes} == {}
    for code in AuditAction.codes():
        assert str(AuditAction(code).label) != code


def test_every_object_type_written_has_a_label():
    _, types = written_codes()
    missing = {where: codes - set(AuditObject.codes()) for where, codes in types.items()}
    assert {where: codes for where, codes in missing.items() if codes} == {}
    assert {kind.name for kind in KINDS} <= set(AuditObject.codes())


def test_every_detail_written_is_shown_in_words_or_hidden():
    """Each keyword an operation writes into an entry's detail has a label on the audit page, or is hidden."""
    from uprtrack.accounts.audit_detail import HIDDEN, LABELS

    written = set()
    for path in sorted(SOURCE.rglob("*.py")):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(call, ast.Call) and _callee(call) == "audit.record":
                written |= {k.arg for k in call.keywords if k.arg not in (None, "user", "actor")}
    assert "organisation" in written and "reason" in written  # the walk finds the writers
    assert sorted(written - set(LABELS) - HIDDEN) == []
