"""`make bench`: the book's fast training loop against the chapter's plain one.

For each framework, each case in a fresh process (bench/case.py): the 2-D Gaussian GAN of
"A GAN on a 2-D Gaussian", all 2,500 steps, with `d2l.train` (the plain loop) and with
`d2l.train_fast` ("Making GAN training fast"), their steps/s, the ratio and both runs' fit;
the DCGAN of "DCGAN on MNIST" for a fixed number of steps both ways, with ms/step and the
ratio; the peak memory of every run, the machine's load average before it, and the execution
time of every notebook of the last book build. Writes _build/bench.json and prints a table;
each run shows a progress bar on stderr.
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

EXPERIMENTS = ['gaussian', 'dcgan']
LOOPS = ['plain', 'fast']  # timed in this order, one right after the other


def run_case(experiment, loop, framework, seed):
    """Run bench/case.py in a fresh process; its progress bar goes to our stderr."""
    command = [sys.executable, str(ROOT / 'bench' / 'case.py'), experiment, loop, framework,
               str(seed)]
    print(f'{experiment}/{framework}, {loop} loop:', file=sys.stderr, flush=True)
    tic = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f'{" ".join(command[1:])} failed (its error is above)')
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
    parser.add_argument('--experiment', nargs='*', default=EXPERIMENTS, choices=EXPERIMENTS)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    report = {'machine': machine(), 'results': {}}
    rows = []
    for experiment in args.experiment:
        for fw in args.framework:
            runs = {loop: run_case(experiment, loop, fw, args.seed) for loop in LOOPS}
            ratio = runs['fast']['steps_per_s'] / runs['plain']['steps_per_s']
            report['results'][f'{experiment}/{fw}'] = {**runs, 'ratio': round(ratio, 2)}
            rows.append((experiment, fw, runs['plain'], runs['fast'], ratio))
            print(f'{experiment}/{fw}: train_fast {ratio:.1f}x train', flush=True)
    report['notebook_seconds'] = notebook_times()
    BUILD.mkdir(exist_ok=True)
    (BUILD / 'bench.json').write_text(json.dumps(report, indent=1))
    print_table(rows, report['notebook_seconds'], report['machine'])


def fmt_fit(result):
    if 'mean_err' in result:
        return f"{result['mean_err']:.3f}/{result['cov_err']:.3f}"
    return '-'


def print_table(rows, notebooks, machine_name):
    head = (f"{'experiment':10s} {'framework':10s} {'plain':>12s} {'fast':>12s} {'ratio':>6s} "
            f"{'fit plain':>12s} {'fit fast':>12s} {'MB plain':>8s} {'MB fast':>8s} "
            f"{'load':>9s}  device")
    print(f'\nmachine: {machine_name}\n' + head + '\n' + '-' * len(head))
    for experiment, fw, plain, fast, ratio in rows:
        unit = (lambda r: f"{r['steps_per_s']:.0f} st/s") if experiment == 'gaussian' else \
            (lambda r: f"{1000 / r['steps_per_s']:.1f} ms/st")
        load = f"{plain['load_before']:.1f}/{fast['load_before']:.1f}"
        print(f"{experiment:10s} {fw:10s} {unit(plain):>12s} {unit(fast):>12s} "
              f"{ratio:5.1f}x {fmt_fit(plain):>12s} {fmt_fit(fast):>12s} "
              f"{plain['peak_mb']:8.0f} {fast['peak_mb']:8.0f} {load:>9s}  {fast['device']}")
    print('\n(plain = d2l.train, fast = d2l.train_fast; whole runs, compiling included; fit ='
          ' mean error / relative covariance error of the generated points; load = load '
          'average before each run: other programs slow a run down)')
    if notebooks:
        total = sum(notebooks.values())
        print(f'\nNotebook execution times of the last build (sum {total:.0f} s):')
        for name, seconds in notebooks.items():
            print(f'  {name:32s} {seconds:7.1f} s')
    print(f'\nwrote {BUILD / "bench.json"}')


if __name__ == '__main__':
    main()
