/*
 * GAN playground, the engine: the maths of a small GAN, with no page and no DOM.
 *
 * Plain JavaScript, no dependencies, no network. `GANPlayground.createEngine(options)`
 * builds small fully connected networks with hand-derived gradients, binary cross-entropy
 * on logits, Adam or SGD, a data set and a seeded random number generator, so that a run
 * is reproducible. It runs in a page (gan-playground.js draws it) and headless in Node
 * (`require('./gan-playground-engine.js')`), which is how the tests check it.
 *
 * The chapters' hyper-parameters come from gan-playground-presets.js, which `make lib`
 * generates from the chapters' cells tagged `hyperparameters` (as d2lmini/configs.py):
 * load it before this file in a page; Node finds it beside this file.
 *
 * The 2-D chapter's experiment (book/gan_2d.md): real data X = Z A + b with Z ~ N(0, I),
 * A = [[1, 2], [-0.1, 0.5]], b = [1, 2], 1,000 points; G is one linear layer 2 -> 2; D is
 * 2 -> 8 -> 4 -> 1 with LeakyReLU(0.2) units and a logit out; every weight and bias starts
 * from N(0, 0.02^2); Adam with beta1 = 0.5, lr_D = 0.05, lr_G = 0.005, minibatches of 8
 * from the shuffled data; as the chapter's `load_array`, an epoch drops the last minibatch
 * when it would be short and the data are reshuffled for the next epoch.
 * One step: update D on a real batch (label 1) and a fake batch (label 0, G held fixed),
 * then update G with the non-saturating loss (its fakes labelled 1 through D).
 * Losses are averaged over the batch as in the chapter (`BCEWithLogitsLoss()`, whose
 * default reduction is the mean), and the gradients are those of these means; D's loss
 * is the mean of its real and fake terms.
 *
 * The third loss, WGAN-GP (Gulrajani et al., 2017), makes D a critic with a gradient
 * penalty (updateCritic); the penalty's gradient in the critic's weights, a gradient of a
 * gradient, is derived by hand in MLP.penaltyBackward.
 */
(function (root) {
  'use strict';

  const CHAPTERS = root.GANPlaygroundChapters ||
    (typeof require === 'function' ? require('./gan-playground-presets.js') : null);
  if (!CHAPTERS) {
    throw new Error('GAN playground: load gan-playground-presets.js before ' +
                    'gan-playground-engine.js');
  }
  const GAN_2D = CHAPTERS.GAN_2D;  // book/gan_2d.md
  const RING = CHAPTERS.GAN_FAILURES;  // book/gan_failures.md, the ring of Gaussians

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
  // Data sets: the 2-D chapter's Gaussian, the failure chapter's ring, two moons
  // ------------------------------------------------------------------------------------

  const NUM_EXAMPLES = GAN_2D.num_examples;  // the size of every data set here
  // d2lmini.GAUSSIAN_2D_A and _B, the d2l experiment (checked by the tests)
  const GAUSSIAN_A = [[1.0, 2.0], [-0.1, 0.5]];
  const GAUSSIAN_B = [1.0, 2.0];
  const MOONS_NOISE = 0.05;  // small enough that the two arcs do not touch

  function ringModes() {
    const modes = [];
    for (let k = 0; k < RING.num_modes; k++) {
      const angle = 2 * Math.PI * k / RING.num_modes;
      modes.push([RING.radius * Math.cos(angle), RING.radius * Math.sin(angle)]);
    }
    return modes;
  }

  /**
   * Row-major (n, 2) Float64Array of real points for `target`. The ring chapter draws a
   * fresh batch at every step; here every target is a fixed set of NUM_EXAMPLES points,
   * as in the 2-D chapter (on the ring D cannot memorize them: they are 1,000 points in
   * 8 clusters of width 0.02).
   */
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
        const mode = modes[rng.integer(RING.num_modes)];
        X[2 * i] = mode[0] + RING.ring_std * rng.normal();
        X[2 * i + 1] = mode[1] + RING.ring_std * rng.normal();
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

  // As d2lmini.mode_coverage: a generated ring point is high quality when it lies
  // within 3 standard deviations of its nearest mode; a mode is covered when at least 2%
  // of all generated points are high-quality points of that mode.
  const MODE_RADIUS_STDS = 3;
  const MODE_MIN_SHARE = 0.02;

  function modeCoverage(X) {
    const modes = ringModes();
    const counts = new Array(RING.num_modes).fill(0);
    const n = X.length / 2;
    let close = 0;
    for (let i = 0; i < n; i++) {
      let nearest = 0, best = Infinity;
      for (let k = 0; k < RING.num_modes; k++) {
        const dist = Math.hypot(X[2 * i] - modes[k][0], X[2 * i + 1] - modes[k][1]);
        if (dist < best) { best = dist; nearest = k; }
      }
      if (best <= MODE_RADIUS_STDS * RING.ring_std) { counts[nearest]++; close++; }
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

  const LEAKY_SLOPE = 0.2;  // the 2-D chapter's LEAKY_SLOPE: 20% of a negative input passes

  // Each activation a = f(z) with its derivative df(z, a) = da/dz and its second
  // derivative d2f(z, a) = d^2a/dz^2, given z and a (the gradient penalty needs d2f: the
  // slope of a unit changes with the weights only where the slope is not constant)
  const ACTIVATIONS = {
    identity: { f: (z) => z, df: (z, a) => 1, d2f: (z, a) => 0 },
    tanh: { f: Math.tanh, df: (z, a) => 1 - a * a, d2f: (z, a) => -2 * a * (1 - a * a) },
    // Piecewise linear: the second derivative is 0 wherever it exists (as in autograd)
    relu: { f: (z) => (z > 0 ? z : 0), df: (z, a) => (z > 0 ? 1 : 0), d2f: (z, a) => 0 },
    // As PyTorch: the slope at exactly 0 is LEAKY_SLOPE
    leakyRelu: { f: (z) => (z > 0 ? z : LEAKY_SLOPE * z),
                 df: (z, a) => (z > 0 ? 1 : LEAKY_SLOPE), d2f: (z, a) => 0 },
  };

  /** Fill `array` from N(0, sigma^2): the chapters' init_normal. */
  function initNormal(array, sigma, rng) {
    for (let i = 0; i < array.length; i++) array[i] = sigma * rng.normal();
  }

  /** Fill `array` as PyTorch's nn.Linear does by default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
  function initLinearDefault(array, fanIn, rng) {
    const bound = 1 / Math.sqrt(fanIn);
    for (let i = 0; i < array.length; i++) array[i] = bound * (2 * rng.uniform() - 1);
  }

  /**
   * A multilayer perceptron y = f_L(... f_1(x W_1 + b_1) ... W_L + b_L) working on
   * row-major batches (Float64Array of n * width). `forward` keeps every layer's
   * pre-activation and activation so that `backward` can apply the chain rule.
   * `init` is 'chapter' (every weight and bias from N(0, init_sigma^2), the 2-D chapter's)
   * or 'default' (PyTorch's default for nn.Linear, which the ring chapter keeps).
   */
  class MLP {
    constructor(sizes, activations, rng, init) {
      this.sizes = sizes;
      this.activations = activations;
      this.acts = activations.map((name) => ACTIVATIONS[name]);
      this.W = [];  // W[l]: (sizes[l], sizes[l + 1]), row-major
      this.b = [];  // b[l]: (sizes[l + 1],)
      for (let l = 0; l + 1 < sizes.length; l++) {
        const fanIn = sizes[l], fanOut = sizes[l + 1];
        const W = new Float64Array(fanIn * fanOut), b = new Float64Array(fanOut);
        if (init === 'chapter') {
          initNormal(W, GAN_2D.init_sigma, rng);
          initNormal(b, GAN_2D.init_sigma, rng);
        } else {
          initLinearDefault(W, fanIn, rng);
          initLinearDefault(b, fanIn, rng);
        }
        this.W.push(W);
        this.b.push(b);
      }
      this.gW = this.W.map((W) => new Float64Array(W.length));
      this.gb = this.b.map((b) => new Float64Array(b.length));
      this.capacity = 0;
    }

    params() { return this.W.concat(this.b); }

    /** A copy with the same weights (and a random stream of its own for the unused init). */
    clone() {
      const copy = new MLP(this.sizes, this.activations, makeRng(0), 'default');
      copy.params().forEach((p, i) => p.set(this.params()[i]));
      return copy;
    }
    grads() { return this.gW.concat(this.gb); }

    reserve(n) {  // grow the per-layer buffers to hold a batch of n rows
      if (n <= this.capacity) return;
      this.capacity = n;
      this.z = this.sizes.map((width) => new Float64Array(n * width));
      this.a = this.sizes.map((width) => new Float64Array(n * width));
      this.delta = this.sizes.map((width) => new Float64Array(n * width));
      // for penaltyBackward: tangents (t before, dt after the slopes) and their adjoints
      this.t = this.sizes.map((width) => new Float64Array(n * width));
      this.dt = this.sizes.map((width) => new Float64Array(n * width));
      this.tBar = this.sizes.map((width) => new Float64Array(n * width));
      this.aBar = this.sizes.map((width) => new Float64Array(n * width));
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

    /**
     * The gradient penalty's pass over the weights (WGAN-GP), for a network with one
     * output c(x), after `forward` on n rows x_i and given a vector u_i per row (U, n rows
     * of sizes[0]): adds d/dtheta sum_i u_i . grad_x c(x_i) into gW and gb, with every
     * u_i held fixed.
     *
     * Why that is the penalty's gradient: with g_i = grad_x c(x_i) and a penalty
     * sum_i p(g_i), the chain rule gives dp/dtheta = sum_i p'(g_i) . dg_i/dtheta, which
     * is the derivative of sum_i u_i . g_i with u_i = p'(g_i) fixed. And u . grad_x c(x)
     * is the derivative of c along u, which forward mode computes as a product of the
     * weight matrices and the units' slopes s_l = f'(z_l):
     *     t_1 = u W_1,  dt_l = s_l * t_l (elementwise),  t_{l+1} = dt_l W_{l+1},
     *     u . grad_x c(x) = t_L (the output unit is linear, s_L = 1).
     * This is an ordinary computation in the weights (the W's directly, and the slopes
     * through z_l = a_{l-1} W_l + b_l), so one reverse pass over it, this function, gives
     * its gradient. With tBar_l and aBar_l the derivatives of sum_i u_i . g_i in dt_l and
     * in a_l, from the top (tBar_L = 1; aBar_L = 0, the output a_L never enters the
     * tangent) down:
     *     d/dt_l   = tBar_l * s_l
     *     d/dz_l   = aBar_l * s_l + tBar_l * t_l * f''(z_l)
     *     dW_l    += dt_{l-1}^T (d/dt_l) + a_{l-1}^T (d/dz_l),   db_l += sum over rows of d/dz_l
     *     tBar_{l-1} = (d/dt_l) W_l^T,   aBar_{l-1} = (d/dz_l) W_l^T
     * where dt_0 = u and a_0 = x. For ReLU and LeakyReLU f'' = 0, so aBar stays 0 all the
     * way down: only the tangents carry the gradient and the biases get none (the slopes
     * are constant almost everywhere); for tanh the slopes move with the weights too.
     * test_playground_engine.py checks this against finite differences and PyTorch.
     */
    penaltyBackward(U, n) {
      const L = this.sizes.length - 1;
      if (this.sizes[L] !== 1) throw new Error('penaltyBackward needs one output');
      // Forward mode: the tangents t_l and dt_l = s_l * t_l of every layer, dt_0 = u
      this.dt[0].set(U.subarray(0, n * this.sizes[0]));
      for (let l = 0; l < L; l++) {
        const fanIn = this.sizes[l], fanOut = this.sizes[l + 1];
        const W = this.W[l], act = this.acts[l];
        const dtIn = this.dt[l], t = this.t[l + 1], dtOut = this.dt[l + 1];
        const z = this.z[l + 1], a = this.a[l + 1];
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < fanOut; j++) {
            let s = 0;
            for (let k = 0; k < fanIn; k++) s += dtIn[i * fanIn + k] * W[k * fanOut + j];
            const ij = i * fanOut + j;
            t[ij] = s;
            dtOut[ij] = act.df(z[ij], a[ij]) * s;
          }
        }
      }
      // Reverse mode through the tangents and the slopes, from the output down
      this.tBar[L].fill(1, 0, n);
      this.aBar[L].fill(0, 0, n);
      for (let l = L; l >= 1; l--) {
        const fanIn = this.sizes[l - 1], fanOut = this.sizes[l];
        const W = this.W[l - 1], gW = this.gW[l - 1], gb = this.gb[l - 1];
        const act = this.acts[l - 1], z = this.z[l], a = this.a[l], t = this.t[l];
        const tBar = this.tBar[l], aBar = this.aBar[l];  // overwritten by d/dt_l, d/dz_l
        for (let ij = 0; ij < n * fanOut; ij++) {
          const slope = act.df(z[ij], a[ij]);
          const dT = tBar[ij] * slope;
          aBar[ij] = aBar[ij] * slope + tBar[ij] * t[ij] * act.d2f(z[ij], a[ij]);
          tBar[ij] = dT;
        }
        const dtIn = this.dt[l - 1], aIn = this.a[l - 1];
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < fanOut; j++) {
            const dT = tBar[i * fanOut + j], dZ = aBar[i * fanOut + j];
            gb[j] += dZ;
            for (let k = 0; k < fanIn; k++) {
              gW[k * fanOut + j] += dtIn[i * fanIn + k] * dT + aIn[i * fanIn + k] * dZ;
            }
          }
        }
        if (l === 1) break;  // the input and u are constants
        const tBarIn = this.tBar[l - 1], aBarIn = this.aBar[l - 1];
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < fanIn; k++) {
            let st = 0, sa = 0;
            for (let j = 0; j < fanOut; j++) {
              const w = W[k * fanOut + j];
              st += tBar[i * fanOut + j] * w;
              sa += aBar[i * fanOut + j] * w;
            }
            tBarIn[i * fanIn + k] = st;
            aBarIn[i * fanIn + k] = sa;
          }
        }
      }
    }

    zeroGrad() {
      for (const g of this.grads()) g.fill(0);
    }
  }

  // ------------------------------------------------------------------------------------
  // Optimizers
  // ------------------------------------------------------------------------------------

  /** Adam (Kingma and Ba) as the chapters configure it: betas (beta1, 0.999), eps 1e-8.
   * beta1 = 0.5 instead of the default 0.9: long momentum makes both players overshoot.
   * eps 1e-8 is PyTorch's default, which the chapter sets in every framework. */
  class Adam {
    constructor(params, lr, beta2) {
      this.params = params;
      this.lr = lr;
      this.beta1 = GAN_2D.beta1;
      this.beta2 = beta2 === undefined ? 0.999 : beta2;
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
    // WGAN-GP (Gulrajani et al.): D is a critic whose output c = l is a score, not a
    // logit; G minimizes -c(G(z)), whose gradient in l is -1 wherever D is: it cannot
    // vanish through a sigmoid. The critic's own loss is in updateCritic.
    wgangp: { value: (l) => -l, grad: (l) => -1, critic: true },
  };

  // ------------------------------------------------------------------------------------
  // The networks and settings on offer
  // ------------------------------------------------------------------------------------

  const TARGETS = ['gaussian', 'ring', 'moons'];
  // The ring chapter's networks have two hidden layers of num_hiddens = 128 ReLU units and
  // learn from minibatches of 256 points: about 2,000 times the work of a step of the 2-D
  // chapter, tens of milliseconds per step in a browser, too slow to watch it learn. The
  // playground keeps their shape, initialization, learning rates and noise size, with
  // LIVE_HIDDENS units per layer and minibatches of LIVE_BATCH (64 times less work).
  const LIVE_HIDDENS = 32;
  const LIVE_BATCH = 64;
  // Hidden layer widths, their activation, the initialization ('chapter': N(0, 0.02^2),
  // 'default': PyTorch's), and the chapter they come from
  const GENERATORS = {
    linear: { hidden: [], act: 'identity', init: 'chapter', from: '2-D chapter' },
    mlp: { hidden: [LIVE_HIDDENS, LIVE_HIDDENS], act: 'relu', init: 'default',
           from: 'ring chapter' },
  };
  const DISCRIMINATORS = {
    small: { hidden: [8, 4], act: 'leakyRelu', init: 'chapter', from: '2-D chapter' },
    mlp: { hidden: [LIVE_HIDDENS, LIVE_HIDDENS], act: 'relu', init: 'default',
           from: 'ring chapter' },
    // tanh units, as d2l's 2-D discriminator (5 and 3 of them): they can saturate
    wide: { hidden: [LIVE_HIDDENS, LIVE_HIDDENS], act: 'tanh', init: 'default' },
  };

  // The settings each data set starts with, from the chapters' hyper-parameters (a test
  // checks them against d2lmini/configs.py). Options left out of createEngine's options
  // take the target's preset, then the other DEFAULTS.
  const PRESETS = {
    gaussian: {
      generator: 'linear', discriminator: 'small', lrD: GAN_2D.lr_D, lrG: GAN_2D.lr_G,
      batch: GAN_2D.batch_size, latentDim: GAN_2D.latent_dim,
    },
    ring: {  // with smaller networks and batches (LIVE_HIDDENS, LIVE_BATCH)
      generator: 'mlp', discriminator: 'mlp', lrD: RING.lr_D, lrG: RING.lr_G,
      batch: LIVE_BATCH, latentDim: RING.latent_dim,
    },
    // No chapter trains on the moons: the ring's settings
    moons: {
      generator: 'mlp', discriminator: 'mlp', lrD: RING.lr_D, lrG: RING.lr_G,
      batch: LIVE_BATCH, latentDim: RING.latent_dim,
    },
  };
  // WGAN-GP's settings. Gulrajani et al. use lambda = 10, n_critic = 5 critic steps per G
  // step, Adam with lr 1e-4, beta1 = 0.5, beta2 = 0.9; their 2-D script keeps n_critic = 5
  // and batches of 256 but lowers lambda to 0.1 ("faster for toy tasks") and trains for
  // 100,000 steps. The playground has about a minute: WGAN_RING_STEPS generator steps.
  // In the engine on the ring (seed 0, node bench/playground_wgan.js): lambda = 10 had not
  // brought G's points onto the narrow modes (standard deviation 0.02) after 2,500 steps,
  // nor had lr 1e-4 or 1e-3 with n_critic = 5 after 1,000 (the wgan branch's PyTorch runs
  // with the ring chapter's networks found the same for lambda = 10). What covers all 8
  // modes within the budget: lambda = 1, one critic step per G step, lr 4e-3 for the critic
  // and 2e-3 for G, Adam's beta2 = 0.9, batches of 128, and samples from an exponential
  // moving average of G's weights with the ring chapter's decay (its samples come from
  // one too). Without the average, G's points, pushed with a gradient of size about 1
  // wherever they are (the critic's slope), keep jittering around the modes by about
  // their width and a mode or two drops out of the count from one check to the next;
  // with batches of 64 the jitter is larger, with 256 each step costs twice as much.
  const WGAN_RING_STEPS = 2000;
  const WGAN = { kD: 1, lrD: 4e-3, lrG: 2e-3, beta2: 0.9, batch: 128, gpWeight: 1,
                 emaDecay: RING.ema_decay };
  // The settings a loss brings along, over the target's preset (the cross-entropy losses
  // keep the target's)
  const LOSS_PRESETS = { wgangp: WGAN };
  const DEFAULTS = Object.assign({
    target: 'gaussian', lossG: 'nonsaturating', kD: 1, seed: 0, start: 'chapter',
    optimizer: 'adam', beta2: 0.999, gpWeight: WGAN.gpWeight, emaDecay: 0,
  }, PRESETS.gaussian);

  // How a page chooses the options: the data-* attributes of its <div class="gan-playground">
  // (as the DOM's `dataset` names them: data-lr-d is lrD) and the option each one sets
  const OPTION_ATTRIBUTES = {
    target: 'target', generator: 'generator', discriminator: 'discriminator',
    loss: 'lossG', optimizer: 'optimizer', lrD: 'lrD', lrG: 'lrG', kD: 'kD',
    batch: 'batch', seed: 'seed', start: 'start', beta2: 'beta2', gpWeight: 'gpWeight',
    emaDecay: 'emaDecay',
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

  /** The target's preset, then DEFAULTS, under `options`; unknown keys are an error. */
  function withDefaults(options) {
    const unknown = Object.keys(options).filter((key) => !(key in DEFAULTS));
    if (unknown.length) {
      throw new Error(`GAN playground: unknown option(s) ${unknown.join(', ')}; ` +
                      `the options are ${Object.keys(DEFAULTS).join(', ')}`);
    }
    const target = options.target === undefined ? DEFAULTS.target : options.target;
    const loss = options.lossG === undefined ? DEFAULTS.lossG : options.lossG;
    return Object.assign({}, DEFAULTS, PRESETS[target], LOSS_PRESETS[loss], options);
  }

  /** Check the options; a bad one throws an Error that says what to use instead. */
  function checkOptions(options) {
    const o = withDefaults(options);
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
    positive('lrD'); positive('lrG'); positive('gpWeight');
    for (const name of ['beta2', 'emaDecay']) {
      o[name] = Number(o[name]);
      if (!(o[name] >= 0 && o[name] < 1)) {
        throw new Error(`GAN playground: ${name} must be a number from 0 to below 1, ` +
                        `got '${options[name]}'`);
      }
    }
    count('kD', 100); count('batch', NUM_EXAMPLES); count('latentDim', 64);
    o.seed = Number(o.seed);
    if (!Number.isInteger(o.seed)) {
      throw new Error(`GAN playground: seed must be a whole number, got '${options.seed}'`);
    }
    return o;
  }

  /** The MLP for a spec of GENERATORS or DISCRIMINATORS, from `inputs` to `outputs`. */
  function buildNetwork(spec, inputs, outputs, rng) {
    return new MLP([inputs, ...spec.hidden, outputs],
                   [...spec.hidden.map(() => spec.act), 'identity'], rng, spec.init);
  }

  // ------------------------------------------------------------------------------------
  // The engine
  // ------------------------------------------------------------------------------------

  /**
   * Build a GAN for one target. Options (all optional): target ('gaussian' | 'ring' |
   * 'moons'), generator ('linear' | 'mlp'), discriminator ('small' | 'mlp' | 'wide'),
   * lossG ('nonsaturating' | 'saturating' | 'wgangp'), lrD, lrG, kD (D steps per G step),
   * batch, seed, latentDim, start ('chapter' | 'far'), optimizer ('adam' | 'sgd', for both
   * networks), beta2 (Adam's), gpWeight (WGAN-GP's lambda), emaDecay (samples from an
   * exponential moving average of G's weights when above 0). What is left out comes from
   * the loss's preset (LOSS_PRESETS), then the target's (PRESETS), then DEFAULTS.
   */
  function createEngine(options) {
    const config = checkOptions(options || {});
    const trainRng = makeRng(config.seed ^ STREAM_TRAIN);
    const data = makeData(config.target, NUM_EXAMPLES, trainRng);
    // As the chapter, the fit is measured against the training data's own statistics
    const stats = meanCov(data);
    const netG = buildNetwork(GENERATORS[config.generator], config.latentDim, 2, trainRng);
    const netD = buildNetwork(DISCRIMINATORS[config.discriminator], 2, 1, trainRng);
    // The generator the samples come from: G itself, or with emaDecay an exponential
    // moving average of G's weights, as the ring chapter's samples (it trains nothing)
    const netSample = config.emaDecay > 0 ? netG.clone() : netG;
    const Optimizer = OPTIMIZERS[config.optimizer];
    const trainerD = new Optimizer(netD.params(), config.lrD, config.beta2);
    const trainerG = new Optimizer(netG.params(), config.lrG, config.beta2);

    // Minibatches are drawn from a shuffled copy of the data, reshuffled every epoch. As
    // the chapter's load_array (drop_last in training), an epoch ends when fewer than
    // config.batch points are left: those are skipped, so every minibatch is full
    const order = Array.from({ length: NUM_EXAMPLES }, (_, i) => i);
    let cursor = NUM_EXAMPLES;
    const X = new Float64Array(2 * NUM_EXAMPLES);
    const Z = new Float64Array(config.latentDim * NUM_EXAMPLES);
    const dLogits = new Float64Array(NUM_EXAMPLES);
    const mixed = new Float64Array(2 * NUM_EXAMPLES);  // WGAN-GP's interpolates
    const slopes = new Float64Array(2 * NUM_EXAMPLES);  // u_i of penaltyBackward
    const fakes = new Float64Array(2 * NUM_EXAMPLES);  // the critic's generated points
    const mixing = new Float64Array(NUM_EXAMPLES);  // and the weights e_i
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

    /** One discriminator (or critic) update on n real rows of X and G(Z): its loss. */
    function updateD(n, trainer) {
      return GENERATOR_LOSSES[config.lossG].critic ? updateCritic(n, trainer) :
        updateBCE(n, trainer);
    }

    /** One step of D on binary cross-entropy: returns its mean loss. */
    function updateBCE(n, trainer) {
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

    /**
     * One step of the WGAN-GP critic c = netD on n real rows of X and G(Z) (Gulrajani et
     * al.): its loss is
     *     mean_i c(fake_i) - mean_i c(x_i) + lambda * mean_i (||grad c(xhat_i)|| - 1)^2
     * at points xhat_i = e_i x_i + (1 - e_i) fake_i with e_i ~ U(0, 1) on the segments
     * between real and generated points. The penalty's gradient in the weights is
     * netD.penaltyBackward's, with u_i = lambda / n * 2 (||g_i|| - 1) g_i / ||g_i||, the
     * penalty's derivative in g_i = grad c(xhat_i). Returns the loss.
     */
    function updateCritic(n, trainer) {
      const fakeX = fakes;
      fakeX.set(netG.forward(Z, n));  // G is held fixed here
      netD.zeroGrad();
      let score = 0;  // mean c(fake) - mean c(real), minus the critic's distance estimate
      const real = netD.forward(X, n);
      for (let i = 0; i < n; i++) { score -= real[i]; dLogits[i] = -1 / n; }
      netD.backward(dLogits, n, true);
      const fake = netD.forward(fakeX, n);
      for (let i = 0; i < n; i++) { score += fake[i]; dLogits[i] = 1 / n; }
      netD.backward(dLogits, n, true);
      const e = mixing;
      for (let i = 0; i < n; i++) {
        e[i] = trainRng.uniform();
        for (let c = 0; c < 2; c++) {
          mixed[2 * i + c] = e[i] * X[2 * i + c] + (1 - e[i]) * fakeX[2 * i + c];
        }
      }
      if (recorder) recorder[recorder.length - 1].e = Array.from(e.subarray(0, n));
      // grad c(xhat_i): the backward pass of c itself (dc/dc = 1), weights untouched
      netD.forward(mixed, n);
      dLogits.fill(1, 0, n);
      const g = netD.backward(dLogits, n, false);
      let penalty = 0;
      const lambda = config.gpWeight;
      for (let i = 0; i < n; i++) {
        const norm = Math.hypot(g[2 * i], g[2 * i + 1]);
        penalty += (norm - 1) ** 2;
        const k = norm > 0 ? 2 * lambda * (norm - 1) / (norm * n) : 0;
        slopes[2 * i] = k * g[2 * i];
        slopes[2 * i + 1] = k * g[2 * i + 1];
      }
      netD.penaltyBackward(slopes, n);  // uses the forward pass on the interpolates
      trainer.step(netD.grads());
      return score / n + lambda * penalty / n;
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
      if (loss.critic) {
        // A critic's scores have no fixed zero (c + 1 is as good a critic as c), so
        // -mean c(G(z)) drifts; report mean c(x) - mean c(G(z)) on the last real batch
        // instead, the critic's estimate of the distance G minimizes: it differs from G's
        // loss by a term without G in it, so its gradient in G is the same
        const real = netD.forward(X, n);
        for (let i = 0; i < n; i++) total += real[i];
      }
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
        if (netSample !== netG) {
          const decay = config.emaDecay, average = netSample.params();
          netG.params().forEach((w, p) => {
            const a = average[p];
            for (let i = 0; i < w.length; i++) a[i] += (1 - decay) * (w[i] - a[i]);
          });
        }
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

    /** Generated points for the latent rows `latent` (n * latentDim), from netSample: a new
     * array. */
    function generate(latent, n) {
      const out = new Float64Array(2 * n);
      const chunk = NUM_EXAMPLES;  // forward in chunks so the buffers stay small
      for (let start = 0; start < n; start += chunk) {
        const m = Math.min(chunk, n - start);
        out.set(netSample.forward(latent.subarray(start * config.latentDim,
                                                  (start + m) * config.latentDim), m),
                2 * start);
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

    /**
     * D(x) in (0, 1) for the points P (m, 2): the discriminator's belief "real". A WGAN
     * critic's score c(x) has no fixed zero, so for it this is sigmoid(c(x) - mean c),
     * the mean over P: above 1/2 where the critic rates points above the average of P.
     */
    function discriminate(P, m) {
      const out = new Float64Array(m);
      for (let start = 0; start < m; start += NUM_EXAMPLES) {
        const c = Math.min(NUM_EXAMPLES, m - start);
        out.set(netD.forward(P.subarray(2 * start, 2 * (start + c)), c), start);
      }
      let shift = 0;
      if (GENERATOR_LOSSES[config.lossG].critic && m > 0) {
        for (let i = 0; i < m; i++) shift += out[i];
        shift /= m;
      }
      for (let i = 0; i < m; i++) out[i] = sigmoid(out[i] - shift);
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
     * How close G is to the data, measured on `n` generated points (default
     * NUM_EXAMPLES; the 2-D chapter uses its num_fit_samples) from a fixed noise stream,
     * against the training data as in the chapter: mean error ||mean_g - mean||, relative
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

    /** Change hyper-parameters that do not need a new model (lrD, lrG, kD, batch, lossG
     * between the two cross-entropy losses, gpWeight). */
    function set(changes) {
      const live = ['lrD', 'lrG', 'kD', 'batch', 'lossG', 'gpWeight'];
      const bad = Object.keys(changes).filter((key) => !live.includes(key));
      const isCritic = (name) => Boolean((GENERATOR_LOSSES[name] || {}).critic);
      if ('lossG' in changes && isCritic(changes.lossG) !== isCritic(config.lossG)) {
        bad.push('lossG (between a critic and a discriminator)');
      }
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
      netSample.params().forEach((p, i) => p.set(netG.params()[i]));
      trainD(FAR_PRETRAIN_D, new Adam(netD.params(), config.lrD, config.beta2));
    }

    return {
      config, data, stats, netG, netD, netSample,
      step: trainSteps, trainD, sample, latent, generate, discriminate,
      generatorGradients, metrics, set, state, trace,
      get steps() { return step; },
      get losses() { return { lossD, lossG }; },
    };
  }

  const api = {
    createEngine, makeRng, TARGETS, DEFAULTS, PRESETS, LOSS_PRESETS, OPTION_ATTRIBUTES,
    NUM_EXAMPLES, WGAN_RING_STEPS,
    GENERATORS, DISCRIMINATORS,
    // for the tests: the chapters' values and what is checked against d2lmini
    CHAPTERS, GAUSSIAN_A, GAUSSIAN_B, LIVE_HIDDENS, LIVE_BATCH, modeCoverage,
    MLP, Adam, SGD,
    GENERATOR_LOSSES: Object.keys(GENERATOR_LOSSES),
  };
  root.GANPlayground = api;
  if (typeof module === 'object' && module.exports) module.exports = api;
})(typeof window !== 'undefined' ? window : globalThis);
