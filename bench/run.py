"""`make bench`: compiled d2lmini training vs eager d2l-style reference loops, in one run.

For each framework: the 2-D Gaussian GAN (20 epochs of batch 8, 2,500 steps) both ways, with
steps/s, the ratio and both runs' fit; the DCGAN for a fixed number of steps both ways, with
ms/step and the ratio; the peak memory of every run; and the execution time of every
notebook of the last book build. Writes _build/bench.json and prints a table.

The targets (issue 7), as ratios measured in the same run on 2 CPU cores: 2-D GAN at least
15x (TensorFlow), 3x (MXNet), 2x (PyTorch) with equal or better fit; DCGAN at least 1.5x.
"""
import argparse
import json
import os
import pathlib
import platform
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Not tools/common.py: the bench runs where only the frameworks are installed (a GPU machine)
BUILD = ROOT / '_build'
EXEC = BUILD / 'exec'  # the executed notebooks of the last book build (tools/execute.py)
sys.path.insert(0, str(ROOT))
from d2lmini.frameworks import FRAMEWORKS  # noqa: E402  (framework-neutral: numpy only)

TARGETS = {'gaussian': {'pytorch': 2.0, 'tensorflow': 15.0, 'mxnet': 3.0},
           'dcgan': {'pytorch': 1.5, 'tensorflow': 1.5, 'mxnet': 1.5}}


def run_case(experiment, mode, framework, seed):
    command = [sys.executable, str(ROOT / 'bench' / 'case.py'), experiment, mode, framework,
               str(seed)]
    tic = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f'{" ".join(command[1:])} failed:\n{done.stderr[-3000:]}')
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result['wall_s'] = round(time.perf_counter() - tic, 1)
    return result


def notebook_times():
    paths = sorted(EXEC.glob('*/*.ipynb'))
    if not paths:  # no book built here (e.g. a GPU machine that only runs the bench)
        return {}
    try:
        import nbformat
    except ImportError:  # the bench alone needs only the frameworks
        return {}
    times = {}
    for path in paths:
        meta = nbformat.read(path, as_version=4).metadata.get('d2lmini_exec', {})
        if meta.get('complete'):
            times[f'{path.parent.name}/{path.stem}'] = meta.get('seconds')
    return times


def machine():
    """The processor and core count, and the GPU when `nvidia-smi` lists one."""
    text = f'{platform.processor() or platform.machine()}, {os.cpu_count()} cores'
    if shutil.which('nvidia-smi'):
        gpus = subprocess.run(['nvidia-smi', '-L'], capture_output=True, text=True).stdout
        if gpus.strip():
            text += ', ' + gpus.strip().splitlines()[0]
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--framework', nargs='*', default=list(FRAMEWORKS),
                        choices=list(FRAMEWORKS))
    parser.add_argument('--experiment', nargs='*', default=['gaussian', 'dcgan'],
                        choices=['gaussian', 'dcgan'])
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    report = {'machine': machine(), 'results': {}}
    rows = []
    for experiment in args.experiment:
        for fw in args.framework:
            fast = run_case(experiment, 'fast', fw, args.seed)
            eager = run_case(experiment, 'eager', fw, args.seed)
            ratio = fast['steps_per_s'] / eager['steps_per_s']
            target = TARGETS[experiment][fw]
            report['results'][f'{experiment}/{fw}'] = {
                'fast': fast, 'eager': eager, 'ratio': round(ratio, 2), 'target': target,
                'meets_target': ratio >= target}
            rows.append((experiment, fw, fast, eager, ratio, target))
            print(f'{experiment}/{fw}: {ratio:.1f}x', flush=True)
    report['notebook_seconds'] = notebook_times()
    BUILD.mkdir(exist_ok=True)
    (BUILD / 'bench.json').write_text(json.dumps(report, indent=1))
    print_table(rows, report['notebook_seconds'], report['machine'])


def fmt_fit(result):
    if 'mean_err' in result:
        return f"{result['mean_err']:.3f}/{result['cov_err']:.3f}"
    return '-'


def print_table(rows, notebooks, machine_name):
    head = (f"{'experiment':10s} {'framework':10s} {'fast':>12s} {'eager':>12s} {'ratio':>7s} "
            f"{'target':>6s} {'fit fast':>12s} {'fit eager':>12s} {'MB fast':>8s} "
            f"{'MB eager':>8s}  device fast/eager")
    print(f'\nmachine: {machine_name}\n' + head + '\n' + '-' * len(head))
    for experiment, fw, fast, eager, ratio, target in rows:
        unit = (lambda r: f"{r['steps_per_s']:.0f} st/s") if experiment == 'gaussian' else \
            (lambda r: f"{1000 / r['steps_per_s']:.1f} ms/st")
        print(f"{experiment:10s} {fw:10s} {unit(fast):>12s} {unit(eager):>12s} "
              f"{ratio:6.1f}x {target:5.1f}x {fmt_fit(fast):>12s} {fmt_fit(eager):>12s} "
              f"{fast['peak_mb']:8.0f} {eager['peak_mb']:8.0f}  "
              f"{fast['device']}/{eager['device']}")
    print('\n(fit = mean error / relative covariance error of the generated points)')
    if notebooks:
        total = sum(notebooks.values())
        print(f'\nNotebook execution times of the last build (sum {total:.0f} s):')
        for name, seconds in notebooks.items():
            print(f'  {name:32s} {seconds:7.1f} s')
    print(f'\nwrote {BUILD / "bench.json"}')


if __name__ == '__main__':
    main()
