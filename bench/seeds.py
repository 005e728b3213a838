"""`make seeds`: the MNIST GANs must reach their quality thresholds for any seed.

Runs `python -m d2lmini run mlp|dcgan|cgan --framework F --seed S --json` for further seeds
(1 and 2; the notebooks use the default seed 0) in every framework and checks each result with the
same thresholds as the notebooks (`d2lmini.assert_fit`). Slow (about 35 minutes on 2 cores),
so it is not part of `make test`; prints a table and exits 1 if a run misses a threshold.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import d2lmini  # noqa: E402

KINDS = {'mlp': 'mlp_mnist', 'dcgan': 'dcgan_mnist', 'cgan': 'cgan_mnist'}


def run(experiment, framework, seed):
    command = [sys.executable, '-m', 'd2lmini', 'run', experiment, '--framework', framework,
               '--seed', str(seed), '--json']
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2')
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    if done.returncode != 0:
        return None, done.stderr.strip().splitlines()[-1:]
    return json.loads(done.stdout.strip().splitlines()[-1]), None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seeds', type=int, nargs='*', default=[1, 2])
    parser.add_argument('--experiment', nargs='*', default=list(KINDS), choices=list(KINDS))
    parser.add_argument('--framework', nargs='*', default=list(d2lmini.FRAMEWORKS))
    args = parser.parse_args()
    failures, results = 0, []
    print(f"{'run':28s} {'seconds':>8s} {'FD':>7s} {'real':>7s} {'blur1.1':>8s} "
          f"{'blur1.5':>8s} {'cover':>5s} {'entropy':>7s}  verdict")
    for experiment in args.experiment:
        for framework in args.framework:
            for seed in args.seeds:
                name = f'{experiment}/{framework}/seed {seed}'
                result, error = run(experiment, framework, seed)
                if result is None:
                    failures += 1
                    print(f'{name:28s} FAILED to run: {error}')
                    continue
                try:
                    d2lmini.assert_fit(KINDS[experiment], result)
                    verdict = 'ok'
                except AssertionError as err:
                    failures += 1
                    verdict = f'MISSED: {err}'
                results.append(result)
                print(f"{name:28s} {result['seconds']:8.1f} {result['fd']:7.2f} "
                      f"{result['real_fd']:7.2f} {result['blur_fd_1.1']:8.2f} "
                      f"{result['blur_fd_1.5']:8.2f} {result['coverage']:5d} "
                      f"{result['entropy']:7.3f}  {verdict}"
                      + (f" (weakest class {result['min_class_accuracy']:.3f})"
                         if 'min_class_accuracy' in result else ''), flush=True)
    out = ROOT / '_build' / 'seeds.json'
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(f'\n{len(results)} runs, {failures} failed; wrote {out}')
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
