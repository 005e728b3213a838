"""Plots for the chapters: an animated training monitor and image grids.

`Animator` draws training curves (and whatever a chapter adds to its other panels) while a
model trains. In Jupyter it updates one picture in place and records a frame per update; at
the end `finish()` replaces the picture by one looping animation of the frames (an animated
WebP at the picture's own size and colours, ending on the final state), embedded in the
notebook, so the saved notebook and the website replay the training offline. Outside Jupyter (the command line,
tests) it only keeps the numbers, so it costs nothing.

All figures have a white background, so they stay readable on a dark website theme.
"""
import base64
import io

import numpy as np

from .outputs import check_output_path

# matplotlib, Pillow and IPython are imported where they are used: `import d2lmini` stays
# fast for the command line, which never draws

__all__ = ['set_figsize', 'in_jupyter', 'Animator', 'show_images', 'interpolation_strip']

FACECOLOR = 'white'   # not transparent: dark themes would swallow black axes and labels
DISPLAY_DPI = 100     # resolution of the pictures shown while training
ANIM_MAX_FRAMES = 30      # evenly spaced frames kept for the animation
ANIM_FRAME_MS = 250       # about 4 frames per second ...
ANIM_LAST_FRAME_MS = 3000  # ... and a pause on the final state before the loop restarts
ANIM_QUALITY = 85         # lossy WebP quality: sharp lines, a few KB per frame
FRAMES_IN_MEMORY = 4 * ANIM_MAX_FRAMES  # beyond this, every other frame is dropped


def set_figsize(figsize=(3.5, 2.5)):
    """Set the default size (inches) of matplotlib figures made with pyplot."""
    import matplotlib
    matplotlib.rcParams['figure.figsize'] = figsize


def in_jupyter():
    """True inside a Jupyter kernel (notebook, JupyterLab, nbclient), False elsewhere."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == 'ZMQInteractiveShell'


def _new_figure(figsize):
    """A white figure drawn by Agg and not managed by pyplot: Jupyter shows it only when
    we display it, never a second time at the end of the cell."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=figsize, dpi=DISPLAY_DPI, facecolor=FACECOLOR, layout='constrained')
    FigureCanvasAgg(fig)
    return fig


def _png_bytes(fig):
    """Render `fig` (already drawn) to PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format='png', dpi=fig.dpi, facecolor=FACECOLOR)
    return buffer.getvalue()


def _data_uri(data, mime):
    return f'data:{mime};base64,' + base64.b64encode(data).decode('ascii')


class Animator:
    """Plot curves while training: `add(x, ys)` appends points and redraws.

    Panel `axes[0]` holds the curves, one per entry of `ys`; with `nrows * ncols > 1` the
    other panels (`axes[1]`, ...) are free for the chapter, which draws into them (for example
    a point cloud) before calling `add` or `show`. In Jupyter every `show` updates a single
    picture in place and records a frame; call `finish()` when training ends to replace the
    picture by the animation of all frames followed by the final state. Outside Jupyter
    nothing is drawn or shown unless `record=True`; `X` and `Y` always hold the data.
    `active` tells the chapter whether drawing into the other panels is worth it.
    """

    def __init__(self, xlabel=None, ylabel=None, legend=None, xlim=None, ylim=None,
                 xscale='linear', yscale='linear', fmts=('-', 'm--', 'g-.', 'r:'),
                 nrows=1, ncols=1, figsize=(3.5, 2.5), titles=None, record=None):
        self.jupyter = in_jupyter()
        self.record = self.jupyter if record is None else bool(record)
        self.xlabel = 'epoch' if xlabel is None else xlabel  # a plot always names its axes
        self.ylabel = 'value' if ylabel is None else ylabel
        self.legend, self.xlim, self.ylim = legend, xlim, ylim
        self.xscale, self.yscale, self.fmts = xscale, yscale, fmts
        self.fig = _new_figure(figsize)
        self.axes = list(np.ravel(self.fig.subplots(nrows, ncols, squeeze=False)))
        if titles is not None and len(titles) != len(self.axes):
            raise ValueError(f'titles needs one entry per panel ({len(self.axes)}), '
                             f'got {len(titles)}')
        self.titles = titles
        for ax, title in zip(self.axes, titles or []):
            ax.set_title(title)
        self.X, self.Y = None, None
        self.frames = []       # recorded PIL images, palette mode
        self._handle = None    # the in-place Jupyter display
        self._updates = 0      # calls of show() so far
        self._stride = 1       # record every `_stride`-th update (doubles on long runs)
        self._last_recorded = None
        self._draw_curves()

    @property
    def active(self):
        """True when updates are shown or recorded, i.e. when drawing pays off."""
        return self.jupyter or self.record

    def add(self, x, ys):
        """Append one point per curve (`ys` a number or a list; None skips a curve), redraw."""
        if not hasattr(ys, '__len__'):
            ys = [ys]
        n = len(ys)
        if not hasattr(x, '__len__'):
            x = [x] * n
        if self.X is None:
            self.X = [[] for _ in range(n)]
            self.Y = [[] for _ in range(n)]
        if len(ys) != len(self.Y):
            raise ValueError(f'add() got {len(ys)} values, but the plot has '
                             f'{len(self.Y)} curves')
        for i, (a, b) in enumerate(zip(x, ys)):
            if a is not None and b is not None:
                self.X[i].append(float(a))
                self.Y[i].append(float(b))
        self.show()

    def _draw_curves(self):
        ax = self.axes[0]
        ax.cla()
        for x, y, fmt in zip(self.X or [], self.Y or [], self.fmts * len(self.Y or [])):
            ax.plot(x, y, fmt)
        ax.set_xlabel(self.xlabel)
        ax.set_ylabel(self.ylabel)
        ax.set_xscale(self.xscale)
        ax.set_yscale(self.yscale)
        if self.xlim is not None:
            ax.set_xlim(self.xlim)
        if self.ylim is not None:
            ax.set_ylim(self.ylim)
        if self.legend and self.X:
            ax.legend(self.legend)
        if self.titles:
            ax.set_title(self.titles[0])  # cla() removed it
        ax.grid(True)

    def show(self):
        """Redraw; in Jupyter update the picture in place; record a frame when recording."""
        if not self.active:
            return
        self._updates += 1
        self._draw_curves()
        self._draw(relayout=self._updates == 1)
        if self.record and (self._updates - 1) % self._stride == 0:
            self._record_frame()
            if len(self.frames) >= FRAMES_IN_MEMORY:
                # A long run: keep evenly spaced frames, record half as often from now on
                self.frames = self.frames[::2]
                self._stride *= 2
        if self.jupyter:
            from IPython import display
            image = display.Image(data=_png_bytes(self.fig), format='png')
            if self._handle is None:
                self._handle = display.display(image, display_id=True)
            else:
                self._handle.update(image)

    def _draw(self, relayout=False):
        # Laying out the panels takes more time than drawing them: do it on the first
        # frame only (and at the end), then keep the panels where they are
        if relayout:
            self.fig.set_layout_engine('constrained')
            self.fig.canvas.draw()
            self.fig.set_layout_engine('none')
        else:
            self.fig.canvas.draw()

    def _record_frame(self):
        from PIL import Image
        self.frames.append(Image.fromarray(np.asarray(self.fig.canvas.buffer_rgba()))
                           .convert('RGB'))
        self._last_recorded = self._updates

    def animation_bytes(self):
        """The recorded frames as a looping animated WebP (at most ANIM_MAX_FRAMES, evenly
        spaced), the last frame, the final state, held longest."""
        if not self.frames:
            raise RuntimeError('no frames recorded: outside Jupyter create the Animator '
                               'with record=True and call add() or show() first')
        keep = np.unique(np.linspace(0, len(self.frames) - 1,
                                     min(ANIM_MAX_FRAMES, len(self.frames))).round())
        frames = [self.frames[int(i)] for i in keep]
        durations = [ANIM_FRAME_MS] * (len(frames) - 1) + [ANIM_LAST_FRAME_MS]
        buffer = io.BytesIO()
        frames[0].save(buffer, format='WEBP', save_all=True, append_images=frames[1:],
                       duration=durations, loop=0, quality=ANIM_QUALITY, method=4)
        return buffer.getvalue()

    def save_animation(self, path):
        """Write the animation of the recorded frames to `path` (a .webp file).

        The animation is made and the path checked (`check_output_path`) before the file
        is opened, so that a bad path raises a clear ValueError and leaves no empty file;
        the frames stay in the Animator, ready for another call with a better path.
        """
        data = self.animation_bytes()
        with open(check_output_path(path, '.webp'), 'wb') as f:
            f.write(data)

    def html(self):
        """HTML: one animated image of the training, ending on its final state."""
        self._draw_curves()
        self._draw(relayout=True)
        if self.frames and self._last_recorded != self._updates:
            self._record_frame()  # the animation ends on the final state
        style = 'max-width: 100%; background: white;'
        return (f'<img src="{_data_uri(self.animation_bytes(), "image/webp")}" '
                f'alt="animation of the training, ending on its final state" '
                f'style="{style}"/>')

    def finish(self):
        """End of training: show the animation, which ends on the final state; return the HTML.

        In Jupyter the in-place picture is replaced, so the saved notebook (and the website
        built from it) plays the training offline. Returns None when no frame was recorded.
        """
        if not self.frames:
            return None
        html = self.html()
        if self.jupyter:
            from IPython import display
            # Frontends that do not render HTML fall back to the still PNG
            bundle = {'text/html': html, 'image/png': _png_bytes(self.fig)}
            if self._handle is None:
                display.display(bundle, raw=True)
            else:
                self._handle.update(bundle, raw=True)
        return html


def _check_images(images):
    images = np.asarray(images, dtype=np.float32)
    if images.ndim == 4 and images.shape[1] == 1:
        images = images[:, 0]  # (N, 1, 28, 28) channel-first batches
    elif images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]  # (N, 28, 28, 1) channel-last batches
    if images.ndim != 3:
        raise ValueError(f'images must have shape (N, height, width), got {images.shape}')
    low, high = float(images.min()), float(images.max())
    if low < -1.01 or high > 1.01:
        raise ValueError(f'image values must lie in [-1, 1] or [0, 1], got [{low:.3g}, '
                         f'{high:.3g}]: rescale them first')
    return images, (-1.0 if low < 0 else 0.0)


def show_images(images, nrows, ncols, titles=None, scale=1.2):
    """Show gray images (N, H, W) in a grid of `nrows` x `ncols`; return the Figure.

    Values may be in [-1, 1] (what a tanh generator produces, and `load_mnist`) or in [0, 1]:
    images with any negative value are read as [-1, 1], otherwise as [0, 1]; white strokes on
    a black background either way. Extra panels stay empty; extra images are not shown.
    In Jupyter the figure is displayed at once (the Figure is not managed by pyplot, so it
    is not shown twice); elsewhere it is only returned, e.g. for `fig.savefig`.
    """
    images, vmin = _check_images(images)
    if nrows < 1 or ncols < 1:
        raise ValueError(f'nrows and ncols must be positive, got {nrows} and {ncols}')
    if titles is not None and len(titles) < min(len(images), nrows * ncols):
        raise ValueError(f'titles needs one entry per image shown, got {len(titles)}')
    fig = _new_figure((ncols * scale, nrows * scale))
    axes = np.ravel(fig.subplots(nrows, ncols, squeeze=False))
    for i, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= len(images):
            ax.axis('off')
            continue
        ax.imshow(images[i], cmap='gray', vmin=vmin, vmax=1.0)
        if titles is not None:
            ax.set_title(str(titles[i]), fontsize=9)
    if in_jupyter():
        from IPython import display
        display.display(display.Image(data=_png_bytes(fig), format='png'))
    return _Shown(fig)


def interpolation_strip(images, ts=None, scale=1.2):
    """Show images generated along a latent path in one row, labelled with position `t`.

    `images` (N, H, W) in [-1, 1] or [0, 1]; `ts` the N positions on the path (default
    evenly spaced from 0 to 1, e.g. z = (1 - t) z_0 + t z_1). Returns the Figure.
    """
    images, _ = _check_images(images)
    ts = np.linspace(0, 1, len(images)) if ts is None else np.asarray(ts)
    if len(ts) != len(images):
        raise ValueError(f'ts needs one entry per image ({len(images)}), got {len(ts)}')
    return show_images(images, 1, len(images), [f't={t:.2f}' for t in ts], scale)


class _Shown:
    """A figure that has already been displayed: wraps it so that returning it from the last
    line of a notebook cell does not display it a second time. `.fig` is the Figure."""

    def __init__(self, fig):
        self.fig = fig

    def savefig(self, *args, **kwargs):
        kwargs.setdefault('facecolor', FACECOLOR)
        return self.fig.savefig(*args, **kwargs)

    def _ipython_display_(self):
        pass  # already shown by show_images

    def __repr__(self):
        return f'<figure of {len(self.fig.axes)} images, already shown>'
