"""Small parsing helpers shared by the checkers of the theory chapters.

They turn whatever the reader typed into a number, a tuple or a set, or return None
so that the checker can say what it expected instead of raising a traceback.
"""
import math

__all__ = ['as_float', 'as_tuple_of_floats', 'as_word_set', 'close']


def as_float(answer):
    """`answer` as a finite float, or None when it is not a single number."""
    if isinstance(answer, bool):
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def as_tuple_of_floats(answer, length):
    """`answer` as a tuple of `length` floats, or None when it is not one."""
    if isinstance(answer, (str, bytes)):
        return None
    try:
        values = tuple(answer)
    except TypeError:
        return None
    if len(values) != length:
        return None
    floats = tuple(as_float(v) for v in values)
    return None if None in floats else floats


def as_word_set(answer):
    """`answer` (a string, or a collection of strings) as a set of lower-case words.

    'Flows, autoregressive' and ['flows', 'Autoregressive'] give the same set.
    Returns None when the answer holds something other than strings.
    """
    if isinstance(answer, str):
        answer = answer.replace(',', ' ').split()
    try:
        items = list(answer)
    except TypeError:
        return None
    if not all(isinstance(item, str) for item in items):
        return None
    return {item.strip().lower() for item in items if item.strip()}


def close(value, target, rel=1e-2, abs_tol=1e-3):
    """True when `value` is within 1% (or 0.001) of `target`: typed answers are rounded."""
    return math.isclose(value, target, rel_tol=rel, abs_tol=abs_tol)
