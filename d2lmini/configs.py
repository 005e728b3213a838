"""The hyper-parameters of each experiment, shared by the chapters and the command line.

Each chapter writes its values on one line for the reader; `tests/test_sync.py` checks that
the chapter and this file agree.
"""

__all__ = ['GAUSSIAN_2D']

# The d2l experiment (Zhang et al., Dive into Deep Learning, section "Generative Adversarial
# Networks"): 1,000 points, batch 8, Adam learning rates 0.05 (D) and 0.005 (G), latent 2.
GAUSSIAN_2D = dict(num_examples=1000, batch_size=8, lr_D=0.05, lr_G=0.005,
                   latent_dim=2, num_epochs=20)
