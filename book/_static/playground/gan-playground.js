/*
 * GAN playground: trains a small GAN live in the reader's browser.
 *
 * Plain JavaScript, no dependencies, no network. Two parts:
 *
 * 1. An engine (`GANPlayground.createEngine`) with the chapter's maths: small fully
 *    connected networks with hand-derived gradients, binary cross-entropy on logits,
 *    Adam, and a seeded random number generator, so that a run is reproducible.
 *    It runs headless (tests, Node) as well as in a page.
 * 2. A user interface that mounts into every `<div class="gan-playground">` on the page:
 *    a plane with real and generated points over the discriminator's heat map, the
 *    generator's gradient arrows, a loss plot and keyboard-usable controls.
 *
 * The chapter's experiment (d2l, "A GAN on a 2-D Gaussian"): real data X = Z A + b with
 * Z ~ N(0, I), A = [[1, 2], [-0.1, 0.5]], b = [1, 2], 1,000 points; G is one linear layer
 * 2 -> 2; D is 2 -> 5 (tanh) -> 3 (tanh) -> 1 logit; all weights start as N(0, 0.02^2);
 * Adam with lr_D = 0.05, lr_G = 0.005, minibatches of 8 from the shuffled data set; as
 * the chapter's `load_array`, an epoch drops the last minibatch when it would be short
 * and the data are reshuffled for the next epoch.
 * One step: update D on a real batch (label 1) and a fake batch (label 0, G held fixed),
 * then update G with the non-saturating loss (its fakes labelled 1 through D).
 * Losses are averaged over the batch as in the chapter (`BCEWithLogitsLoss()`, whose
 * default reduction is the mean), and the gradients are those of these means; D's loss
 * is the mean of its real and fake terms.
 */
(function (root) {
  'use strict';

  // ------------------------------------------------------------------------------------
  // Random numbers: mulberry32 (a tiny, well-mixed 32-bit generator) and Box-Muller
  // ------------------------------------------------------------------------------------

  /** A seeded generator with `uniform()` in [0, 1) and `normal()` ~ N(0, 1). */
  function makeRng(seed) {
    let state = (seed >>> 0) || 0;
    let spare = null;  // Box-Muller makes normals in pairs; keep the second one
    function uniform() {
      state = (state + 0x6D2B79F5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    function normal() {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      let u = 0;
      while (u === 0) u = uniform();  // log(0) would be -infinity
      const v = uniform();
      const radius = Math.sqrt(-2 * Math.log(u));
      spare = radius * Math.sin(2 * Math.PI * v);
      return radius * Math.cos(2 * Math.PI * v);
    }
    function integer(n) {  // uniform in 0 .. n - 1
      return Math.floor(uniform() * n);
    }
    return { uniform, normal, integer };
  }

  // Separate streams for training, evaluation and display, so that looking at the model
  // (drawing it, measuring it) never changes how it trains.
  const STREAM_TRAIN = 0;
  const STREAM_METRICS = 0x9E3779B9;  // any fixed odd constants work
  const STREAM_DISPLAY = 0x85EBCA6B;

  // ------------------------------------------------------------------------------------
  // Data sets: the chapter's 2-D Gaussian, a ring of 8 Gaussians, two moons
  // ------------------------------------------------------------------------------------

  const NUM_EXAMPLES = 1000;  // the chapter's data set size
  const GAUSSIAN_A = [[1.0, 2.0], [-0.1, 0.5]];
  const GAUSSIAN_B = [1.0, 2.0];
  const RING_MODES = 8;
  const RING_RADIUS = 2.0;
  const RING_STD = 0.02;  // the mode-collapse benchmark of the unrolled-GAN paper
  const MOONS_NOISE = 0.05;  // small enough that the two arcs do not touch

  function ringModes() {
    const modes = [];
    for (let k = 0; k < RING_MODES; k++) {
      const angle = 2 * Math.PI * k / RING_MODES;
      modes.push([RING_RADIUS * Math.cos(angle), RING_RADIUS * Math.sin(angle)]);
    }
    return modes;
  }

  /** Row-major (n, 2) Float64Array of real points for `target`. */
  function makeData(target, n, rng) {
    const X = new Float64Array(2 * n);
    if (target === 'gaussian') {
      const [[a11, a12], [a21, a22]] = GAUSSIAN_A;
      for (let i = 0; i < n; i++) {
        const z1 = rng.normal(), z2 = rng.normal();
        X[2 * i] = z1 * a11 + z2 * a21 + GAUSSIAN_B[0];  // (Z A + b), row vector Z
        X[2 * i + 1] = z1 * a12 + z2 * a22 + GAUSSIAN_B[1];
      }
    } else if (target === 'ring') {
      const modes = ringModes();
      for (let i = 0; i < n; i++) {
        const mode = modes[rng.integer(RING_MODES)];
        X[2 * i] = mode[0] + RING_STD * rng.normal();
        X[2 * i + 1] = mode[1] + RING_STD * rng.normal();
      }
    } else if (target === 'moons') {
      for (let i = 0; i < n; i++) {
        const angle = Math.PI * rng.uniform();
        const upper = i % 2 === 0;  // half the points on each moon
        const x = upper ? Math.cos(angle) : 1 - Math.cos(angle);
        const y = upper ? Math.sin(angle) : 0.5 - Math.sin(angle);
        X[2 * i] = x + MOONS_NOISE * rng.normal();
        X[2 * i + 1] = y + MOONS_NOISE * rng.normal();
      }
    }
    return X;
  }

  /** Mean (2,) and covariance (2, 2), with n - 1 in the denominator as numpy.cov. */
  function meanCov(X) {
    const n = X.length / 2;
    let m0 = 0, m1 = 0;
    for (let i = 0; i < n; i++) { m0 += X[2 * i]; m1 += X[2 * i + 1]; }
    m0 /= n; m1 /= n;
    let c00 = 0, c01 = 0, c11 = 0;
    for (let i = 0; i < n; i++) {
      const d0 = X[2 * i] - m0, d1 = X[2 * i + 1] - m1;
      c00 += d0 * d0; c01 += d0 * d1; c11 += d1 * d1;
    }
    const k = 1 / Math.max(n - 1, 1);
    return { mean: [m0, m1], cov: [[c00 * k, c01 * k], [c01 * k, c11 * k]] };
  }

  /** The statistics a generator should match: exact for the Gaussian, else the data's. */
  function targetStats(target, data) {
    if (target === 'gaussian') {
      const A = GAUSSIAN_A;
      const cov = [[0, 0], [0, 0]];  // A^T A
      for (let r = 0; r < 2; r++) {
        for (let c = 0; c < 2; c++) cov[r][c] = A[0][r] * A[0][c] + A[1][r] * A[1][c];
      }
      return { mean: GAUSSIAN_B.slice(), cov };
    }
    return meanCov(data);
  }

  // As d2lmini.metrics.mode_coverage: a generated ring point is high quality when it lies
  // within 3 standard deviations of its nearest mode; a mode is covered when at least 2%
  // of all generated points are high-quality points of that mode.
  const MODE_RADIUS_STDS = 3;
  const MODE_MIN_SHARE = 0.02;

  function modeCoverage(X) {
    const modes = ringModes();
    const counts = new Array(RING_MODES).fill(0);
    const n = X.length / 2;
    let close = 0;
    for (let i = 0; i < n; i++) {
      let nearest = 0, best = Infinity;
      for (let k = 0; k < RING_MODES; k++) {
        const dist = Math.hypot(X[2 * i] - modes[k][0], X[2 * i + 1] - modes[k][1]);
        if (dist < best) { best = dist; nearest = k; }
      }
      if (best <= MODE_RADIUS_STDS * RING_STD) { counts[nearest]++; close++; }
    }
    const needed = MODE_MIN_SHARE * n;
    return {
      modesCovered: counts.filter((c) => c >= needed).length,
      highQuality: close / n,
    };
  }

  // ------------------------------------------------------------------------------------
  // Networks: fully connected layers with hand-derived gradients
  // ------------------------------------------------------------------------------------

  const ACTIVATIONS = {
    identity: { f: (z) => z, df: (z, a) => 1 },
    tanh: { f: Math.tanh, df: (z, a) => 1 - a * a },
    relu: { f: (z) => (z > 0 ? z : 0), df: (z, a) => (z > 0 ? 1 : 0) },
  };

  /**
   * A multilayer perceptron y = f_L(... f_1(x W_1 + b_1) ... W_L + b_L) working on
   * row-major batches (Float64Array of n * width). `forward` keeps every layer's
   * pre-activation and activation so that `backward` can apply the chain rule.
   */
  class MLP {
    constructor(sizes, activations, rng, init) {
      this.sizes = sizes;
      this.acts = activations.map((name) => ACTIVATIONS[name]);
      this.W = [];  // W[l]: (sizes[l], sizes[l + 1]), row-major
      this.b = [];  // b[l]: (sizes[l + 1],)
      for (let l = 0; l + 1 < sizes.length; l++) {
        const fanIn = sizes[l], fanOut = sizes[l + 1];
        const W = new Float64Array(fanIn * fanOut), b = new Float64Array(fanOut);
        if (init === 'chapter') {
          // The chapter initialises every weight and bias from N(0, 0.02^2)
          for (let i = 0; i < W.length; i++) W[i] = 0.02 * rng.normal();
          for (let i = 0; i < b.length; i++) b[i] = 0.02 * rng.normal();
        } else {
          // PyTorch's nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
          const bound = 1 / Math.sqrt(fanIn);
          for (let i = 0; i < W.length; i++) W[i] = bound * (2 * rng.uniform() - 1);
          for (let i = 0; i < b.length; i++) b[i] = bound * (2 * rng.uniform() - 1);
        }
        this.W.push(W);
        this.b.push(b);
      }
      this.gW = this.W.map((W) => new Float64Array(W.length));
      this.gb = this.b.map((b) => new Float64Array(b.length));
      this.capacity = 0;
    }

    params() { return this.W.concat(this.b); }
    grads() { return this.gW.concat(this.gb); }

    reserve(n) {  // grow the per-layer buffers to hold a batch of n rows
      if (n <= this.capacity) return;
      this.capacity = n;
      this.z = this.sizes.map((width) => new Float64Array(n * width));
      this.a = this.sizes.map((width) => new Float64Array(n * width));
      this.delta = this.sizes.map((width) => new Float64Array(n * width));
    }

    /** Forward pass on n rows of X; returns a view of the output (n, sizes[L]). */
    forward(X, n) {
      this.reserve(n);
      this.a[0].set(X.subarray(0, n * this.sizes[0]));
      for (let l = 0; l + 1 < this.sizes.length; l++) {
        const fanIn = this.sizes[l], fanOut = this.sizes[l + 1];
        const W = this.W[l], b = this.b[l], act = this.acts[l];
        const aIn = this.a[l], z = this.z[l + 1], aOut = this.a[l + 1];
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < fanOut; j++) {
            let s = b[j];
            for (let k = 0; k < fanIn; k++) s += aIn[i * fanIn + k] * W[k * fanOut + j];
            z[i * fanOut + j] = s;
            aOut[i * fanOut + j] = act.f(s);
          }
        }
      }
      const last = this.sizes.length - 1;
      return this.a[last].subarray(0, n * this.sizes[last]);
    }

    /**
     * Backward pass for the last `forward`: `dOut` is dLoss/dOutput (n, sizes[L]).
     * Adds dLoss/dW and dLoss/db into `gW`, `gb` when `accumulate`; returns
     * dLoss/dInput (n, sizes[0]).
     */
    backward(dOut, n, accumulate) {
      const L = this.sizes.length - 1;
      // delta[l] holds dLoss/dz at layer l (for l = L, through the output activation)
      for (let i = 0; i < n * this.sizes[L]; i++) {
        this.delta[L][i] = dOut[i] * this.acts[L - 1].df(this.z[L][i], this.a[L][i]);
      }
      for (let l = L - 1; l >= 0; l--) {
        const fanIn = this.sizes[l], fanOut = this.sizes[l + 1];
        const W = this.W[l], gW = this.gW[l], gb = this.gb[l];
        const aIn = this.a[l], dz = this.delta[l + 1], dIn = this.delta[l];
        if (accumulate) {
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < fanOut; j++) {
              const d = dz[i * fanOut + j];
              gb[j] += d;
              for (let k = 0; k < fanIn; k++) gW[k * fanOut + j] += aIn[i * fanIn + k] * d;
            }
          }
        }
        // dLoss/da[l] = dz W^T, then through layer l's activation (none for the input)
        const act = l > 0 ? this.acts[l - 1] : ACTIVATIONS.identity;
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < fanIn; k++) {
            let s = 0;
            for (let j = 0; j < fanOut; j++) s += dz[i * fanOut + j] * W[k * fanOut + j];
            dIn[i * fanIn + k] = s * act.df(this.z[l][i * fanIn + k], aIn[i * fanIn + k]);
          }
        }
      }
      return this.delta[0].subarray(0, n * this.sizes[0]);
    }

    zeroGrad() {
      for (const g of this.grads()) g.fill(0);
    }
  }

  /** Adam (Kingma and Ba) as the chapter configures it: betas (0.5, 0.999), eps 1e-8.
   * beta1 = 0.5 instead of the default 0.9: long momentum makes both players overshoot. */
  class Adam {
    constructor(params, lr) {
      this.params = params;
      this.lr = lr;
      this.beta1 = 0.5;
      this.beta2 = 0.999;
      this.eps = 1e-8;
      this.t = 0;
      this.m = params.map((p) => new Float64Array(p.length));
      this.v = params.map((p) => new Float64Array(p.length));
    }

    step(grads) {
      this.t += 1;
      const { beta1, beta2, eps, lr } = this;
      const correction1 = 1 - Math.pow(beta1, this.t);  // undo the zero start of m and v
      const correction2 = 1 - Math.pow(beta2, this.t);
      for (let p = 0; p < this.params.length; p++) {
        const w = this.params[p], g = grads[p], m = this.m[p], v = this.v[p];
        for (let i = 0; i < w.length; i++) {
          m[i] = beta1 * m[i] + (1 - beta1) * g[i];
          v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
          w[i] -= lr * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + eps);
        }
      }
    }
  }

  /** Plain stochastic gradient descent: w -= lr * g, so small gradients make small steps. */
  class SGD {
    constructor(params, lr) {
      this.params = params;
      this.lr = lr;
    }

    step(grads) {
      for (let p = 0; p < this.params.length; p++) {
        const w = this.params[p], g = grads[p];
        for (let i = 0; i < w.length; i++) w[i] -= this.lr * g[i];
      }
    }
  }

  // Adam divides each step by a running size of the gradient, so it moves almost as far on
  // a tiny gradient as on a large one; SGD shows the size of the gradient directly
  const OPTIMIZERS = { adam: Adam, sgd: SGD };

  // ------------------------------------------------------------------------------------
  // Losses on logits l: binary cross-entropy and its derivative sigmoid(l) - y
  // ------------------------------------------------------------------------------------

  function sigmoid(l) {
    return l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l));
  }

  /** softplus(l) = log(1 + e^l), computed without overflow. */
  function softplus(l) {
    return Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
  }

  // BCE(l, 1) = -log D = softplus(-l); BCE(l, 0) = -log(1 - D) = softplus(l).
  // The generator's two losses, per fake sample with D's logit l:
  //   non-saturating: -log D(G(z))      = softplus(-l), d/dl = sigmoid(l) - 1
  //   saturating:      log(1 - D(G(z))) = -softplus(l), d/dl = -sigmoid(l)
  // When D rejects a fake confidently (l << 0) the saturating gradient vanishes while the
  // non-saturating one stays near -1: that is the whole difference.
  const GENERATOR_LOSSES = {
    nonsaturating: { value: (l) => softplus(-l), grad: (l) => sigmoid(l) - 1 },
    saturating: { value: (l) => -softplus(l), grad: (l) => -sigmoid(l) },
  };

  // ------------------------------------------------------------------------------------
  // The engine
  // ------------------------------------------------------------------------------------

  const TARGETS = ['gaussian', 'ring', 'moons'];
  const GENERATORS = {
    linear: { hidden: [], act: 'identity', init: 'chapter' },  // the chapter's G
    mlp: { hidden: [32, 32], act: 'relu', init: 'default' },
  };
  const DISCRIMINATORS = {
    small: { hidden: [5, 3], init: 'chapter' },  // the chapter's D: 2 -> 5 -> 3 -> 1
    wide: { hidden: [32, 32], init: 'default' },
  };
  const DEFAULTS = {
    target: 'gaussian', generator: 'linear', discriminator: 'small',
    lossG: 'nonsaturating', lrD: 0.05, lrG: 0.005, kD: 1, batch: 8, seed: 0,
    latentDim: 2, start: 'chapter', optimizer: 'adam',
  };
  // start: 'far' moves the generator's output this far (in data standard deviations) from
  // the data's mean and then trains D alone for FAR_PRETRAIN_D steps, so that D rejects
  // the fakes confidently before G moves: the situation where the saturating loss stalls.
  // This head start always uses Adam, whatever optimizer the game then uses: plain SGD on
  // the chapter's mean losses, with the chapter's learning rates, would leave D unsure.
  const FAR_DISTANCE_STDS = 2;
  const FAR_PRETRAIN_D = 200;

  function describeChoices(values) {
    return values.map((v) => `'${v}'`).join(', ');
  }

  /** Check the options; a bad one throws an Error that says what to use instead. */
  function checkOptions(options) {
    const unknown = Object.keys(options).filter((key) => !(key in DEFAULTS));
    if (unknown.length) {
      throw new Error(`GAN playground: unknown option(s) ${unknown.join(', ')}; ` +
                      `the options are ${Object.keys(DEFAULTS).join(', ')}`);
    }
    const o = Object.assign({}, DEFAULTS, options);
    const choice = (name, allowed) => {
      if (!allowed.includes(o[name])) {
        throw new Error(`GAN playground: ${name} '${o[name]}' is unknown; ` +
                        `use one of ${describeChoices(allowed)}`);
      }
    };
    choice('target', TARGETS);
    choice('generator', Object.keys(GENERATORS));
    choice('discriminator', Object.keys(DISCRIMINATORS));
    choice('lossG', Object.keys(GENERATOR_LOSSES));
    choice('start', ['chapter', 'far']);
    choice('optimizer', Object.keys(OPTIMIZERS));
    const positive = (name) => {
      o[name] = Number(o[name]);
      if (!(o[name] > 0 && Number.isFinite(o[name]))) {
        throw new Error(`GAN playground: ${name} must be a positive number, ` +
                        `got '${options[name]}'`);
      }
    };
    const count = (name, max) => {
      o[name] = Number(o[name]);
      if (!(Number.isInteger(o[name]) && o[name] >= 1 && o[name] <= max)) {
        throw new Error(`GAN playground: ${name} must be a whole number from 1 to ${max}, ` +
                        `got '${options[name]}'`);
      }
    };
    positive('lrD'); positive('lrG');
    count('kD', 100); count('batch', NUM_EXAMPLES); count('latentDim', 64);
    o.seed = Number(o.seed);
    if (!Number.isInteger(o.seed)) {
      throw new Error(`GAN playground: seed must be a whole number, got '${options.seed}'`);
    }
    return o;
  }

  /**
   * Build a GAN for one target. Options (all optional): target ('gaussian' | 'ring' |
   * 'moons'), generator ('linear' | 'mlp'), discriminator ('small' | 'wide'), lossG
   * ('nonsaturating' | 'saturating'), lrD, lrG, kD (D steps per G step), batch, seed,
   * latentDim, start ('chapter' | 'far'), optimizer ('adam' | 'sgd', for both networks).
   */
  function createEngine(options) {
    const config = checkOptions(options || {});
    const trainRng = makeRng(config.seed ^ STREAM_TRAIN);
    const data = makeData(config.target, NUM_EXAMPLES, trainRng);
    const stats = targetStats(config.target, data);
    const g = GENERATORS[config.generator], d = DISCRIMINATORS[config.discriminator];
    const netG = new MLP([config.latentDim, ...g.hidden, 2],
                         [...g.hidden.map(() => g.act), 'identity'], trainRng, g.init);
    const netD = new MLP([2, ...d.hidden, 1],
                         [...d.hidden.map(() => 'tanh'), 'identity'], trainRng, d.init);
    const Optimizer = OPTIMIZERS[config.optimizer];
    const trainerD = new Optimizer(netD.params(), config.lrD);
    const trainerG = new Optimizer(netG.params(), config.lrG);

    // Minibatches are drawn from a shuffled copy of the data, reshuffled every epoch. As
    // the chapter's load_array (drop_last in training), an epoch ends when fewer than
    // config.batch points are left: those are skipped, so every minibatch is full
    const order = Array.from({ length: NUM_EXAMPLES }, (_, i) => i);
    let cursor = NUM_EXAMPLES;
    const X = new Float64Array(2 * NUM_EXAMPLES);
    const Z = new Float64Array(config.latentDim * NUM_EXAMPLES);
    const dLogits = new Float64Array(NUM_EXAMPLES);
    let step = 0, lossD = NaN, lossG = NaN;
    let recorder = null;  // when tracing, the batches each D step used

    function nextRealBatch() {
      if (cursor + config.batch > NUM_EXAMPLES) {  // Fisher-Yates shuffle at each epoch
        for (let i = NUM_EXAMPLES - 1; i > 0; i--) {
          const j = trainRng.integer(i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        cursor = 0;
      }
      const n = config.batch;
      for (let i = 0; i < n; i++) {
        const row = order[cursor + i];
        X[2 * i] = data[2 * row];
        X[2 * i + 1] = data[2 * row + 1];
      }
      cursor += n;
      return n;
    }

    function drawNoise(n, rng) {
      for (let i = 0; i < n * config.latentDim; i++) Z[i] = rng.normal();
    }

    /** One discriminator update on n real rows of X and G(Z): returns its mean loss. */
    function updateD(n, trainer) {
      const fakeX = Float64Array.from(netG.forward(Z, n));  // G is held fixed here
      netD.zeroGrad();
      let loss = 0;
      // Real points, label 1: loss softplus(-l), dLoss/dl = sigmoid(l) - 1; halved (the
      // mean of the real and the fake term) and divided by n (the mean over the batch)
      const realLogits = netD.forward(X, n);
      for (let i = 0; i < n; i++) {
        loss += softplus(-realLogits[i]);
        dLogits[i] = (sigmoid(realLogits[i]) - 1) / (2 * n);
      }
      netD.backward(dLogits, n, true);
      // Fake points, label 0: loss softplus(l), dLoss/dl = sigmoid(l), halved and / n
      const fakeLogits = netD.forward(fakeX, n);
      for (let i = 0; i < n; i++) {
        loss += softplus(fakeLogits[i]);
        dLogits[i] = sigmoid(fakeLogits[i]) / (2 * n);
      }
      netD.backward(dLogits, n, true);
      trainer.step(netD.grads());
      return loss / 2 / n;
    }

    /** One generator update through the current D, on the noise in Z. */
    function updateG(n) {
      const loss = GENERATOR_LOSSES[config.lossG];
      const fakeX = netG.forward(Z, n);
      const logits = netD.forward(fakeX, n);
      let total = 0;
      for (let i = 0; i < n; i++) {
        total += loss.value(logits[i]);
        dLogits[i] = loss.grad(logits[i]) / n;  // the gradient of the mean over the batch
      }
      // Backpropagate through D (its parameters stay as they are) into the fake points,
      // then through G into G's parameters
      const dFake = Float64Array.from(netD.backward(dLogits, n, false));
      netG.zeroGrad();
      netG.backward(dFake, n, true);
      trainerG.step(netG.grads());
      return total / n;
    }

    /** Train `count` generator steps, each after config.kD discriminator steps. */
    function trainSteps(count) {
      for (let s = 0; s < count; s++) {
        let n = 0;
        for (let k = 0; k < config.kD; k++) {
          n = nextRealBatch();
          drawNoise(n, trainRng);
          if (recorder) {
            recorder.push({ X: Array.from(X.subarray(0, 2 * n)),
                            Z: Array.from(Z.subarray(0, n * config.latentDim)) });
          }
          lossD = updateD(n, trainerD);
        }
        // As in the chapter's loop, G reuses the noise of the last D step
        lossG = updateG(n);
        step += 1;
      }
      return { step, lossD, lossG };
    }

    /** Weights and biases as plain arrays: W[l] is (fan_in, fan_out), row-major. */
    function state() {
      const save = (net) => ({ sizes: net.sizes.slice(), W: net.W.map((w) => Array.from(w)),
                               b: net.b.map((b) => Array.from(b)) });
      return { G: save(netG), D: save(netD) };
    }

    /**
     * Train `count` steps and return what another implementation needs to replay them:
     * the weights before and after, and the real batch X and noise Z of every D step
     * (G reuses the last Z), with the losses of each step. Used by the parity test.
     */
    function trace(count) {
      const before = state(), batches = [], losses = [];
      recorder = batches;
      try {
        for (let s = 0; s < count; s++) {
          trainSteps(1);
          losses.push([lossD, lossG]);
        }
      } finally {
        recorder = null;
      }
      return { before, after: state(), batches, losses };
    }

    /** Train D alone for `count` steps (used to put D ahead of G), with D's optimizer
     * unless another `trainer` is given. */
    function trainD(count, trainer) {
      for (let s = 0; s < count; s++) {
        const n = nextRealBatch();
        drawNoise(n, trainRng);
        lossD = updateD(n, trainer || trainerD);
      }
      return { step, lossD, lossG };
    }

    /** Generated points for the latent rows `latent` (n * latentDim): a new array. */
    function generate(latent, n) {
      const out = new Float64Array(2 * n);
      const chunk = NUM_EXAMPLES;  // forward in chunks so the buffers stay small
      for (let start = 0; start < n; start += chunk) {
        const m = Math.min(chunk, n - start);
        out.set(netG.forward(latent.subarray(start * config.latentDim,
                                             (start + m) * config.latentDim), m), 2 * start);
      }
      return out;
    }

    /** Draw `n` latent vectors from `rng` (a seed or a generator); a new array. */
    function latent(n, rng) {
      const r = typeof rng === 'object' && rng ? rng : makeRng(rng === undefined ?
        config.seed ^ STREAM_DISPLAY : rng);
      const out = new Float64Array(n * config.latentDim);
      for (let i = 0; i < out.length; i++) out[i] = r.normal();
      return out;
    }

    /** `n` generated points (n, 2), from a fixed noise stream unless `rng` is given. */
    function sample(n, rng) {
      return generate(latent(n, rng), n);
    }

    /** D(x) in (0, 1) for the points P (m, 2): the discriminator's belief "real". */
    function discriminate(P, m) {
      const out = new Float64Array(m);
      for (let start = 0; start < m; start += NUM_EXAMPLES) {
        const c = Math.min(NUM_EXAMPLES, m - start);
        const logits = netD.forward(P.subarray(2 * start, 2 * (start + c)), c);
        for (let i = 0; i < c; i++) out[start + i] = sigmoid(logits[i]);
      }
      return out;
    }

    /**
     * Gradient of the generator's loss with respect to each point of P (m, 2), through
     * the current D: -gradient is the direction a generated point is pushed.
     */
    function generatorGradients(P, m) {
      const loss = GENERATOR_LOSSES[config.lossG];
      const out = new Float64Array(2 * m);
      for (let start = 0; start < m; start += NUM_EXAMPLES) {
        const c = Math.min(NUM_EXAMPLES, m - start);
        const logits = netD.forward(P.subarray(2 * start, 2 * (start + c)), c);
        for (let i = 0; i < c; i++) dLogits[i] = loss.grad(logits[i]);
        out.set(netD.backward(dLogits, c, false), 2 * start);
      }
      return out;
    }

    /**
     * How close G is to the data, measured on `n` generated points (default 1,000, as
     * the notebooks) from a fixed noise stream: mean error ||mean_g - mean||, relative
     * covariance error ||cov_g - cov||_F / ||cov||_F, the mean size of the generator's
     * gradient on those points, the latest losses, and mode coverage on the ring.
     */
    function metrics(n) {
      n = n || NUM_EXAMPLES;
      const fake = sample(n, makeRng(config.seed ^ STREAM_METRICS));
      const { mean, cov } = meanCov(fake);
      const meanError = Math.hypot(mean[0] - stats.mean[0], mean[1] - stats.mean[1]);
      let diff = 0, norm = 0;
      for (let r = 0; r < 2; r++) {
        for (let c = 0; c < 2; c++) {
          diff += (cov[r][c] - stats.cov[r][c]) ** 2;
          norm += stats.cov[r][c] ** 2;
        }
      }
      const grads = generatorGradients(fake, n);
      let gradNorm = 0;
      for (let i = 0; i < n; i++) gradNorm += Math.hypot(grads[2 * i], grads[2 * i + 1]);
      const result = {
        step, lossD, lossG, mean, cov, targetMean: stats.mean, targetCov: stats.cov,
        meanError, covError: Math.sqrt(diff / norm), gradNorm: gradNorm / n,
      };
      if (config.target === 'ring') Object.assign(result, modeCoverage(fake));
      return result;
    }

    /** Change hyper-parameters that do not need a new model (lrD, lrG, kD, batch, lossG). */
    function set(changes) {
      const live = ['lrD', 'lrG', 'kD', 'batch', 'lossG'];
      const bad = Object.keys(changes).filter((key) => !live.includes(key));
      if (bad.length) {
        throw new Error(`GAN playground: ${bad.join(', ')} cannot change during training; ` +
                        `create a new engine (reset) instead`);
      }
      const checked = checkOptions(Object.assign(
        Object.fromEntries(live.map((key) => [key, config[key]])), changes));
      for (const key of Object.keys(changes)) config[key] = checked[key];
      trainerD.lr = config.lrD;
      trainerG.lr = config.lrG;
    }

    if (config.start === 'far') {
      // Shift G's output bias so its points start FAR_DISTANCE_STDS away from the data,
      // down and to the left of it, then let D learn to reject them
      const spread = Math.sqrt(stats.cov[0][0] + stats.cov[1][1]);
      const shift = FAR_DISTANCE_STDS * spread / Math.SQRT2;
      const bias = netG.b[netG.b.length - 1];
      bias[0] = stats.mean[0] - shift;
      bias[1] = stats.mean[1] - shift;
      trainD(FAR_PRETRAIN_D, new Adam(netD.params(), config.lrD));
    }

    return {
      config, data, stats, netG, netD,
      step: trainSteps, trainD, sample, latent, generate, discriminate,
      generatorGradients, metrics, set, state, trace,
      get steps() { return step; },
      get losses() { return { lossD, lossG }; },
    };
  }

  const api = {
    createEngine, makeRng, TARGETS, DEFAULTS, NUM_EXAMPLES,
    MLP, Adam, SGD,  // exported for the gradient checks in the tests
    GENERATORS: Object.keys(GENERATORS), DISCRIMINATORS: Object.keys(DISCRIMINATORS),
    GENERATOR_LOSSES: Object.keys(GENERATOR_LOSSES),
  };
  root.GANPlayground = api;
  if (typeof module === 'object' && module.exports) module.exports = api;

  // ------------------------------------------------------------------------------------
  // The user interface
  // ------------------------------------------------------------------------------------

  if (typeof document === 'undefined') return;  // headless (Node): the engine is enough

  // What part of the plane each target shows: [centre x, centre y, half the side]
  const VIEWS = {
    gaussian: [1, 2, 7],  // mean b = (1, 2); the cloud's long axis reaches about +-6.5
    ring: [0, 0, 3],  // the radius-2 ring with room around it
    moons: [0.5, 0.25, 1.75],
  };
  const HEAT_CELLS = 48;  // D(x) is evaluated on a 48 x 48 grid and smoothed when drawn
  const HEAT_STRENGTH = 0.45;  // how strongly D(x) = 0 or 1 tints the background
  const ARROW_POINTS = 16;  // generated points that carry a gradient arrow
  const ARROW_MAX_PX = 28;
  // An arrow's length is ARROW_MAX_PX * (1 - exp(-|gradient| / ARROW_SCALE)): it saturates
  // for large gradients but stays proportional for small ones, so vanishing gradients show
  // as vanishing arrows
  const ARROW_SCALE = 0.1;
  const POINT_RADIUS_PX = 2.2;
  const MAX_HISTORY = 400;  // loss points kept; older ones are merged pairwise
  const STATS_INTERVAL_MS = 250;  // how often the numbers under the plot are refreshed
  const LEARNING_RATES = [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5];
  const LOG2 = Math.log(2);  // both losses when D(x) = 1/2 everywhere: the equilibrium

  const SELECTS = {
    target: [['gaussian', '2-D Gaussian (chapter)'], ['ring', 'Ring of 8 Gaussians'],
             ['moons', 'Two moons']],
    generator: [['linear', 'Linear 2 → 2 (chapter)'], ['mlp', 'MLP 2 → 32 → 32 → 2, ReLU']],
    discriminator: [['small', 'tanh 2 → 5 → 3 → 1 (chapter)'], ['wide', 'tanh 2 → 32 → 32 → 1']],
    lossG: [['nonsaturating', 'non-saturating: −log D(G(z))'],
            ['saturating', 'saturating: log(1 − D(G(z)))']],
    optimizer: [['adam', 'Adam (chapter)'], ['sgd', 'SGD']],
    batch: [[1, '1'], [8, '8 (chapter)'], [16, '16'], [32, '32'], [64, '64'], [128, '128']],
    points: [[128, '128'], [256, '256'], [512, '512'], [1000, '1,000']],
    start: [['chapter', 'chapter initialisation'], ['far', 'far away, D trained ahead']],
  };
  // Settings that need a new model when they change; the others change live
  const RESET_KEYS = ['target', 'generator', 'discriminator', 'optimizer', 'start', 'seed'];
  const ATTRIBUTES = {  // data-* attribute -> setting
    target: 'target', generator: 'generator', discriminator: 'discriminator',
    loss: 'lossG', optimizer: 'optimizer', lrD: 'lrD', lrG: 'lrG', kD: 'kD',
    batch: 'batch', seed: 'seed', start: 'start', points: 'points', speed: 'speed',
  };
  const UI_DEFAULTS = { points: 512, speed: 5 };
  // Settings loaded with each data set (data-* attributes override them at mount). The
  // chapter's tiny networks suit the Gaussian; the ring and the moons need an MLP
  // generator, a wider discriminator, smaller learning rates and larger batches.
  const PRESETS = {
    gaussian: { generator: 'linear', discriminator: 'small', lrD: 0.05, lrG: 0.005, batch: 8 },
    ring: { generator: 'mlp', discriminator: 'wide', lrD: 0.001, lrG: 0.001, batch: 64 },
    moons: { generator: 'mlp', discriminator: 'wide', lrD: 0.001, lrG: 0.001, batch: 64 },
  };
  // Training stops early in a frame after this much work, so that the page stays smooth
  // when the networks are large or the speed is high
  const TRAIN_BUDGET_MS = 12;

  let instances = 0;

  /** Parse a CSS colour into [r, g, b] through a canvas, which normalises any syntax. */
  function parseColor(ctx, text, fallback) {
    ctx.fillStyle = fallback;
    ctx.fillStyle = text || fallback;
    const value = ctx.fillStyle;  // '#rrggbb' or 'rgba(r, g, b, a)'
    if (value[0] === '#') {
      return [1, 3, 5].map((i) => parseInt(value.slice(i, i + 2), 16));
    }
    return value.match(/[\d.]+/g).slice(0, 3).map(Number);
  }

  function formatNumber(x, digits) {
    if (!Number.isFinite(x)) return '–';
    return x.toFixed(digits === undefined ? 3 : digits);
  }

  function formatRate(x) {
    return x >= 0.01 ? String(Number(x.toPrecision(2))) : x.toExponential(0);
  }

  /** Read the settings from the element's data-* attributes (strings, checked later). */
  function readAttributes(element) {
    const settings = Object.assign({}, UI_DEFAULTS);
    for (const [attribute, key] of Object.entries(ATTRIBUTES)) {
      const value = element.dataset[attribute];
      if (value !== undefined && value !== '') settings[key] = value;
    }
    return settings;
  }

  function checkDisplay(settings) {
    const points = Number(settings.points), speed = Number(settings.speed);
    if (!(Number.isInteger(points) && points >= 1 && points <= NUM_EXAMPLES)) {
      throw new Error(`GAN playground: data-points must be a whole number from 1 to ` +
                      `${NUM_EXAMPLES}, got '${settings.points}'`);
    }
    if (!(Number.isInteger(speed) && speed >= 1 && speed <= 200)) {
      throw new Error(`GAN playground: data-speed (steps per frame) must be a whole number ` +
                      `from 1 to 200, got '${settings.speed}'`);
    }
    settings.points = points;
    settings.speed = speed;
  }

  /** A history of losses that keeps at most MAX_HISTORY points by merging old ones. */
  class LossHistory {
    constructor() { this.clear(); }
    clear() {
      this.d = []; this.g = [];  // one value per bucket of `bucket` steps
      this.bucket = 1;
      this.sumD = 0; this.sumG = 0; this.count = 0;
    }
    add(lossD, lossG) {
      this.sumD += lossD; this.sumG += lossG; this.count += 1;
      if (this.count < this.bucket) return;
      this.d.push(this.sumD / this.count);
      this.g.push(this.sumG / this.count);
      this.sumD = 0; this.sumG = 0; this.count = 0;
      if (this.d.length > MAX_HISTORY) {  // halve the resolution of the whole history
        const merge = (a) => a.reduce((out, v, i) => {
          if (i % 2) out[out.length - 1] = (out[out.length - 1] + v) / 2; else out.push(v);
          return out;
        }, []);
        this.d = merge(this.d);
        this.g = merge(this.g);
        this.bucket *= 2;
      }
    }
  }

  class Playground {
    constructor(element) {
      this.element = element;
      this.id = `gan-playground-${++instances}`;
      this.settings = readAttributes(element);
      checkDisplay(this.settings);
      const preset = PRESETS[this.settings.target || DEFAULTS.target] || {};
      for (const [key, value] of Object.entries(preset)) {
        if (!(key in this.settings)) this.settings[key] = value;
      }
      this.engineOptions = {};
      for (const key of Object.keys(DEFAULTS)) {
        if (key in this.settings) this.engineOptions[key] = this.settings[key];
      }
      this.engine = createEngine(this.engineOptions);  // throws a clear Error on bad input
      Object.assign(this.engineOptions, this.engine.config);
      this.history = new LossHistory();
      this.playing = false;
      this.visible = true;
      this.frameCount = 0;
      this.frameTimes = [];
      this.rafId = null;
      this.lastStats = 0;
      this.build();
      this.readColors();
      this.newDisplayPoints();
      this.observe();
      this.render();
      this.updateStats(true);
      this.announce('Ready. Press Play to train.');
    }

    // ---------------------------------------------------------------- building the DOM

    build() {
      const el = this.element;
      el.textContent = '';
      el.classList.add('gp-mounted');
      const make = (tag, className, parent, text) => {
        const node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined) node.textContent = text;
        if (parent) parent.appendChild(node);
        return node;
      };
      this.make = make;

      const views = make('div', 'gp-views', el);
      const planeFigure = make('figure', 'gp-figure', views);
      this.plane = make('canvas', 'gp-plane', planeFigure);
      this.plane.setAttribute('role', 'img');
      make('figcaption', null, planeFigure,
           'Real points and generated points on the plane. The background is the ' +
           'discriminator\'s output D(x): tinted like the real points where it says ' +
           '"real", like the generated points where it says "fake", plain where it ' +
           'cannot tell (D(x) = 1/2). Arrows: where the generator\'s loss pushes ' +
           'some generated points.');
      const lossFigure = make('figure', 'gp-figure', views);
      this.lossCanvas = make('canvas', 'gp-losses', lossFigure);
      this.lossCanvas.setAttribute('role', 'img');
      make('figcaption', null, lossFigure,
           'Losses per example over training. The dashed line is log 2, the value of ' +
           'both losses when D(x) = 1/2 everywhere.');

      const legend = make('ul', 'gp-legend', el);
      legend.setAttribute('aria-label', 'Legend');
      for (const [cls, text] of [['gp-key-real', 'real data'], ['gp-key-fake', 'generated'],
                                 ['gp-key-arrow', 'push on generated points'],
                                 ['gp-key-loss-d', 'loss of D'],
                                 ['gp-key-loss-g', 'loss of G']]) {
        const item = make('li', null, legend);
        make('span', `gp-swatch ${cls}`, item).setAttribute('aria-hidden', 'true');
        make('span', null, item, text);
      }

      const buttons = make('div', 'gp-buttons', el);
      buttons.setAttribute('role', 'group');
      buttons.setAttribute('aria-label', 'Training');
      this.playButton = make('button', 'gp-play', buttons, 'Play');
      this.playButton.type = 'button';
      this.playButton.setAttribute('aria-pressed', 'false');
      this.playButton.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
      this.stepButton = make('button', 'gp-step', buttons, 'Step');
      this.stepButton.type = 'button';
      this.stepButton.title = 'Train one generator step';
      this.stepButton.addEventListener('click', () => this.stepOnce());
      this.resetButton = make('button', 'gp-reset', buttons, 'Reset');
      this.resetButton.type = 'button';
      this.resetButton.title = 'Start again from the same seed';
      this.resetButton.addEventListener('click', () => this.reset());

      const form = make('form', 'gp-controls', el);
      form.addEventListener('submit', (event) => event.preventDefault());
      form.setAttribute('aria-label', 'Settings');
      this.controls = {};
      this.setters = {};  // key -> function showing a new value in that control
      const s = Object.assign({}, this.engine.config, this.settings, this.engine.config);
      const row = (key, label) => {
        const wrap = make('div', 'gp-control', form);
        const labelNode = make('label', null, wrap, label);
        labelNode.htmlFor = `${this.id}-${key}`;
        return wrap;
      };
      const select = (key, label) => {
        const wrap = row(key, label);
        const node = make('select', null, wrap);
        node.id = `${this.id}-${key}`;
        let options = SELECTS[key];
        if (!options.some(([value]) => String(value) === String(s[key]))) {
          options = options.concat([[s[key], String(s[key])]]);  // a value from data-*
        }
        for (const [value, text] of options) {
          const option = make('option', null, node, text);
          option.value = String(value);
        }
        node.value = String(s[key]);
        node.addEventListener('change', () => this.change(key, node.value));
        this.controls[key] = node;
        this.setters[key] = (value) => {
          if (![...node.options].some((option) => option.value === String(value))) {
            make('option', null, node, String(value)).value = String(value);
          }
          node.value = String(value);
        };
      };
      const range = (key, label, values, format) => {
        const wrap = row(key, label);
        let index = values.findIndex((v) => Math.abs(v - s[key]) <= 1e-12 * Math.abs(v));
        if (index < 0) {  // a value from data-* that is not on the scale: add it
          values = values.concat([s[key]]).sort((a, b) => a - b);
          index = values.indexOf(s[key]);
        }
        const node = make('input', null, wrap);
        node.type = 'range';
        node.id = `${this.id}-${key}`;
        node.min = '0';
        node.max = String(values.length - 1);
        node.step = '1';
        node.value = String(index);
        const output = make('output', null, wrap);
        output.htmlFor = node.id;
        const show = () => {
          const text = format(values[Number(node.value)]);
          output.textContent = text;
          node.setAttribute('aria-valuetext', text);
        };
        show();
        node.addEventListener('input', () => {
          show();
          this.change(key, values[Number(node.value)]);
        });
        this.controls[key] = node;
        this.setters[key] = (value) => {  // the nearest value on the scale
          let best = 0;
          values.forEach((v, i) => {
            if (Math.abs(Math.log(v / value)) < Math.abs(Math.log(values[best] / value))) best = i;
          });
          node.value = String(best);
          show();
        };
      };
      const integers = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

      select('target', 'Data');
      select('generator', 'Generator');
      select('discriminator', 'Discriminator');
      select('lossG', 'Generator loss');
      select('optimizer', 'Optimizer');
      range('lrD', 'Learning rate of D', LEARNING_RATES, formatRate);
      range('lrG', 'Learning rate of G', LEARNING_RATES, formatRate);
      range('kD', 'D steps per G step', integers(1, 10), String);
      select('batch', 'Batch size');
      range('speed', 'Speed (steps per frame)', [1, 2, 5, 10, 20, 50, 100], String);
      select('points', 'Points shown');
      select('start', 'Start');
      const seedWrap = row('seed', 'Seed');
      const seed = make('input', null, seedWrap);
      seed.type = 'number';
      seed.id = `${this.id}-seed`;
      seed.step = '1';
      seed.value = String(s.seed);
      seed.addEventListener('change', () => {
        if (Number.isInteger(Number(seed.value)) && seed.value !== '') {
          this.change('seed', Number(seed.value));
        } else {
          this.announce('The seed must be a whole number, such as 0 or 42.');
          seed.value = String(this.engineOptions.seed);
        }
      });
      this.controls.seed = seed;

      this.stats = make('p', 'gp-stats', el);
      this.status = make('p', 'gp-status', el);
      this.status.setAttribute('role', 'status');
      this.status.setAttribute('aria-live', 'polite');

      this.planeCtx = this.plane.getContext('2d');
      this.lossCtx = this.lossCanvas.getContext('2d');
      this.heatCanvas = document.createElement('canvas');
      this.heatCanvas.width = HEAT_CELLS;
      this.heatCanvas.height = HEAT_CELLS;
      this.heatCtx = this.heatCanvas.getContext('2d');
      this.heatImage = this.heatCtx.createImageData(HEAT_CELLS, HEAT_CELLS);
      this.setView();
    }

    setView() {
      const [cx, cy, half] = VIEWS[this.engine.config.target];
      this.view = { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
      // Centres of the heat map's cells, top row first (larger x2 at the top)
      const grid = new Float64Array(2 * HEAT_CELLS * HEAT_CELLS);
      for (let r = 0; r < HEAT_CELLS; r++) {
        for (let c = 0; c < HEAT_CELLS; c++) {
          const i = r * HEAT_CELLS + c;
          grid[2 * i] = this.view.x0 + (c + 0.5) / HEAT_CELLS * (this.view.x1 - this.view.x0);
          grid[2 * i + 1] = this.view.y1 - (r + 0.5) / HEAT_CELLS * (this.view.y1 - this.view.y0);
        }
      }
      this.grid = grid;
      this.plane.setAttribute('aria-label',
        `Scatter plot of real and generated points for the ${this.describeTarget()}, ` +
        'over a heat map of the discriminator\'s output.');
      this.lossCanvas.setAttribute('aria-label',
        'Line plot of the discriminator\'s and the generator\'s losses against the ' +
        'generator step.');
    }

    describeTarget(target) {
      target = target || this.engine.config.target;
      return SELECTS.target.find(([v]) => v === target)[1].replace(' (chapter)', '');
    }

    /** Fixed latent vectors for the displayed points, so they move smoothly. */
    newDisplayPoints() {
      const n = this.settings.points;
      this.latent = this.engine.latent(n);
      const data = this.engine.data;
      this.real = data.subarray(0, 2 * Math.min(n, NUM_EXAMPLES));
    }

    // ---------------------------------------------------------------- observers

    observe() {
      if ('IntersectionObserver' in window) {
        this.intersection = new IntersectionObserver((entries) => {
          const visible = entries[entries.length - 1].isIntersecting;
          if (visible === this.visible) return;
          this.visible = visible;
          if (visible && this.playing) this.schedule();
          this.updateStatusText();
        });
        this.intersection.observe(this.element);
      }
      // Colours come from CSS variables that change with the site's light or dark theme
      this.themeObserver = new MutationObserver(() => { this.readColors(); this.render(); });
      this.themeObserver.observe(document.documentElement,
                                 { attributes: true, attributeFilter: ['data-theme', 'class'] });
      if (window.matchMedia) {
        const media = window.matchMedia('(prefers-color-scheme: dark)');
        const update = () => { this.readColors(); this.render(); };
        if (media.addEventListener) media.addEventListener('change', update);
      }
      if ('ResizeObserver' in window) {
        this.resizeObserver = new ResizeObserver(() => this.render());
        this.resizeObserver.observe(this.plane);
      }
    }

    readColors() {
      const style = getComputedStyle(this.element);
      const get = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
      const css = {
        bg: get('--gp-bg', '#ffffff'), text: get('--gp-text', '#222222'),
        grid: get('--gp-grid', '#dddddd'), real: get('--gp-real', '#1f5fa8'),
        fake: get('--gp-fake', '#d95f02'), arrow: get('--gp-arrow', '#111111'),
        heatReal: get('--gp-heat-real', '#1f5fa8'), heatFake: get('--gp-heat-fake', '#d95f02'),
        lossD: get('--gp-loss-d', '#1f5fa8'), lossG: get('--gp-loss-g', '#d95f02'),
      };
      this.colors = css;
      const ctx = this.heatCtx;
      this.rgb = {
        bg: parseColor(ctx, css.bg, '#ffffff'),
        real: parseColor(ctx, css.heatReal, '#1f5fa8'),
        fake: parseColor(ctx, css.heatFake, '#d95f02'),
      };
    }

    // ---------------------------------------------------------------- state changes

    change(key, value) {
      if (key === 'speed' || key === 'points') {
        this.settings[key] = Number(value);
        if (key === 'points') this.newDisplayPoints();
        this.render();
        return;
      }
      if (['batch', 'kD', 'lrD', 'lrG'].includes(key)) value = Number(value);
      this.engineOptions[key] = value;
      if (key === 'target') {
        // Load the settings that suit this data set, and show them in the controls
        for (const [name, preset] of Object.entries(PRESETS[value] || {})) {
          this.engineOptions[name] = preset;
          this.setters[name](preset);
        }
        this.reset(`Data changed: a new model was created with the settings for the ` +
                   `${this.describeTarget(value)}.`);
      } else if (RESET_KEYS.includes(key)) {
        this.reset(`${this.labelOf(key)} changed: a new model was created.`);
      } else {
        this.engine.set({ [key]: value });
        this.announce(`${this.labelOf(key)} set to ${this.valueText(key)}.`);
      }
    }

    labelOf(key) {
      const label = this.element.querySelector(`label[for="${this.id}-${key}"]`);
      return label ? label.textContent : key;
    }

    valueText(key) {
      const node = this.controls[key];
      if (node.tagName === 'SELECT') return node.options[node.selectedIndex].textContent;
      return node.getAttribute('aria-valuetext') || node.value;
    }

    play() {
      if (this.playing) return;
      this.playing = true;
      this.playButton.textContent = 'Pause';
      this.playButton.setAttribute('aria-pressed', 'true');
      this.announce('Training.');
      this.schedule();
    }

    pause() {
      if (!this.playing) return;
      this.playing = false;
      this.playButton.textContent = 'Play';
      this.playButton.setAttribute('aria-pressed', 'false');
      if (this.rafId !== null) cancelAnimationFrame(this.rafId);
      this.rafId = null;
      this.updateStats(true);
      this.announce(`Paused at step ${this.engine.steps}.`);
    }

    stepOnce() {
      this.pause();
      this.train(1);
      this.render();
      this.updateStats(true);
      this.announce(`Step ${this.engine.steps}: ${this.summary()}.`);
    }

    reset(message) {
      const wasPlaying = this.playing;
      this.pause();
      try {
        this.engine = createEngine(this.engineOptions);
      } catch (error) {
        this.announce(error.message);
        return;
      }
      this.history.clear();
      this.setView();
      this.newDisplayPoints();
      this.render();
      this.updateStats(true);
      this.announce(message || 'Reset to step 0.');
      if (wasPlaying) this.play();
    }

    announce(text) {
      this.message = text;
      this.updateStatusText();
    }

    updateStatusText() {
      const outOfView = this.playing && !this.visible ? ' (paused while out of view)' : '';
      this.status.textContent = this.message + outOfView;
    }

    // ---------------------------------------------------------------- the loop

    schedule() {
      if (this.rafId === null && this.playing && this.visible) {
        this.rafId = requestAnimationFrame((now) => this.frame(now));
      }
    }

    frame(now) {
      this.rafId = null;
      if (!this.playing || !this.visible) return;
      const start = performance.now();
      this.train(this.settings.speed, TRAIN_BUDGET_MS);
      this.render();
      // Running average of the work per frame (training and drawing), in milliseconds
      this.frameCost = 0.9 * (this.frameCost || 0) + 0.1 * (performance.now() - start);
      this.frameCount += 1;
      this.frameTimes.push(now);
      while (this.frameTimes.length && this.frameTimes[0] < now - 1000) this.frameTimes.shift();
      if (now - this.lastStats > STATS_INTERVAL_MS) {
        this.lastStats = now;
        this.updateStats(false);
      }
      if (!Number.isFinite(this.engine.losses.lossD)) {
        this.pause();
        this.announce('Training diverged (the losses are not numbers): lower a learning ' +
                      'rate and press Reset.');
        return;
      }
      this.schedule();
    }

    train(steps, budgetMs) {
      const start = performance.now();
      for (let s = 0; s < steps; s++) {
        const { lossD, lossG } = this.engine.step(1);
        this.history.add(lossD, lossG);
        if (budgetMs && performance.now() - start > budgetMs) break;
      }
    }

    /** Frames drawn in the last second while playing (0 when paused or out of view). */
    fps() {
      const now = performance.now();
      return this.frameTimes.filter((t) => t > now - 1000).length;
    }

    summary() {
      const m = this.lastMetrics;
      let text = `loss of D ${formatNumber(m.lossD)}, loss of G ${formatNumber(m.lossG)}, ` +
                 `mean error ${formatNumber(m.meanError, 2)}, ` +
                 `covariance error ${formatNumber(m.covError, 2)}`;
      if (m.modesCovered !== undefined) text += `, modes covered ${m.modesCovered} of 8`;
      return text;
    }

    updateStats(force) {
      this.lastMetrics = this.engine.metrics();
      this.stats.textContent = `Step ${this.engine.steps.toLocaleString('en')}: ` +
                               `${this.summary()}.`;
    }

    // ---------------------------------------------------------------- drawing

    fitCanvas(canvas, ctx) {
      const ratio = window.devicePixelRatio || 1;
      const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
      const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      return { width: width / ratio, height: height / ratio };
    }

    render() {
      if (!this.colors) return;
      this.drawPlane();
      this.drawLosses();
    }

    drawPlane() {
      const ctx = this.planeCtx, c = this.colors, v = this.view;
      const { width, height } = this.fitCanvas(this.plane, ctx);
      const margin = { left: 34, right: 8, top: 8, bottom: 30 };
      const w = width - margin.left - margin.right, h = height - margin.top - margin.bottom;
      const px = (x) => margin.left + (x - v.x0) / (v.x1 - v.x0) * w;
      const py = (y) => margin.top + (v.y1 - y) / (v.y1 - v.y0) * h;
      ctx.fillStyle = c.bg;
      ctx.fillRect(0, 0, width, height);

      // Heat map of D(x): mix the background towards one of two colours by |2 D(x) - 1|
      const probs = this.engine.discriminate(this.grid, HEAT_CELLS * HEAT_CELLS);
      const pixels = this.heatImage.data, { bg, real, fake } = this.rgb;
      for (let i = 0; i < probs.length; i++) {
        const t = 2 * probs[i] - 1;
        const tint = t > 0 ? real : fake, alpha = HEAT_STRENGTH * Math.abs(t);
        for (let ch = 0; ch < 3; ch++) {
          pixels[4 * i + ch] = bg[ch] + alpha * (tint[ch] - bg[ch]);
        }
        pixels[4 * i + 3] = 255;
      }
      this.heatCtx.putImageData(this.heatImage, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.heatCanvas, margin.left, margin.top, w, h);

      // Axes: grid lines at whole numbers, labels x1 and x2
      ctx.save();
      ctx.strokeStyle = c.grid;
      ctx.fillStyle = c.text;
      ctx.lineWidth = 1;
      ctx.font = '11px system-ui, sans-serif';
      const span = v.x1 - v.x0, tick = span > 8 ? 2 : span > 3 ? 1 : 0.5;
      ctx.beginPath();
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      for (let x = Math.ceil(v.x0 / tick) * tick; x <= v.x1; x += tick) {
        ctx.moveTo(Math.round(px(x)) + 0.5, margin.top);
        ctx.lineTo(Math.round(px(x)) + 0.5, margin.top + h);
        ctx.fillText(String(+x.toFixed(1)), px(x), margin.top + h + 3);
      }
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      for (let y = Math.ceil(v.y0 / tick) * tick; y <= v.y1; y += tick) {
        ctx.moveTo(margin.left, Math.round(py(y)) + 0.5);
        ctx.lineTo(margin.left + w, Math.round(py(y)) + 0.5);
        ctx.fillText(String(+y.toFixed(1)), margin.left - 4, py(y));
      }
      ctx.stroke();
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText('x₁', margin.left + w / 2, height - 1);
      ctx.save();
      ctx.translate(10, margin.top + h / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = 'middle';
      ctx.fillText('x₂', 0, 0);
      ctx.restore();
      ctx.beginPath();
      ctx.rect(margin.left, margin.top, w, h);
      ctx.clip();  // points outside the view are not drawn over the labels

      // Points: real, then generated on top
      const fakeX = this.engine.generate(this.latent, this.settings.points);
      const drawPoints = (P, color) => {
        ctx.beginPath();
        for (let i = 0; i < P.length / 2; i++) {
          const x = px(P[2 * i]), y = py(P[2 * i + 1]);
          ctx.moveTo(x + POINT_RADIUS_PX, y);
          ctx.arc(x, y, POINT_RADIUS_PX, 0, 2 * Math.PI);
        }
        ctx.fillStyle = color;
        ctx.fill();
      };
      drawPoints(this.real, c.real);
      drawPoints(fakeX, c.fake);

      // Arrows: minus the gradient of G's loss at a few generated points
      const m = Math.min(ARROW_POINTS, this.settings.points);
      const grads = this.engine.generatorGradients(fakeX, m);
      ctx.strokeStyle = c.arrow;
      ctx.fillStyle = c.arrow;
      ctx.lineWidth = 1.5;
      for (let i = 0; i < m; i++) {
        // Screen direction: x grows to the right, y grows upwards (so the sign flips)
        const gx = -grads[2 * i], gy = grads[2 * i + 1];
        const size = Math.hypot(gx, gy);
        if (!(size > 0)) continue;
        const length = ARROW_MAX_PX * (1 - Math.exp(-size / ARROW_SCALE));
        if (length < 1) continue;
        const x = px(fakeX[2 * i]), y = py(fakeX[2 * i + 1]);
        const ux = gx / size, uy = gy / size;
        const tipX = x + ux * length, tipY = y + uy * length;
        const head = Math.min(6, length / 2);
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.lineTo(tipX, tipY);
        ctx.stroke();
        ctx.beginPath();
        ctx.moveTo(tipX, tipY);
        ctx.lineTo(tipX - ux * head - uy * head / 2, tipY - uy * head + ux * head / 2);
        ctx.lineTo(tipX - ux * head + uy * head / 2, tipY - uy * head - ux * head / 2);
        ctx.closePath();
        ctx.fill();
      }
      ctx.restore();
    }

    drawLosses() {
      const ctx = this.lossCtx, c = this.colors, hist = this.history;
      const { width, height } = this.fitCanvas(this.lossCanvas, ctx);
      const margin = { left: 40, right: 8, top: 8, bottom: 30 };
      const w = width - margin.left - margin.right, h = height - margin.top - margin.bottom;
      ctx.fillStyle = c.bg;
      ctx.fillRect(0, 0, width, height);
      const values = hist.d.concat(hist.g).filter(Number.isFinite);
      // The y range always shows log 2 and at most 3 (larger losses are clipped)
      const top = Math.min(3, Math.max(1, ...values) * 1.05);
      const bottom = Math.min(0, ...values);
      const steps = Math.max(hist.d.length * hist.bucket, 10);
      const px = (i) => margin.left + (i * hist.bucket) / steps * w;
      const py = (y) => margin.top + (top - Math.min(Math.max(y, bottom), top)) /
        (top - bottom) * h;
      ctx.font = '11px system-ui, sans-serif';
      ctx.strokeStyle = c.grid;
      ctx.fillStyle = c.text;
      ctx.lineWidth = 1;
      ctx.strokeRect(margin.left + 0.5, margin.top + 0.5, w, h);
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      for (const y of [bottom, LOG2, top]) {
        const label = Math.abs(y) < 0.005 ? '0.00' : y.toFixed(2);  // never '-0.00'
        ctx.fillText(label, margin.left - 4, py(y));
      }
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText('0', margin.left, margin.top + h + 3);
      ctx.fillText(String(steps), margin.left + w - 10, margin.top + h + 3);
      ctx.textBaseline = 'bottom';
      ctx.fillText('generator step', margin.left + w / 2, height - 1);
      ctx.save();
      ctx.translate(10, margin.top + h / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = 'middle';
      ctx.fillText('loss', 0, 0);
      ctx.restore();
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(margin.left, py(LOG2));
      ctx.lineTo(margin.left + w, py(LOG2));
      ctx.stroke();
      ctx.setLineDash([]);
      const line = (series, color) => {
        ctx.beginPath();
        series.forEach((y, i) => (i ? ctx.lineTo(px(i + 1), py(y)) : ctx.moveTo(px(i + 1), py(y))));
        ctx.strokeStyle = color;
        ctx.lineWidth = 1.5;
        ctx.stroke();
      };
      line(hist.d, c.lossD);
      line(hist.g, c.lossG);
    }

    destroy() {
      this.pause();
      if (this.intersection) this.intersection.disconnect();
      if (this.themeObserver) this.themeObserver.disconnect();
      if (this.resizeObserver) this.resizeObserver.disconnect();
    }
  }

  /** Mount a playground into `element`; a bad data-* attribute shows a message instead. */
  function mount(element) {
    if (element.ganPlayground) return element.ganPlayground;
    let playground;
    try {
      playground = new Playground(element);
    } catch (error) {
      element.textContent = '';
      const message = document.createElement('p');
      message.className = 'gp-error';
      message.setAttribute('role', 'alert');
      message.textContent = `${error.message}. Fix the data-* attributes of this ` +
                            '<div class="gan-playground"> element.';
      element.appendChild(message);
      console.warn(error.message);
      return null;
    }
    // The handle tests and curious readers use: element.ganPlayground.fps() and so on
    element.ganPlayground = {
      get engine() { return playground.engine; },
      play: () => playground.play(),
      pause: () => playground.pause(),
      step: () => playground.stepOnce(),
      reset: () => playground.reset(),
      fps: () => playground.fps(),
      frames: () => playground.frameCount,
      frameCost: () => playground.frameCost || 0,
      isPlaying: () => playground.playing,
      isVisible: () => playground.visible,
      destroy: () => playground.destroy(),
    };
    return element.ganPlayground;
  }

  function mountAll() {
    document.querySelectorAll('.gan-playground').forEach(mount);
  }

  api.mount = mount;
  api.mountAll = mountAll;
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mountAll);
  } else {
    mountAll();
  }
})(typeof window !== 'undefined' ? window : globalThis);
