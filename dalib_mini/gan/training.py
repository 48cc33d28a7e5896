"""Algorithm 1 of Goodfellow et al. (2014): alternating minibatch updates of D and G.

For each training step: ``k`` times, sample noise and data, update D by *ascending* V (Eq. 1)
(= descending :func:`discriminator_loss`: real -> 1, fake -> 0); then sample noise and update G
(D frozen: only G's optimiser steps, and D's gradients are discarded) with the minimax or the
non-saturating generator loss.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

from ..training import History, check_finite, progress
from .losses import discriminator_loss, generator_loss_minimax, generator_loss_non_saturating
from .models import sample_noise

__all__ = ["GANRun", "train_gan", "generate"]

GENERATOR_LOSSES = {"minimax": generator_loss_minimax,
                    "non_saturating": generator_loss_non_saturating}


@dataclass
class GANRun:
    """What :func:`train_gan` returns: both nets (eval mode), the per-step history
    (``d_loss, g_loss, d_real, d_fake, g_grad_norm``) and sample grids from a fixed noise
    batch: ``snapshots[step] = (n, 1, 28, 28)`` images in [-1, 1] on the CPU."""

    generator: nn.Module
    discriminator: nn.Module
    history: History
    snapshots: dict[int, torch.Tensor] = field(default_factory=dict)


def _grad_norm(module: nn.Module) -> float:
    norms = [p.grad.detach().norm() for p in module.parameters() if p.grad is not None]
    return float(torch.stack(norms).norm()) if norms else 0.0


@torch.no_grad()
def generate(generator: nn.Module, n: int, *, batch_size: int = 500, device=None,
             seed: int | None = None) -> torch.Tensor:
    """Draw ``n`` samples ``(n, 1, 28, 28)`` in [-1, 1] from an eval-mode generator."""
    generator.eval()
    device = device or next(generator.parameters()).device
    rng = torch.Generator(device="cpu")
    if seed is not None:
        rng.manual_seed(seed)
    else:
        rng.seed()
    z = sample_noise(n, generator.latent_dim, generator=rng).to(device)
    return torch.cat([generator(z[i:i + batch_size]) for i in range(0, n, batch_size)])


def train_gan(generator: nn.Module, discriminator: nn.Module, images: torch.Tensor, *,
              steps: int, batch_size: int = 64, lr_g: float = 2e-4, lr_d: float = 2e-4,
              betas: tuple[float, float] = (0.5, 0.999), generator_loss: str = "non_saturating",
              d_steps: int = 1, decay_from: float = 1.0, snapshot_steps=(), n_snapshot: int = 64,
              log_every: int = 1, seed: int = 0, desc: str = "GAN") -> GANRun:
    """Train a GAN with Algorithm 1 (Adam instead of the paper's momentum SGD).

    Args:
        generator: maps ``(N, latent_dim)`` noise to ``(N, 1, 28, 28)`` images; needs a
            ``latent_dim`` attribute.
        discriminator: maps ``(N, 1, 28, 28)`` images to ``(N,)`` logits.
        images: real training images ``(N, 1, 28, 28)`` float in [-1, 1], on the models' device.
        steps: number of G updates; ``d_steps`` D updates (the paper's k) precede each one.
        generator_loss: ``"non_saturating"`` (the paper's practical choice) or ``"minimax"``.
        decay_from: fraction of ``steps`` after which both learning rates decay linearly to 0
            (1.0 = constant; the paper's own runs decayed the learning rate too).
        snapshot_steps: steps (0 = before training) at which to keep samples of a fixed noise batch.
        seed: seeds the minibatch order and the noise (call ``dm.seed_everything`` for the init).
    """
    if generator_loss not in GENERATOR_LOSSES:
        raise ValueError(f"generator_loss must be one of {sorted(GENERATOR_LOSSES)}, got {generator_loss!r}")
    if images.ndim != 4 or images.shape[0] < batch_size:
        raise ValueError(f"images must be (N, C, H, W) with N >= batch_size={batch_size}, "
                         f"got {tuple(images.shape)}")
    if not 0.0 <= decay_from <= 1.0:
        raise ValueError(f"decay_from must be in [0, 1], got {decay_from}")
    if steps < 0 or d_steps < 1:
        raise ValueError(f"steps must be >= 0 and d_steps >= 1, got {steps}, {d_steps}")
    g_loss_fn = GENERATOR_LOSSES[generator_loss]
    device = images.device
    rng = torch.Generator(device="cpu").manual_seed(seed)
    noise = lambda n: sample_noise(n, generator.latent_dim, generator=rng).to(device)  # noqa: E731
    fixed_z = noise(n_snapshot)
    opt_g = torch.optim.Adam(generator.parameters(), lr=lr_g, betas=betas)
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=lr_d, betas=betas)
    history, snapshots = History(), {}
    decay_start = int(decay_from * steps)
    schedule = lambda step: min(1.0, (steps - step) / max(1, steps - decay_start))  # noqa: E731
    sched_g = torch.optim.lr_scheduler.LambdaLR(opt_g, schedule)
    sched_d = torch.optim.lr_scheduler.LambdaLR(opt_d, schedule)

    def snapshot(step: int) -> None:
        generator.eval()
        with torch.no_grad():
            snapshots[step] = generator(fixed_z).cpu()
        generator.train()

    generator.train(), discriminator.train()
    if 0 in snapshot_steps:
        snapshot(0)
    for step in progress(range(1, steps + 1), desc=desc):
        for _ in range(d_steps):
            real = images[torch.randint(0, images.shape[0], (batch_size,), generator=rng).to(device)]
            with torch.no_grad():
                fake = generator(noise(batch_size))
            real_logits, fake_logits = discriminator(real), discriminator(fake)
            d_loss = check_finite(discriminator_loss(real_logits, fake_logits), "D loss", step)
            opt_d.zero_grad(set_to_none=True)
            d_loss.backward()
            opt_d.step()
        # G step: gradients flow through D into G, but only G's optimiser steps ("freeze D").
        fake_logits_g = discriminator(generator(noise(batch_size)))
        g_loss = check_finite(g_loss_fn(fake_logits_g), "G loss", step)
        opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        opt_g.step()
        discriminator.zero_grad(set_to_none=True)
        sched_g.step(), sched_d.step()
        if step % log_every == 0 or step == steps:
            history.log(step, d_loss=d_loss, g_loss=g_loss,
                        d_real=torch.sigmoid(real_logits).mean(),
                        d_fake=torch.sigmoid(fake_logits).mean(),
                        g_grad_norm=_grad_norm(generator))
        if step in snapshot_steps:
            snapshot(step)
    return GANRun(generator.eval(), discriminator.eval(), history, snapshots)
