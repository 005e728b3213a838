"""What every checker shares: one clear verdict line, and a bool for tests."""

__all__ = ['report', 'expect']


def report(ok, hint, expected=None):
    """Print 'Correct!' or 'Not yet: <hint>' and return `ok`.

    `expected` describes the form of the answer; it is printed when the reader passes `None`
    (the empty answer cell of the notebooks).
    """
    if ok:
        print('Correct!')
    else:
        print(f'Not yet: {hint}')
    return bool(ok)


def expect(answer, description):
    """Return True (and say what is expected) when the answer cell is still empty."""
    if answer is None:
        print(f'Fill in your answer: {description}')
        return True
    return False
