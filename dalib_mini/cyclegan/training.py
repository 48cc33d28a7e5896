"""Training CycleGAN: the paper's alternating updates (Sec. 4, "Training details").

One step: update both generators on Eq. (3) (LSGAN generator terms + ``lambda`` x cycle +
``lambda_identity * lambda`` x identity), then both discriminators on the halved LSGAN loss,
fed from a history pool of fakes. Adam with ``lr = 2e-4`` and ``betas = (0.5, 0.999)``; the
learning rate stays constant, then decays linearly to zero (100 + 100 epochs in the paper,
here counted in steps). No trainer class: :func:`train_cyclegan` is one explicit loop.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import torch
from torch import nn

from ..device import get_device, seed_everything
from ..training import DivergenceGuard, History, check_finite, progress
from .image_pool import ImagePool
from .losses import (
    cycle_consistency_loss,
    identity_loss,
    lsgan_discriminator_loss,
    lsgan_generator_loss,
)
from .models import PatchGANDiscriminator, ResnetGenerator, init_cyclegan_weights

__all__ = ["CycleGANNets", "build_cyclegan", "cyclegan_adam", "linear_decay_factor",
           "training_state", "update_generators", "update_discriminators", "cyclegan_step",
           "CYCLE_DIRECTIONS",
           "CycleGANRun", "train_cyclegan", "translate_images"]


@dataclass
class CycleGANNets:
    """The four networks: ``g_xy`` (G: X -> Y), ``g_yx`` (F: Y -> X), ``d_x``, ``d_y``."""

    g_xy: nn.Module
    g_yx: nn.Module
    d_x: nn.Module
    d_y: nn.Module

    def generators(self) -> list[nn.Module]:
        return [self.g_xy, self.g_yx]

    def discriminators(self) -> list[nn.Module]:
        return [self.d_x, self.d_y]

    def to(self, device) -> "CycleGANNets":
        for net in (*self.generators(), *self.discriminators()):
            net.to(device)
        return self


def build_cyclegan(channels_x: int = 3, channels_y: int = 3, width: int = 32,
                   num_res_blocks: int = 3, num_sampling: int = 2, disc_width: int = 32,
                   disc_layers: int = 2, device=None,
                   generator: torch.Generator | None = None) -> CycleGANNets:
    """Two :class:`ResnetGenerator` and two :class:`PatchGANDiscriminator`, initialised with
    ``N(0, 0.02^2)`` weights (from ``generator`` if given) and moved to ``device``."""
    nets = CycleGANNets(
        g_xy=ResnetGenerator(channels_x, channels_y, width, num_res_blocks, num_sampling),
        g_yx=ResnetGenerator(channels_y, channels_x, width, num_res_blocks, num_sampling),
        d_x=PatchGANDiscriminator(channels_x, disc_width, disc_layers),
        d_y=PatchGANDiscriminator(channels_y, disc_width, disc_layers),
    )
    for net in (*nets.generators(), *nets.discriminators()):
        init_cyclegan_weights(net, generator=generator)
    return nets.to(device) if device is not None else nets


def cyclegan_adam(parameters: Iterable[nn.Parameter], lr: float = 2e-4,
                  betas: tuple[float, float] = (0.5, 0.999)) -> torch.optim.Adam:
    """Adam with the paper's settings (``lr = 2e-4``, ``beta1 = 0.5``)."""
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    return torch.optim.Adam(parameters, lr=lr, betas=betas)


def linear_decay_factor(step: int, total_steps: int, decay_start: int) -> float:
    """Learning-rate multiplier: 1 before ``decay_start``, then linear towards 0 at
    ``total_steps`` (the last update, ``step = total_steps - 1``, still has a positive rate).
    Use with ``torch.optim.lr_scheduler.LambdaLR``."""
    if not 0 <= decay_start <= total_steps:
        raise ValueError(f"decay_start must be in [0, total_steps={total_steps}], got {decay_start}")
    if step < decay_start:
        return 1.0
    return max(0.0, (total_steps - step) / (total_steps - decay_start))


@dataclass
class CycleGANRun:
    """What :func:`train_cyclegan` returns: the trained ``nets``, the per-step ``history`` and
    ``snapshots`` ``{step: (G(fixed_x), F(fixed_y))}`` of the fixed inputs, on the CPU."""

    nets: CycleGANNets
    history: History
    snapshots: dict[int, tuple[torch.Tensor, torch.Tensor]] = field(default_factory=dict)

    @property
    def g_xy(self) -> nn.Module:
        """The trained ``G: X -> Y``."""
        return self.nets.g_xy

    @property
    def g_yx(self) -> nn.Module:
        """The trained ``F: Y -> X``."""
        return self.nets.g_yx


@torch.no_grad()
def translate_images(translator: nn.Module, images: torch.Tensor, batch_size: int = 500) -> torch.Tensor:
    """Apply a generator in eval mode and in batches: ``(N, C, H, W) -> (N, C', H, W)``, on the
    generator's device; the generator's train/eval mode is restored afterwards."""
    was_training = translator.training
    translator.eval()
    device = next(translator.parameters()).device
    out = torch.cat([translator(images[i:i + batch_size].to(device))
                     for i in range(0, images.shape[0], batch_size)])
    translator.train(was_training)
    return out


def _check_images(images, name: str) -> torch.Tensor:
    if not isinstance(images, torch.Tensor) or images.ndim != 4 or not images.is_floating_point():
        raise ValueError(f"{name} must be a float tensor of shape (N, C, H, W) in [-1, 1], got "
                         f"{getattr(images, 'dtype', type(images).__name__)} "
                         f"{tuple(getattr(images, 'shape', ()))}")
    return images


def training_state(nets: CycleGANNets, steps: int, decay_start: int, lr: float, betas,
                   pool_size: int, generator: torch.Generator | None):
    """What one CycleGAN-style run updates besides the nets (Zhu et al. 2017, Sec. 4): Adam for
    the generators and for the discriminators, their linear-decay schedules (constant until
    ``decay_start``, then to 0 at ``steps``) and the two 50-image history pools.

    Returns ``(opt_g, opt_d, schedules, pool_x, pool_y)``; shared by CycleGAN and AugGAN.
    """
    opt_g = cyclegan_adam([p for net in nets.generators() for p in net.parameters()], lr, betas)
    opt_d = cyclegan_adam([p for net in nets.discriminators() for p in net.parameters()], lr, betas)
    schedules = [torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: linear_decay_factor(s, steps, decay_start)) for opt in (opt_g, opt_d)]
    pool_x = ImagePool(pool_size, generator=generator)
    pool_y = ImagePool(pool_size, generator=generator)
    return opt_g, opt_d, schedules, pool_x, pool_y


def update_discriminators(nets: CycleGANNets, opt_d: torch.optim.Optimizer, pool_x: ImagePool,
                          pool_y: ImagePool, x: torch.Tensor, y: torch.Tensor,
                          fake_x: torch.Tensor, fake_y: torch.Tensor, step: int):
    """One LSGAN step of both discriminators (Eq. 1 in its least-squares form) on the real
    batches ``x, y`` and on fakes drawn from the history pools (which detach them).

    Re-enables the discriminators' gradients (the generator step froze them). Returns
    ``(loss_d_x, loss_d_y, real_y_scores, fake_y_scores)`` for logging.
    """
    for net in nets.discriminators():
        net.requires_grad_(True)
    real_y_scores, real_x_scores = nets.d_y(y), nets.d_x(x)
    fake_y_scores = nets.d_y(pool_y.query(fake_y))
    fake_x_scores = nets.d_x(pool_x.query(fake_x))
    loss_d_y = lsgan_discriminator_loss(real_y_scores, fake_y_scores)
    loss_d_x = lsgan_discriminator_loss(real_x_scores, fake_x_scores)
    check_finite(loss_d_x + loss_d_y, "discriminator loss", step)
    opt_d.zero_grad(set_to_none=True)
    (loss_d_x + loss_d_y).backward()
    opt_d.step()
    return loss_d_x, loss_d_y, real_y_scores, fake_y_scores


CYCLE_DIRECTIONS = ("forward", "backward")


def _check_directions(directions) -> tuple[str, ...]:
    directions = tuple(directions)
    if not directions or len(set(directions)) != len(directions) or not set(directions) <= set(CYCLE_DIRECTIONS):
        raise ValueError("cycle_directions must be a non-empty subset of ('forward', 'backward') "
                         f"without repeats, got {directions!r}")
    return directions


def update_generators(nets: CycleGANNets, opt_g: torch.optim.Optimizer, x: torch.Tensor,
                      y: torch.Tensor, lambda_cycle: float, identity_weight: float, step: int,
                      directions: tuple[str, ...] = CYCLE_DIRECTIONS):
    """One step of both generators on Eq. (3): the LSGAN generator terms of ``G`` and ``F``,
    ``lambda_cycle`` x the cycle loss (Eq. 2) and, when ``identity_weight``
    (``lambda_identity * lambda_cycle``) is positive, the identity loss.

    ``directions`` picks the round trips of Eq. (2): ``"forward"`` ``||F(G(x)) - x||_1``,
    ``"backward"`` ``||G(F(y)) - y||_1``; both is CycleGAN, one of them the "GAN + forward
    cycle" / "GAN + backward cycle" rows of the paper's Table 4.

    The discriminators are frozen for this step (no parameter gradients). Returns
    ``(adversarial, cycle, fake_x, fake_y)``: the two loss terms for logging (``cycle`` sums
    both round trips even when only some are trained, so the curves compare) and the fakes
    ``F(y)``, ``G(x)`` for the discriminators' step.
    """
    directions = _check_directions(directions)
    for net in nets.discriminators():
        net.requires_grad_(False)
    fake_y, fake_x = nets.g_xy(x), nets.g_yx(y)
    adversarial = lsgan_generator_loss(nets.d_y(fake_y)) + lsgan_generator_loss(nets.d_x(fake_x))
    trained = directions if lambda_cycle > 0 else ()
    round_trips = {}
    for direction, original, there in (("forward", x, fake_y), ("backward", y, fake_x)):
        back = nets.g_yx if direction == "forward" else nets.g_xy
        with torch.set_grad_enabled(direction in trained):  # an untrained trip is only logged
            round_trips[direction] = cycle_consistency_loss(original, back(there))
    loss_g = adversarial + lambda_cycle * sum(round_trips[d] for d in directions)
    if identity_weight > 0:
        identity = identity_loss(y, nets.g_xy(y)) + identity_loss(x, nets.g_yx(x))
        loss_g = loss_g + identity_weight * identity
    check_finite(loss_g, "generator loss", step)
    opt_g.zero_grad(set_to_none=True)
    loss_g.backward()
    opt_g.step()
    cycle = (round_trips["forward"] + round_trips["backward"]).detach()
    return adversarial.detach(), cycle, fake_x, fake_y


def cyclegan_step(nets: CycleGANNets, opt_g: torch.optim.Optimizer, opt_d: torch.optim.Optimizer,
                  pool_x: ImagePool, pool_y: ImagePool, x: torch.Tensor, y: torch.Tensor, *,
                  lambda_cycle: float, identity_weight: float, step: int,
                  directions: tuple[str, ...] = CYCLE_DIRECTIONS) -> dict[str, torch.Tensor]:
    """One whole CycleGAN update (Sec. 4, "Training details") on unpaired batches ``x``
    ``(N, C_x, H, W)`` and ``y`` ``(N, C_y, H, W)`` in [-1, 1]:

    1. both generators descend Eq. (3), the discriminators frozen (:func:`update_generators`);
    2. both discriminators descend the halved LSGAN loss on the real batches and on fakes drawn
       from the 50-image history pools (:func:`update_discriminators`).

    Returns the step's loss terms and mean scores (0-d tensors, not synchronised) for logging.
    """
    adversarial, cycle, fake_x, fake_y = update_generators(
        nets, opt_g, x, y, lambda_cycle, identity_weight, step, directions)
    loss_d_x, loss_d_y, real_y_scores, fake_y_scores = update_discriminators(
        nets, opt_d, pool_x, pool_y, x, y, fake_x, fake_y, step)
    return dict(generator_adversarial=adversarial, cycle=cycle, discriminator_x=loss_d_x.detach(),
                discriminator_y=loss_d_y.detach(), d_y_real=real_y_scores.detach().mean(),
                d_y_fake=fake_y_scores.detach().mean())


def _unpaired_images(data) -> tuple[torch.Tensor, torch.Tensor]:
    if isinstance(data, (tuple, list)) and len(data) == 2:
        return data[0], data[1]
    if hasattr(data, "x_train") and hasattr(data, "y_train"):
        return data.x_train, data.y_train
    raise TypeError("data must be an UnpairedDigits (its x_train, y_train) or a pair "
                    f"(x_images, y_images), got {type(data).__name__}")


def train_cyclegan(data, cfg, *, seed: int, device=None,
                   fixed_inputs: tuple[torch.Tensor, torch.Tensor] | None = None,
                   desc: str = "CycleGAN") -> CycleGANRun:
    """Build CycleGAN's four networks and train them on unpaired images (Eq. 3), one random
    batch of each domain per step.

    Args:
        data: the two unpaired image sets, ``(N_x, C_x, H, W)`` and ``(N_y, C_y, H, W)`` floats
            in [-1, 1] without pairing or labels: an :class:`UnpairedDigits` (its ``x_train``
            and ``y_train``) or a pair ``(x_images, y_images)``.
        cfg: a :class:`~dalib_mini.cyclegan.CycleGANSettings` (any settings with its network,
            optimization and objective fields will do: AugGAN trains its CycleGAN baseline with
            its own). It gives the sizes, ``steps`` (the linear learning-rate decay begins at
            ``decay_start``, ``None``: ``steps // 2``), ``lambda_cycle`` (``lambda`` of Eq. 3;
            0 gives the "GAN alone" ablation), ``cycle_directions`` (the round trips of Eq. 2:
            ``("forward", "backward")``, or one of them for Table 4's one-cycle rows),
            ``lambda_identity`` (relative to
            ``lambda_cycle``, as in the paper's code, so it vanishes with the cycle term in the
            ablation; skipped when the product is 0, needs ``C_x == C_y`` otherwise),
            ``pool_size`` and ``log_every`` (steps between history rows).
        seed: seeds the initialization (:func:`dalib_mini.seed_everything`); the batches and the
            pools draw from the generator it returns.
        device: where to train (default :func:`dalib_mini.get_device`).
        fixed_inputs: ``(x, y)`` images translated at every step in ``cfg.snapshot_steps``
            (step 0 = before training) to show the mappings evolve.

    Returns a :class:`CycleGANRun`: ``run.g_xy`` (G), ``run.g_yx`` (F), ``run.history`` (a
    :class:`dalib_mini.History`), ``run.snapshots``; the networks are left on ``device`` in
    eval mode.
    """
    x_images, y_images = _unpaired_images(data)
    _check_images(x_images, "x_images")
    _check_images(y_images, "y_images")
    steps, batch_size = cfg.steps, cfg.batch_size
    if isinstance(steps, bool) or not isinstance(steps, int) or steps <= 0:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    if cfg.lambda_cycle < 0 or cfg.lambda_identity < 0:
        raise ValueError(f"lambda_cycle and lambda_identity must be >= 0, got {cfg.lambda_cycle}, "
                         f"{cfg.lambda_identity}")
    identity_weight = cfg.lambda_identity * cfg.lambda_cycle
    if identity_weight > 0 and x_images.shape[1] != y_images.shape[1]:
        raise ValueError("the identity loss needs both domains to have the same channels; got "
                         f"{x_images.shape[1]} and {y_images.shape[1]} (set lambda_identity=0)")
    directions = _check_directions(cfg.cycle_directions)
    decay_start = steps // 2 if cfg.decay_start is None else cfg.decay_start
    device = get_device(device)
    x_images, y_images = x_images.to(device), y_images.to(device)

    generator = seed_everything(seed)
    nets = build_cyclegan(x_images.shape[1], y_images.shape[1], cfg.width, cfg.num_res_blocks,
                          cfg.num_sampling, cfg.disc_width, cfg.disc_layers, device=device,
                          generator=generator)
    opt_g, opt_d, schedules, pool_x, pool_y = training_state(nets, steps, decay_start, cfg.lr,
                                                             cfg.betas, cfg.pool_size, generator)
    history = History()
    run = CycleGANRun(nets=nets, history=history)

    def snapshot(step: int) -> None:
        if fixed_inputs is not None and step in cfg.snapshot_steps:
            run.snapshots[step] = (translate_images(nets.g_xy, fixed_inputs[0]).cpu(),
                                   translate_images(nets.g_yx, fixed_inputs[1]).cpu())

    snapshot(0)
    for net in (*nets.generators(), *nets.discriminators()):
        net.train()
    for step in DivergenceGuard().watch(progress(range(1, steps + 1), desc=desc)):  # no per-step sync
        x = x_images[torch.randint(0, x_images.shape[0], (batch_size,), generator=generator)
                     .to(device)]
        y = y_images[torch.randint(0, y_images.shape[0], (batch_size,), generator=generator)
                     .to(device)]
        logged = cyclegan_step(nets, opt_g, opt_d, pool_x, pool_y, x, y,
                               lambda_cycle=cfg.lambda_cycle, identity_weight=identity_weight,
                               step=step, directions=directions)
        if step % cfg.log_every == 0 or step == steps:
            history.log(step, **logged, lr=opt_g.param_groups[0]["lr"])
        for schedule in schedules:
            schedule.step()
        snapshot(step)
    for net in (*nets.generators(), *nets.discriminators()):
        net.eval()
    return run
