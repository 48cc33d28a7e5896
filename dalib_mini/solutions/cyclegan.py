"""Reference answers to the CycleGAN chapter's exercises (course/07_cyclegan.ipynb)."""
from __future__ import annotations

import torch


def full_cycle_loss(x, y, g, f):
    """Eq. (2): ||F(G(x)) - x||_1 + ||G(F(y)) - y||_1, each a mean over elements."""
    return (f(g(x)) - x).abs().mean() + (g(f(y)) - y).abs().mean()


def optimal_lsgan_discriminator(p_data, p_g, a, b):
    """Solve p_data (D - b) + p_g (D - a) = 0 for D."""
    return (b * p_data + a * p_g) / (p_data + p_g)


def linear_decay(step, total_steps, decay_start):
    if step < decay_start:
        return 1.0
    return (total_steps - step) / (total_steps - decay_start)


class SimpleImagePool:
    """Fill up to ``pool_size``; then with ``swap_probability`` return a random stored fake and
    store the new one in its place, else return the new fake."""

    def __init__(self, pool_size, swap_probability, generator=None):
        self.pool_size, self.swap_probability, self.generator = pool_size, swap_probability, generator
        self.images = []

    def query(self, images):
        out = []
        for image in images.detach():
            if len(self.images) < self.pool_size:
                self.images.append(image.clone())
                out.append(image)
            elif float(torch.rand((), generator=self.generator)) < self.swap_probability:
                slot = int(torch.randint(0, self.pool_size, (), generator=self.generator))
                out.append(self.images[slot])
                self.images[slot] = image.clone()
            else:
                out.append(image)
        return torch.stack(out)
