"""The CycleGAN notebook's self-checks accept the reference answers and reject wrong ones."""
import pytest
import torch

from dalib_mini.cyclegan.exercises import (
    check_full_cycle_loss,
    check_image_pool,
    check_linear_decay,
    check_optimal_lsgan_discriminator,
)
from dalib_mini.solutions import cyclegan as solutions


def test_cycle_loss_check_accepts_the_solution_and_rejects_one_direction_or_squares():
    check_full_cycle_loss(solutions.full_cycle_loss)
    with pytest.raises(AssertionError, match="both directions"):
        check_full_cycle_loss(lambda x, y, g, f: (f(g(x)) - x).abs().mean())
    with pytest.raises(AssertionError, match="L1"):
        check_full_cycle_loss(lambda x, y, g, f: ((f(g(x)) - x) ** 2).mean() + ((g(f(y)) - y) ** 2).mean())


def test_lsgan_discriminator_check_accepts_the_solution_and_rejects_the_gan_formula():
    check_optimal_lsgan_discriminator(solutions.optimal_lsgan_discriminator)
    with pytest.raises(AssertionError, match="expected"):
        check_optimal_lsgan_discriminator(lambda p, q, a, b: p / (p + q))  # right only for a=0, b=1


def test_linear_decay_check_accepts_the_solution_and_rejects_an_early_zero():
    check_linear_decay(solutions.linear_decay)
    with pytest.raises(AssertionError, match="decay_start"):
        check_linear_decay(lambda s, t, d: 1.0 if s < d else (t - 1 - s) / (t - 1 - d))


def test_pool_check_accepts_the_solution_and_rejects_a_pool_that_never_returns_the_past():
    check_image_pool(solutions.SimpleImagePool)

    class AlwaysNew(solutions.SimpleImagePool):
        def query(self, images):
            super().query(images)
            return images

    with pytest.raises(AssertionError, match="half of the time"):
        check_image_pool(AlwaysNew)

    class NeverRefreshed(solutions.SimpleImagePool):
        def query(self, images):
            out = []
            for image in images:
                if len(self.images) < self.pool_size:
                    self.images.append(image.clone())
                    out.append(image)
                elif float(torch.rand((), generator=self.generator)) < 0.5:
                    out.append(self.images[0])
                else:
                    out.append(image)
            return torch.stack(out)

    with pytest.raises(AssertionError, match="never refreshed"):
        check_image_pool(NeverRefreshed)
