"""Draw the book's diagrams (not plots of results) into book/figures/.

    python tools/make_figures.py            # write every figure
    python tools/make_figures.py --check    # exit 1 when a committed figure is stale

The figures are drawn with Matplotlib so that they need no drawing program and can be
re-made after a change of wording. The SVG output is deterministic (fixed hash salt, no
date), so re-running the script on an unchanged source does not change the files.
"""
import argparse
import io
import pathlib
import sys

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

FIGURES = pathlib.Path(__file__).resolve().parent.parent / 'book' / 'figures'

plt.rcParams.update({
    'svg.hashsalt': 'gan-book',  # stable element ids
    'svg.fonttype': 'none',      # keep text as text: small, selectable SVG
    'font.family': 'sans-serif',
    'font.size': 10,
})

BOX_W, BOX_H = 1.5, 0.62  # size of a box in data units
TRAINED = dict(edgecolor='black', facecolor='#e8f0fb', linestyle='-')
FROZEN = dict(edgecolor='#909090', facecolor='#f4f4f4', linestyle='--')
DATA = dict(edgecolor='#606060', facecolor='white', linestyle='-')
GRADIENT = '#c0392b'


def box(ax, x, y, text, style, width=BOX_W):
    """A rounded box centred at (x, y); returns its left and right edge."""
    ax.add_patch(FancyBboxPatch((x - width / 2, y - BOX_H / 2), width, BOX_H,
                                boxstyle='round,pad=0.03,rounding_size=0.1',
                                linewidth=1.2, **style))
    color = '#707070' if style is FROZEN else 'black'
    ax.text(x, y, text, ha='center', va='center', color=color)
    return x - width / 2, x + width / 2


def arrow(ax, start, end, color='black', rad=0.0, style='-|>'):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=12,
                                 color=color, linewidth=1.2, shrinkA=2, shrinkB=2,
                                 connectionstyle=f'arc3,rad={rad}'))


def chain(ax, y, items):
    """Boxes left to right joined by forward arrows; returns their centres."""
    centres, previous_right = [], None
    for x, text, style, width in items:
        left, right = box(ax, x, y, text, style, width)
        if previous_right is not None:
            arrow(ax, (previous_right, y), (left, y))
        previous_right = right
        centres.append(x)
    return centres


def gradient(ax, y, stops, label):
    """Red arrows below the chain, from the loss back through `stops` (x positions)."""
    bottom = y - BOX_H / 2
    for x_from, x_to in zip(stops, stops[1:]):
        arrow(ax, (x_from, bottom), (x_to, bottom), color=GRADIENT, rad=-0.3)
    ax.text((stops[0] + stops[-1]) / 2, bottom - 0.75, label, ha='center',
            va='center', color=GRADIENT, fontsize=9)


def learning_round():
    """The three steps of one GAN learning round (chapter "The adversarial game")."""
    fig, ax = plt.subplots(figsize=(8.4, 6.0))
    ax.set_xlim(-0.3, 11.4)
    ax.set_ylim(-0.6, 7.6)
    ax.axis('off')
    loss_w = 3.0  # the longest loss formula must fit
    rows = [
        (6.6, '(a) D on real data', [
            (1.0, 'real data $x$', DATA, BOX_W),
            (5.3, 'D', TRAINED, BOX_W),
            (9.8, r'loss $-\log D(x)$', DATA, loss_w)],
         ((9.8, 5.3), 'gradient updates D')),
        (3.9, '(b) D on generated data', [
            (1.0, 'noise $z$', DATA, BOX_W),
            (3.15, 'G (frozen)', FROZEN, BOX_W),
            (5.3, 'D', TRAINED, BOX_W),
            (9.8, r'loss $-\log(1 - D(G(z)))$', DATA, loss_w)],
         ((9.8, 5.3), 'gradient updates D only')),
        (1.2, '(c) G through a frozen D', [
            (1.0, 'noise $z$', DATA, BOX_W),
            (3.15, 'G', TRAINED, BOX_W),
            (5.3, 'D (frozen)', FROZEN, BOX_W),
            (9.8, r'loss $-\log D(G(z))$', DATA, loss_w)],
         ((9.8, 5.3, 3.15), 'gradient flows through D but updates G only')),
    ]
    for y, title, items, (stops, label) in rows:
        ax.text(-0.25, y + 0.62, title, ha='left', va='center', fontweight='bold')
        chain(ax, y, items)
        gradient(ax, y, stops, label)
    return fig


FIGURE_MAKERS = {'learning_round.svg': learning_round}


def render(make):
    fig = make()
    buffer = io.BytesIO()
    fig.savefig(buffer, format='svg', bbox_inches='tight', metadata={'Date': None})
    plt.close(fig)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true',
                        help='exit 1 if a committed figure differs from a fresh one')
    args = parser.parse_args()
    FIGURES.mkdir(parents=True, exist_ok=True)
    stale = []
    for name, make in FIGURE_MAKERS.items():
        path, data = FIGURES / name, render(make)
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
        else:
            path.write_bytes(data)
            print(f'wrote {path.relative_to(FIGURES.parent.parent)}')
    if stale:
        print('stale figures (run `python tools/make_figures.py`): ' + ', '.join(stale))
        sys.exit(1)


if __name__ == '__main__':
    main()
