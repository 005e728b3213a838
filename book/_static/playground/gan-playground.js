/*
 * GAN playground, the view: mounts a live GAN into every `<div class="gan-playground">`.
 *
 * The maths (networks, losses, optimizers, data, presets) live in gan-playground-engine.js,
 * which must load first; this file draws a plane with real and generated points over the
 * discriminator's heat map, the generator's gradient arrows and a loss plot, and offers
 * keyboard-usable controls. Settings come from the element's data-* attributes (for
 * example data-target="ring" data-lr-g="0.01"); what is left out takes the target's preset.
 */
(function (root) {
  'use strict';

  if (typeof document === 'undefined') return;  // headless (Node): the engine is enough
  const engineApi = root.GANPlayground;
  if (!engineApi || !engineApi.createEngine) {
    throw new Error('GAN playground: load gan-playground-engine.js before gan-playground.js');
  }
  const { createEngine, DEFAULTS, PRESETS, LOSS_PRESETS, NUM_EXAMPLES } = engineApi;

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

  const ACTIVATION_NAMES = { identity: 'linear', tanh: 'tanh', relu: 'ReLU',
                             leakyRelu: 'LeakyReLU' };

  /** A network's menu entry from the engine's description, e.g. '2 → 8 → 4 → 1, LeakyReLU
   * (2-D chapter)'; `inputs` and `outputs` name its ends. */
  function describeNetwork(spec, inputs, outputs) {
    const layers = [inputs, ...spec.hidden, outputs].join(' → ');
    const kind = spec.hidden.length ? ACTIVATION_NAMES[spec.act] : 'linear';
    return `${layers}, ${kind}${spec.from ? ` (${spec.from})` : ''}`;
  }

  function networkOptions(specs, inputs, outputs) {
    return Object.entries(specs).map(([name, spec]) => [name,
                                                        describeNetwork(spec, inputs, outputs)]);
  }

  /** Batch sizes on offer; the 2-D chapter's is marked. */
  function batchOptions() {
    const chapter = PRESETS.gaussian.batch;
    return [1, 8, 16, 32, 64, 128, 256].map((b) => [b, b === chapter ? `${b} (chapter)` : String(b)]);
  }

  const SELECTS = {
    target: [['gaussian', '2-D Gaussian (chapter)'], ['ring', 'Ring of 8 Gaussians'],
             ['moons', 'Two moons']],
    generator: networkOptions(engineApi.GENERATORS, 'z', 2),
    discriminator: networkOptions(engineApi.DISCRIMINATORS, 2, 1),
    lossG: [['nonsaturating', 'non-saturating: −log D(G(z))'],
            ['saturating', 'saturating: log(1 − D(G(z)))'],
            ['wgangp', 'Wasserstein with gradient penalty (WGAN-GP)']],
    optimizer: [['adam', 'Adam (chapter)'], ['sgd', 'SGD']],
    batch: batchOptions(),
    points: [[128, '128'], [256, '256'], [512, '512'], [1000, '1,000']],
    start: [['chapter', 'chapter initialisation'], ['far', 'far away, D trained ahead']],
  };
  // Settings that need a new model when they change; the others change live
  const RESET_KEYS = ['target', 'generator', 'discriminator', 'optimizer', 'start', 'seed'];
  // The weight lambda of WGAN-GP's gradient penalty, on a log scale around the usual 10
  const PENALTY_WEIGHTS = [0.1, 0.3, 1, 3, 10, 30, 100];
  const isCritic = (loss) => loss in LOSS_PRESETS;  // WGAN-GP: D is a critic
  // What WGAN-GP does and why its settings are what they are, shown with that loss
  const WGAN = LOSS_PRESETS.wgangp;
  const WGAN_HELP =
    'WGAN-GP (Gulrajani et al., 2017): D becomes a critic c that scores points. It learns ' +
    'to make the mean score of real points exceed that of generated ones, while a ' +
    'penalty λ × mean (‖∇c(x̂)‖ − 1)², at random points x̂ between real and generated ' +
    'ones, keeps its slope near 1; G learns to raise the scores of its points. Settings: ' +
    `λ = ${WGAN.gpWeight}, ${WGAN.kD} critic step${WGAN.kD > 1 ? 's' : ''} per G step, ` +
    `learning rates ${formatRate(WGAN.lrD)} (critic) and ${formatRate(WGAN.lrG)} (G), ` +
    `Adam's β₁ = 0.5 and β₂ = ${WGAN.beta2}, batches of ${WGAN.batch}, and the points ` +
    `shown come from a moving average of G's weights (decay ${WGAN.emaDecay}, as the ` +
    'ring chapter\'s samples). The paper\'s settings (λ = 10, 5 critic steps, learning ' +
    'rates 1e-4) take tens of thousands of steps; its authors\' own 2-D script lowers λ ' +
    `to 0.1 to go faster. These cover the ring's 8 narrow modes within ` +
    `${engineApi.WGAN_RING_STEPS.toLocaleString('en')} steps (about a minute): with ` +
    'λ = 10 the points had not reached the modes by then, and without the average they ' +
    'keep jittering around them by about their width.';
  // data-* attribute -> setting: the engine's options and two of the view's own
  const ATTRIBUTES = Object.assign({ points: 'points', speed: 'speed' },
                                   engineApi.OPTION_ATTRIBUTES);
  const UI_DEFAULTS = { points: 512, speed: 5 };
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
      // What the attributes leave out, the engine takes from the target's preset
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
      this.showLoss();
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
           'both cross-entropy losses when D(x) = 1/2 everywhere. With WGAN-GP, D is a ' +
           'critic: its loss is minus its estimate of the Wasserstein distance plus the ' +
           'penalty, the line for G shows that estimate, and the dashed line is 0, ' +
           'where the estimate ends when G matches the data.');

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
      select('lossG', 'Loss');
      select('optimizer', 'Optimizer');
      range('lrD', 'Learning rate of D', LEARNING_RATES, formatRate);
      range('lrG', 'Learning rate of G', LEARNING_RATES, formatRate);
      range('kD', 'D steps per G step', integers(1, 10), String);
      range('gpWeight', 'Penalty weight λ', PENALTY_WEIGHTS, String);
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

      this.help = make('p', 'gp-help', el, WGAN_HELP);
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
      if (['batch', 'kD', 'lrD', 'lrG', 'gpWeight'].includes(key)) value = Number(value);
      const previous = this.engineOptions[key];
      this.engineOptions[key] = value;
      if (key === 'target') {
        // Load the settings that suit this data set (and the loss), and show them in the
        // controls (the noise size has no control)
        this.loadPresets(Object.assign({}, PRESETS[value], LOSS_PRESETS[this.engineOptions.lossG]));
        this.reset(`Data changed: a new model was created with the settings for the ` +
                   `${this.describeTarget(value)}.`);
      } else if (key === 'lossG' && isCritic(value) !== isCritic(previous)) {
        // A critic and a discriminator are different games: a new model, with the
        // settings of the new loss (or, back from WGAN-GP, those of the data set)
        const base = Object.assign({}, DEFAULTS, PRESETS[this.engineOptions.target]);
        const keys = Object.values(LOSS_PRESETS).flatMap(Object.keys);
        this.loadPresets(Object.assign(Object.fromEntries(keys.map((k) => [k, base[k]])),
                                       LOSS_PRESETS[value]));
        this.reset(`Loss changed to ${this.valueText('lossG')}: a new model was created` +
                   `${isCritic(value) ? ' with the settings for WGAN-GP' : ''}.`);
      } else if (RESET_KEYS.includes(key)) {
        this.reset(`${this.labelOf(key)} changed: a new model was created.`);
      } else {
        this.engine.set({ [key]: value });
        this.announce(`${this.labelOf(key)} set to ${this.valueText(key)}.`);
      }
    }

    /** Put `presets` into the engine's options and show them in the controls. */
    loadPresets(presets) {
      for (const [name, preset] of Object.entries(presets)) {
        this.engineOptions[name] = preset;
        if (this.setters[name]) this.setters[name](preset);
      }
    }

    /** Show the WGAN-GP help and enable its penalty weight only with that loss. */
    showLoss() {
      const critic = isCritic(this.engine.config.lossG);
      this.help.hidden = !critic;
      this.controls.gpWeight.disabled = !critic;
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
      this.showLoss();
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
      // The dashed line: log 2 for the cross-entropies, 0 for the critic's distance estimate
      const ref = isCritic(this.engine.config.lossG) ? 0 : LOG2;
      for (const y of (ref === bottom ? [bottom, top] : [bottom, ref, top])) {
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
      ctx.moveTo(margin.left, py(ref));
      ctx.lineTo(margin.left + w, py(ref));
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

  engineApi.mount = mount;
  engineApi.mountAll = mountAll;
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mountAll);
  } else {
    mountAll();
  }
})(typeof window !== 'undefined' ? window : globalThis);
