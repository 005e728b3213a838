// How often the playground's engine misses the 2-D chapter's fit thresholds, over seeds.
//
//     node bench/playground_seeds.js [numSeeds] [--tanh]
//
// Trains the chapter's recipe (book/gan_2d.md, through gan-playground-presets.js) once per
// seed 0 .. numSeeds - 1 (default 200) and measures the fit as the chapter does: the
// chapter's num_fit_samples generated points against the training data's mean and
// covariance, with the notebooks' thresholds (d2lmini.THRESHOLDS['gaussian_2d']: mean
// error < 0.3, relative covariance error < 0.2). `--tanh` swaps in d2l's discriminator,
// 2 -> 5 -> 3 -> 1 with tanh units, for comparison. tests/test_playground_engine.py sets
// its allowance from this count. Takes about 20 s per 100 seeds on a quiet core.
'use strict';
const path = require('path');
const GANPlayground = require(path.join(__dirname, '..', 'book', '_static', 'playground',
                                        'gan-playground-engine.js'));

const MAX_MEAN_ERROR = 0.3;
const MAX_COV_ERROR = 0.2;

const numSeeds = Number(process.argv.find((arg) => /^\d+$/.test(arg)) || 200);
if (process.argv.includes('--tanh')) {
  GANPlayground.DISCRIMINATORS.small = { hidden: [5, 3], act: 'tanh', init: 'chapter' };
}
const chapter = GANPlayground.CHAPTERS.GAN_2D;
// load_array drops an epoch's short last minibatch
const steps = chapter.num_epochs * Math.floor(chapter.num_examples / chapter.batch_size);
const misses = [];
for (let seed = 0; seed < numSeeds; seed++) {
  const engine = GANPlayground.createEngine({ seed });
  engine.step(steps);
  const { meanError, covError } = engine.metrics(chapter.num_fit_samples);
  if (!(meanError < MAX_MEAN_ERROR && covError < MAX_COV_ERROR)) {
    misses.push(`seed ${seed} (mean error ${meanError.toFixed(3)}, ` +
                `covariance error ${covError.toFixed(3)})`);
  }
}
const discriminator = GANPlayground.DISCRIMINATORS.small;
console.log(`discriminator 2 -> ${discriminator.hidden.join(' -> ')} -> 1, ` +
            `${discriminator.act}; ${steps} steps per run`);
console.log(`${misses.length} of ${numSeeds} runs missed the thresholds` +
            (misses.length ? `: ${misses.join(', ')}` : ''));
