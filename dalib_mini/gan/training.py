"""Algorithm 1 of Goodfellow et al. (2014): alternating minibatch updates of D and G.

:func:`adversarial_step` is one iteration of the algorithm: ``k`` times, sample noise and data
and update D by *ascending* V (Eq. 1) (= descending :func:`discriminator_loss`: real -> 1,
fake -> 0); then sample noise and update G (D frozen: only G's optimizer steps, and D's
gradients are discarded) with the minimax or the non-saturating generator loss.
:func:`train_gan` builds the two networks, repeats the step and logs it.
"""
from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field

import torch
from torch import nn

from ..data import to_float_images
from ..device import get_device, seed_everything
from ..training import DivergenceGuard, History, check_finite, progress
from .data import GANDigits
from .losses import discriminator_loss, generator_loss_minimax, generator_loss_non_saturating
from .models import (
    DCGANDiscriminator,
    DCGANGenerator,
    MLPDiscriminator,
    MLPGenerator,
    init_gan_weights,
    sample_noise,
)
from .settings import GANSettings

__all__ = ["GANResult", "build_gan", "adversarial_step", "train_gan", "generate"]

GENERATOR_LOSSES = {"minimax": generator_loss_minimax,
                    "non_saturating": generator_loss_non_saturating}
ARCHITECTURES = ("dcgan", "mlp")


@dataclass
class GANResult:
    """What :func:`train_gan` returns: both nets (eval mode), the per-step history
    (``d_loss, g_loss, d_real, d_fake, g_grad_norm``) and sample grids from a fixed noise
    batch: ``snapshots[step] = (n, 1, 28, 28)`` images in [-1, 1] on the CPU, and the
    generator's weights at the checkpoint steps (``checkpoints[step]``, a CPU state dict;
    :meth:`generator_at` rebuilds that generator)."""

    generator: nn.Module
    discriminator: nn.Module
    history: History
    snapshots: dict[int, torch.Tensor] = field(default_factory=dict)
    checkpoints: dict[int, dict[str, torch.Tensor]] = field(default_factory=dict)

    def generator_at(self, step: int) -> nn.Module:
        """The generator as it was after ``step`` updates (eval mode, on the final generator's
        device); ``step`` must be a checkpoint step of the run."""
        if step not in self.checkpoints:
            raise ValueError(f"step must be one of the checkpoint steps {sorted(self.checkpoints)}, got {step}")
        generator = copy.deepcopy(self.generator)
        generator.load_state_dict(self.checkpoints[step])
        return generator.eval()


def _check_gradients(module: nn.Module, name: str, step: int) -> None:
    """A non-finite total gradient norm is divergence (an Adam step on it leaves a dead network
    with finite losses): :func:`check_finite` on the norm, before the optimizer steps. Inside
    :func:`train_gan`'s :class:`DivergenceGuard` it is recorded and checked in batches (no
    per-step host sync); the error names the first step whose norm was not finite."""
    grads = [p.grad for p in module.parameters() if p.grad is not None]
    if not grads:
        return
    total_norm = getattr(torch.nn.utils, "get_total_norm", None)
    norm = (total_norm(grads) if total_norm is not None
            else torch.nn.utils.clip_grad_norm_(module.parameters(), float("inf")))
    check_finite(norm, name, step)


def _grad_norm(module: nn.Module) -> torch.Tensor | float:
    """The norm of all of ``module``'s gradients, a 0-d tensor (no sync; the history turns it
    into a float when read), or 0.0 when it has none."""
    norms = [p.grad.detach().norm() for p in module.parameters() if p.grad is not None]
    return torch.stack(norms).norm() if norms else 0.0


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


def build_gan(cfg: GANSettings, architecture: str = "dcgan") -> tuple[nn.Module, nn.Module]:
    """A fresh ``(generator, discriminator)`` pair, initialised from the global generators: G
    first, then D. ``"dcgan"``: the convolutional pair with the DCGAN initialisation;
    ``"mlp"``: the paper's fully connected pair with PyTorch's default initialisation."""
    if architecture == "dcgan":
        generator = DCGANGenerator(cfg.latent_dim, cfg.width).apply(init_gan_weights)
        return generator, DCGANDiscriminator(cfg.width).apply(init_gan_weights)
    if architecture == "mlp":
        generator = MLPGenerator(cfg.mlp_latent_dim, cfg.mlp_hidden_g)
        return generator, MLPDiscriminator(cfg.mlp_hidden_d)
    raise ValueError(f"architecture must be one of {ARCHITECTURES}, got {architecture!r}")


def adversarial_step(generator: nn.Module, discriminator: nn.Module, images: torch.Tensor,
                     opt_g: torch.optim.Optimizer, opt_d: torch.optim.Optimizer, *,
                     generator_loss: str, batch_size: int, d_steps: int, rng: torch.Generator,
                     step: int) -> dict[str, torch.Tensor]:
    """One iteration of Algorithm 1: ``d_steps`` updates of D, then one update of G.

    ``images`` are the real training images ``(N, 1, 28, 28)`` in [-1, 1]; the minibatch indices
    and the noise are drawn from ``rng`` (a CPU generator). Returns the last D update's loss,
    the G loss and the mean D output on that D update's real and fake minibatches.
    """
    device = images.device
    for _ in range(d_steps):
        # D step: ascend V = descend -V on a real and a fake minibatch (fakes without G's graph)
        real = images[torch.randint(0, images.shape[0], (batch_size,), generator=rng).to(device)]
        with torch.no_grad():
            fake = generator(sample_noise(batch_size, generator.latent_dim, generator=rng).to(device))
        real_logits, fake_logits = discriminator(real), discriminator(fake)
        d_loss = check_finite(discriminator_loss(real_logits, fake_logits), "D loss", step)
        opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        _check_gradients(discriminator, "D gradient norm", step)
        opt_d.step()
    # G step: gradients flow through D into G, but only G's optimizer steps ("freeze D").
    z = sample_noise(batch_size, generator.latent_dim, generator=rng).to(device)
    g_loss = check_finite(GENERATOR_LOSSES[generator_loss](discriminator(generator(z))), "G loss", step)
    opt_g.zero_grad(set_to_none=True)
    g_loss.backward()
    _check_gradients(generator, "G gradient norm", step)
    opt_g.step()
    discriminator.zero_grad(set_to_none=True)
    return {"d_loss": d_loss, "g_loss": g_loss, "d_real": torch.sigmoid(real_logits).mean(),
            "d_fake": torch.sigmoid(fake_logits).mean()}


def train_gan(data: GANDigits, cfg: GANSettings, *, seed: int, device=None,
              architecture: str = "dcgan", generator_loss: str = "non_saturating",
              steps: int | None = None, snapshot_steps: Sequence[int] = (),
              checkpoint_steps: Sequence[int] = (), desc: str = "GAN") -> GANResult:
    """Train a GAN on ``data.train_x`` with Algorithm 1 (Adam instead of the paper's momentum SGD).

    Args:
        data: the chapter's digits; the GAN learns the training split (uint8, mapped to [-1, 1]).
        cfg: the chapter's settings (networks, batch size, learning rates, ``d_steps`` = the
            paper's k, learning-rate decay, logging).
        seed: seeds the initialisation (global generators: G, then D) and, through the
            generator :func:`dalib_mini.seed_everything` returns, the fixed snapshot noise,
            the minibatch order and the noise of every step.
        device: where to train (default: :func:`dalib_mini.get_device`).
        architecture: ``"dcgan"`` (the convolutional pair) or ``"mlp"`` (the paper's nets).
        generator_loss: ``"non_saturating"`` (the paper's practical choice) or ``"minimax"``.
        steps: number of G updates (default ``cfg.steps``).
        snapshot_steps: steps (0 = before training) at which to keep samples of a fixed noise batch.
        checkpoint_steps: steps at which to keep a copy of G's weights (``GANResult.checkpoints``).
    """
    steps = cfg.steps if steps is None else steps
    if generator_loss not in GENERATOR_LOSSES:
        raise ValueError(f"generator_loss must be one of {sorted(GENERATOR_LOSSES)}, got {generator_loss!r}")
    if architecture not in ARCHITECTURES:
        raise ValueError(f"architecture must be one of {ARCHITECTURES}, got {architecture!r}")
    if data.train_x.ndim != 4 or data.train_x.shape[0] < cfg.batch_size:
        raise ValueError(f"training images must be (N, C, H, W) with N >= batch_size={cfg.batch_size}, "
                         f"got {tuple(data.train_x.shape)}")
    if not 0.0 <= cfg.decay_from <= 1.0:
        raise ValueError(f"decay_from must be in [0, 1], got {cfg.decay_from}")
    if steps < 0 or cfg.d_steps < 1:
        raise ValueError(f"steps must be >= 0 and d_steps >= 1, got {steps}, {cfg.d_steps}")
    rng = seed_everything(seed)  # batches and noise; the initialisation draws from the global state
    device = get_device(device)
    generator, discriminator = (net.to(device) for net in build_gan(cfg, architecture))
    images = to_float_images(data.train_x, (-1, 1)).to(device)
    fixed_z = sample_noise(cfg.n_snapshot, generator.latent_dim, generator=rng).to(device)
    opt_g = torch.optim.Adam(generator.parameters(), lr=cfg.lr_g, betas=cfg.betas)
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=cfg.lr_d, betas=cfg.betas)
    history, snapshots, checkpoints = History(), {}, {}
    decay_start = int(cfg.decay_from * steps)
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
    for step in DivergenceGuard().watch(progress(range(1, steps + 1), desc=desc)):  # no per-step sync
        logged = adversarial_step(generator, discriminator, images, opt_g, opt_d,
                                  generator_loss=generator_loss, batch_size=cfg.batch_size,
                                  d_steps=cfg.d_steps, rng=rng, step=step)
        sched_g.step(), sched_d.step()
        if step % cfg.log_every == 0 or step == steps:
            history.log(step, **logged, g_grad_norm=_grad_norm(generator))
        if step in snapshot_steps:
            snapshot(step)
        if step in checkpoint_steps:
            checkpoints[step] = {k: v.detach().cpu().clone() for k, v in generator.state_dict().items()}
    return GANResult(generator.eval(), discriminator.eval(), history, snapshots, checkpoints)
