"""Framework-neutral plotting for the chapter "When GANs fail": the ring of Gaussians.

The ring's GANs train with the book's one loop, `d2l.train` (chapter "A GAN on a 2-D
Gaussian"), and its history; what is left here is the picture the chapter draws of their
samples.
"""
import math

import numpy as np

from .data import ring_modes

__all__ = ['plot_ring_panels']


def plot_ring_panels(panels, num_modes=8, radius=2.0, size=2.2, lim=3.0, ncols=None):
    """Scatter plots side by side: `panels` is a list of (title, points (n, 2)).

    The centres of the ring's modes are drawn as red crosses in every panel, so that one
    sees at a glance which modes the points reach. `ncols` panels per row (default: all in
    one row).
    """
    import matplotlib.pyplot as plt
    modes = ring_modes(num_modes, radius)
    ncols = len(panels) if ncols is None else min(ncols, len(panels))
    nrows = math.ceil(len(panels) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows),
                             squeeze=False)
    for ax in axes.flat[len(panels):]:  # a last row that is not full
        ax.set_axis_off()
    for ax, (title, points) in zip(axes.flat, panels):
        points = np.asarray(points)
        ax.scatter(points[:, 0], points[:, 1], s=2, alpha=0.4)
        ax.scatter(modes[:, 0], modes[:, 1], marker='x', color='red', s=25)
        ax.set_title(title, fontsize=9)
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect('equal')
    for ax in axes[-1]:
        ax.set_xlabel('$x_1$')
    for ax in axes[:, 0]:
        ax.set_ylabel('$x_2$')
    fig.tight_layout()
    return fig
