"""Every exercise checker accepts its right answers and rejects its wrong ones.

Generic over all modules of `d2lmini/exercises`: a new chapter's checkers are tested as
soon as its module exists. Each module lists, in `EXAMPLES`, for each public `check_*`
function, `(right_answers, wrong_answers)`: the reference solutions and the typical
mistakes a reader makes (including malformed input, which must get a clear message,
not a traceback).
"""
import importlib
import inspect
import pkgutil

import pytest

import d2lmini
import d2lmini.exercises


def checker_modules():
    """The chapter modules of d2lmini.exercises (helpers start with an underscore)."""
    return [importlib.import_module(f'd2lmini.exercises.{info.name}')
            for info in pkgutil.iter_modules(d2lmini.exercises.__path__)
            if not info.name.startswith('_')]


def public_checkers(module):
    return {name: obj for name, obj in vars(module).items()
            if name.startswith('check_') and inspect.isfunction(obj)
            and obj.__module__ == module.__name__}


def all_checkers():
    return [(module, name, fn) for module in checker_modules()
            for name, fn in sorted(public_checkers(module).items())]


def example_cases(kind):
    """One pytest parameter per example answer; kind 0 = right, 1 = wrong."""
    cases = []
    for module in checker_modules():
        for name, answers in getattr(module, 'EXAMPLES', {}).items():
            for i, answer in enumerate(answers[kind]):
                cases.append(pytest.param(module, name, answer,
                                          id=f'{module.__name__.split(".")[-1]}.{name}[{i}]'))
    return cases


CHECKER_IDS = [f'{m.__name__.split(".")[-1]}.{n}' for m, n, _ in all_checkers()]


def test_there_are_checkers():
    assert all_checkers(), 'no check_* function found in d2lmini/exercises'


@pytest.mark.parametrize('module, name, fn', all_checkers(), ids=CHECKER_IDS)
def test_every_checker_has_examples(module, name, fn):
    examples = getattr(module, 'EXAMPLES', None)
    assert examples is not None, f'{module.__name__} defines no EXAMPLES'
    assert name in examples, f'{name} has no entry in {module.__name__}.EXAMPLES'
    right, wrong = examples[name]
    assert len(right) >= 1 and len(wrong) >= 1, \
        f'{name} needs at least one right and one wrong example answer'


@pytest.mark.parametrize('module', checker_modules(),
                         ids=lambda m: m.__name__.split('.')[-1])
def test_examples_name_existing_checkers(module):
    unknown = set(getattr(module, 'EXAMPLES', {})) - set(public_checkers(module))
    assert not unknown, f'EXAMPLES of {module.__name__} names no checker {unknown}'


@pytest.mark.parametrize('module, name, fn', all_checkers(), ids=CHECKER_IDS)
def test_checker_is_documented_and_exported(module, name, fn):
    assert inspect.getdoc(fn), f'{name} needs a docstring (it is in the API appendix)'
    assert list(inspect.signature(fn).parameters) == ['answer'], \
        f'{name} must take exactly one parameter, `answer`'
    assert getattr(d2lmini.exercises, name, None) is fn, \
        f'{name} is not re-exported by d2lmini.exercises'


@pytest.mark.parametrize('module, name, fn', all_checkers(), ids=CHECKER_IDS)
def test_empty_answer_says_what_is_expected(module, name, fn, capsys):
    assert fn(None) is False
    out = capsys.readouterr().out
    assert out.startswith('Fill in your answer:') and len(out.strip()) > 25, out


@pytest.mark.parametrize('module, name, answer', example_cases(0))
def test_right_answer_passes(module, name, answer, capsys):
    assert getattr(module, name)(answer) is True
    assert capsys.readouterr().out.strip() == 'Correct!'


@pytest.mark.parametrize('module, name, answer', example_cases(1))
def test_wrong_answer_fails_with_a_hint(module, name, answer, capsys):
    assert getattr(module, name)(answer) is False
    out = capsys.readouterr().out.strip()
    assert out.startswith('Not yet: ') and len(out) > len('Not yet: ') + 10, out
    assert '\n' not in out, 'one verdict line, please'


@pytest.mark.parametrize('framework', list(d2lmini.FRAMEWORKS))
def test_steps_key_counts_the_minibatches_load_array_makes(framework):
    """The key of "Counting the steps" is what the book's load_array does in training."""
    import numpy as np
    from d2lmini.exercises import gan_2d
    try:
        d2l = d2lmini.import_framework(framework)
    except ImportError as err:
        pytest.skip(f'{framework} is not importable: {err}')
    data = np.zeros((gan_2d.NUM_EXAMPLES, 2), dtype=np.float32)
    batches = list(d2l.load_array((data,), gan_2d.GLASSNER_BATCH_SIZE))
    assert len(batches) == gan_2d.steps_per_epoch(gan_2d.NUM_EXAMPLES,
                                                  gan_2d.GLASSNER_BATCH_SIZE)
    assert {len(X) for (X,) in batches} == {gan_2d.GLASSNER_BATCH_SIZE}
    assert gan_2d.check_gan2d_steps(len(batches) * gan_2d.GLASSNER_EPOCHS)
