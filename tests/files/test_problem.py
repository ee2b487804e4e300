"""errors.Problem: a plain slotted value class that behaves as the frozen dataclass it was."""

from __future__ import annotations

import copy
import pickle

import pytest

from ci_assess.errors import InputError, Problem


def test_a_problem_is_a_value() -> None:
    one = Problem("a.yaml", "bad", 3, "fix it")
    assert one == Problem("a.yaml", "bad", line=3, hint="fix it", column=None)
    assert hash(one) == hash(Problem("a.yaml", "bad", 3, "fix it"))
    assert one != Problem("a.yaml", "bad", 4, "fix it")
    assert one != ("a.yaml", "bad", 3, "fix it", None)
    assert repr(one) == (
        "Problem(source='a.yaml', message='bad', line=3, hint='fix it', column=None)"
    )


def test_a_problem_cannot_be_changed_but_replaced() -> None:
    one = Problem("a.yaml", "bad")
    with pytest.raises(AttributeError):
        one.line = 3
    with pytest.raises(AttributeError):
        del one.message
    assert one.replace(line=3, column=2) == Problem("a.yaml", "bad", 3, None, 2)
    assert one == Problem("a.yaml", "bad")
    with pytest.raises(TypeError, match="no field 'row'"):
        one.replace(row=3)


def test_a_problem_survives_pickling_and_copying() -> None:
    """Batch workers send their errors to the parent process."""
    one = Problem("a.yaml", "bad", 3, "fix it", 7)
    assert pickle.loads(pickle.dumps(one)) == one
    assert copy.copy(one) == one
    error = pickle.loads(pickle.dumps(InputError([one])))
    assert error.problems == [one]


def test_a_problem_reads_as_before() -> None:
    assert str(Problem("a.yaml", "bad", 3, "fix it", 7)) == "a.yaml:3:7: bad\n  hint: fix it"
    assert str(Problem("a.yaml", "bad")) == "a.yaml: bad"
