"""The hyper-parameters of each experiment, shared by the chapters and the command line.

Each chapter writes its values on one line for the reader; `tests/test_sync.py` checks that
the chapter and this file agree.
"""

__all__ = ['GAUSSIAN_2D', 'MLP_MNIST', 'DCGAN_MNIST', 'RING']

# The d2l experiment (Zhang et al., Dive into Deep Learning, section "Generative Adversarial
# Networks"): 1,000 points, batch 8, Adam learning rates 0.05 (D) and 0.005 (G), latent 2;
# Adam's beta1 0.5 and weights initialized from N(0, 0.02^2), as the chapter explains.
GAUSSIAN_2D = dict(num_examples=1000, batch_size=8, lr_D=0.05, lr_G=0.005,
                   latent_dim=2, num_epochs=20, beta1=0.5, init_sigma=0.02)

# Chapter "An MLP GAN on MNIST": the fully connected GAN of the 2014 paper's era (latent 100,
# Adam 2e-4 with beta1 0.5, batch 64), trained on the 3,000 'train' digits for as many epochs
# as fit in two minutes on two CPU cores, sampled from an average of G's weights (decay 0.999).
# One-sided label smoothing (real_label=0.9) made no measurable difference here: not used.
MLP_MNIST = dict(lr=2e-4, beta1=0.5, batch_size=64, latent_dim=100, num_epochs=80,
                 real_label=1.0, ema_decay=0.999)

# Chapter "DCGAN on MNIST": a small DCGAN (G 64/32 channels, spectrally normalized D 32/64)
# with a recipe for speed on two CPU cores: Adam 1e-3 (beta1 0.5), batch 32, one-sided label
# smoothing 0.9 and samples from an average of G's weights (decay 0.995).
DCGAN_MNIST = dict(lr=1e-3, beta1=0.5, batch_size=32, latent_dim=100, num_epochs=60,
                   real_label=0.9, ema_decay=0.995)

# Chapter "When GANs fail": the ring of Metz et al. (2016), 8 modes of std 0.02 on a circle of
# radius 2. MLP G and D with 128 hidden units; G's learning rate four times D's, which makes the
# plain GAN collapse and hop between modes; samples from an average of G's weights (0.995).
RING = dict(num_modes=8, radius=2.0, std=0.02, lr_D=5e-4, lr_G=2e-3, latent_dim=16,
            batch_size=256, num_steps=3000, num_hiddens=128, ema_decay=0.995,
            num_samples=2000)
