"""Exercise checkers, one module per chapter (`d2lmini/exercises/<chapter>.py`).

Every public `check_*` function of those modules is re-exported here and from `d2lmini`, so a
notebook calls `d2lmini.check_gan2d_win(answer)`. Each module also defines `EXAMPLES`, a dict
mapping a checker's name to `(right_answers, wrong_answers)`, which `tests/test_exercises.py`
uses to prove that the checker accepts the reference solution and rejects typical mistakes.
"""
import importlib
import pkgutil

__all__ = []
for _info in pkgutil.iter_modules(__path__):
    if _info.name.startswith('_'):
        continue
    _module = importlib.import_module(f'{__name__}.{_info.name}')
    for _name in dir(_module):
        if _name.startswith('check_'):
            globals()[_name] = getattr(_module, _name)
            __all__.append(_name)
