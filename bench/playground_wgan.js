// How the playground's engine trains WGAN-GP on the ring with other settings: the runs
// behind the settings in LOSS_PRESETS.wgangp (gan-playground-engine.js).
//
//     node bench/playground_wgan.js [name ...] [--steps N] [--every N] [--seeds 0,1,2]
//
// Each named setting (default: all) trains on the ring once per seed and prints, every
// `every` generator steps, modes covered / high-quality share / median distance of a
// generated point to its nearest mode, from the engine's own metrics (1,000 samples). The
// chosen settings cover the 8 modes by 1,750 steps; without the moving average of G or
// with lambda = 10 they do not settle. Several minutes per setting on a quiet core.
'use strict';
const path = require('path');
const GANPlayground = require(path.join(__dirname, '..', 'book', '_static', 'playground',
                                        'gan-playground-engine.js'));

const CHOSEN = GANPlayground.LOSS_PRESETS.wgangp;
const SETTINGS = {
  chosen: {},
  'no average': { emaDecay: 0 },
  'no average, batch 64': { emaDecay: 0, batch: 64 },
  'no average, batch 256': { emaDecay: 0, batch: 256 },
  'lambda 10': { gpWeight: 10, emaDecay: 0 },
  'lambda 0.1, lr 8e-3/2e-3': { gpWeight: 0.1, lrD: 8e-3, lrG: 2e-3, emaDecay: 0, batch: 64 },
  'n_critic 5, lr 2e-3': { kD: 5, lrD: 2e-3, lrG: 2e-3, emaDecay: 0, batch: 64 },
  "paper's": { kD: 5, lrD: 1e-4, lrG: 1e-4, gpWeight: 10, emaDecay: 0, batch: 64 },
  saturating: { lossG: 'saturating' },
  nonsaturating: { lossG: 'nonsaturating' },
};

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const steps = Number(option('steps', GANPlayground.WGAN_RING_STEPS));
const every = Number(option('every', 250));
const seeds = option('seeds', '0').split(',').map(Number);
const flags = new Set(['--steps', '--every', '--seeds']);
const names = process.argv.slice(2).filter((a, i, all) => !flags.has(a) && !flags.has(all[i - 1]));

const modes = Array.from({ length: 8 }, (_, k) => [2 * Math.cos(k * Math.PI / 4),
                                                    2 * Math.sin(k * Math.PI / 4)]);
function medianDistance(P) {
  const d = [];
  for (let i = 0; i < P.length / 2; i++) {
    d.push(Math.min(...modes.map(([x, y]) => Math.hypot(P[2 * i] - x, P[2 * i + 1] - y))));
  }
  return d.sort((a, b) => a - b)[d.length >> 1];
}

console.log(`chosen: ${JSON.stringify(CHOSEN)}`);
for (const name of names.length ? names : Object.keys(SETTINGS)) {
  for (const seed of seeds) {
    const lossG = SETTINGS[name].lossG || 'wgangp';
    const engine = GANPlayground.createEngine(
      Object.assign({ target: 'ring', seed, lossG }, SETTINGS[name]));
    const t0 = process.cpuUsage(), out = [];
    for (let s = 0; s < steps; s += every) {
      engine.step(Math.min(every, steps - s));
      const m = engine.metrics();
      out.push(`${m.step}: ${m.modesCovered}/${m.highQuality.toFixed(2)}/` +
               `${medianDistance(engine.sample(1000)).toFixed(2)}`);
    }
    const cpu = process.cpuUsage(t0);
    console.log(`${name}, seed ${seed} (${((cpu.user + cpu.system) / 1000 / steps).toFixed(1)} ` +
                `ms CPU per step): ${out.join('  ')}`);
  }
}
