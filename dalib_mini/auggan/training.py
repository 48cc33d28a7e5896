r"""Training AugGAN: CycleGAN's alternating updates plus the structure terms (Sec. 3.4).

Full objective (Eq. 6), for day ``x`` with mask ``m_x`` and night ``y``:

.. math::
    L = L_{GAN}(E_x, G_x, D_y) + L_{GAN}(E_y, G_y, D_x) + \lambda_{cyc} L_{cyc}
        + \lambda_{seg} (L_{seg,x} + L_{seg,y}) + \lambda_\omega (L_{\omega,x} + L_{\omega,y})

* GAN, cycle and identity terms, the image pools, Adam ``(2e-4, (0.5, 0.999))`` and the
  constant-then-linear learning-rate decay are CycleGAN's (:mod:`dalib_mini.cyclegan`);
* :math:`L_{seg,x} = CE(P_x(E_x(x)), m_x)`: the day parser learns the day masks;
* :math:`L_{seg,y} = CE(P_y(E_y(G_x(E_x(x)))), m_x)`: only day masks exist for training here,
  so the night parser is taught on the *translated* day images with the day masks. Its
  gradient reaches the translator too: a translation that moves or erases a vehicle is
  penalised;
* :math:`L_\omega`: :func:`~dalib_mini.auggan.soft_sharing_loss` over each generator's
  up-sampling pairs (Eq. 4).

The CycleGAN baseline is the CycleGAN chapter's own ``train_cyclegan``
(see :func:`~dalib_mini.auggan.train_translator`): the same loop without the parsers, i.e.
``lambda_seg = lambda_weight = 0``; ``train_auggan`` with both lambdas 0 is that ablation too.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from ..cyclegan import (
    CycleGANNets,
    PatchGANDiscriminator,
    cycle_consistency_loss,
    identity_loss,
    init_cyclegan_weights,
    lsgan_generator_loss,
)
from ..cyclegan.training import _check_directions, training_state, update_discriminators
from ..device import get_device, seed_everything
from ..training import DivergenceGuard, History, check_finite, progress
from .models import AugGANGenerator
from .parsing_loss import parsing_loss
from .scenes import STREET_CLASSES, DayNightTask
from .weight_sharing import sharing_cosines, soft_sharing_loss

__all__ = ["AugGANNets", "build_auggan", "structure_terms", "NIGHT_PARSER_TARGETS", "AugGANRun", "train_auggan",
           "translate_scenes"]


class AugGANNets(CycleGANNets):
    """``g_xy`` (day -> night), ``g_yx`` (night -> day), discriminators ``d_x`` (day) and
    ``d_y`` (night); each :class:`AugGANGenerator` carries the parser of its *input* domain.
    The container is the CycleGAN chapter's :class:`~dalib_mini.cyclegan.CycleGANNets`."""


def _finish(nets: AugGANNets, device, generator) -> AugGANNets:
    for net in (*nets.generators(), *nets.discriminators()):
        init_cyclegan_weights(net, generator=generator)
        if isinstance(net, AugGANGenerator):  # soft sharing starts from hard sharing: L_w = 0
            with torch.no_grad():
                for w_g, w_p in net.soft_shared_weights():
                    w_p.copy_(w_g)
        if device is not None:
            net.to(device)
    return nets


def build_auggan(channels: int = 3, num_classes: int = 4, width: int = 16, num_res_blocks: int = 2,
                 num_sampling: int = 1, disc_width: int = 16, disc_layers: int = 2,
                 device=None, generator: torch.Generator | None = None) -> AugGANNets:
    """Two :class:`AugGANGenerator` and two CycleGAN PatchGAN discriminators, ``N(0, 0.02^2)``
    initialised (from ``generator`` if given), on ``device``."""
    return _finish(AugGANNets(
        g_xy=AugGANGenerator(channels, channels, num_classes, width, num_res_blocks, num_sampling),
        g_yx=AugGANGenerator(channels, channels, num_classes, width, num_res_blocks, num_sampling),
        d_x=PatchGANDiscriminator(channels, disc_width, disc_layers),
        d_y=PatchGANDiscriminator(channels, disc_width, disc_layers)), device, generator)


def _translate(net: nn.Module, x: torch.Tensor) -> torch.Tensor:
    return net.translate(x) if isinstance(net, AugGANGenerator) else net(x)


@torch.no_grad()
def translate_scenes(translator: nn.Module, images: torch.Tensor, batch_size: int = 256) -> torch.Tensor:
    """Translate images in ``[0, 1]`` ``(N, 3, H, W)`` with an eval-mode generator; returns
    ``(N, 3, H, W)`` in ``[0, 1]`` (the networks work in ``[-1, 1]``)."""
    translator.eval()
    return torch.cat([(_translate(translator, images[i:i + batch_size] * 2 - 1) + 1) / 2
                      for i in range(0, images.shape[0], batch_size)])


NIGHT_PARSER_TARGETS = ("translation", "night_masks")


def structure_terms(g_xy: AugGANGenerator, g_yx: AugGANGenerator, x: torch.Tensor,
                    masks: torch.Tensor, seg_through_translation: bool = True, *,
                    night_parser_target: str = "translation", y: torch.Tensor | None = None,
                    y_masks: torch.Tensor | None = None, l1_weight: float = 0.0):
    """AugGAN's additions to the generator loss for a day batch ``x`` ``(N, C, H, W)`` in
    [-1, 1] with int64 ``masks`` ``(N, H, W)``.

    Returns ``(fake_y, back_x, seg, sharing)``: the translation ``G_x(E_x(x))``, its round trip
    ``G_y(E_y(G_x(E_x(x))))`` (for the cycle loss), ``L_seg,x + L_seg,y`` (each a
    :func:`~dalib_mini.auggan.parsing_loss` with ``l1_weight``) and ``L_w,x + L_w,y`` (Eq. 4).

    ``L_seg,x`` is always the day parser on the day batch, ``P_x(E_x(x))`` vs ``masks``. The
    night parser ``P_y`` learns from

    * ``night_parser_target="translation"`` (the course's default): the translated day images
      with the day masks, ``P_y(E_y(G_x(E_x(x))))`` vs ``masks``; with
      ``seg_through_translation=False`` the translation is detached there, so the term trains
      the night parser only;
    * ``"night_masks"`` (the paper's ``L_seg,y`` with the target ground truth ``Y-hat``): real
      night images ``y`` ``(M, C, H, W)`` with their masks ``y_masks`` ``(M, H, W)``,
      ``P_y(E_y(y))`` vs ``y_masks``.
    """
    if night_parser_target not in NIGHT_PARSER_TARGETS:
        raise ValueError(f"night_parser_target must be one of {NIGHT_PARSER_TARGETS}, got "
                         f"{night_parser_target!r}")
    fake_y, parsed_x = g_xy(x)                      # G_x(E_x(x)) and P_x(E_x(x))
    seg_x = parsing_loss(parsed_x, masks, l1_weight)
    if night_parser_target == "night_masks":
        if y is None or y_masks is None:
            raise ValueError("night_parser_target='night_masks' needs the night batch y and its y_masks")
        back_x = g_yx.translate(fake_y)
        seg_y = parsing_loss(g_yx.parse(y), y_masks, l1_weight)
    elif seg_through_translation:                   # G_y(E_y(G_x(x))) and P_y(E_y(G_x(x)))
        back_x, parsed_fake_y = g_yx(fake_y)
        seg_y = parsing_loss(parsed_fake_y, masks, l1_weight)
    else:
        back_x, parsed_fake_y = g_yx.translate(fake_y), g_yx.parse(fake_y.detach())
        seg_y = parsing_loss(parsed_fake_y, masks, l1_weight)
    sharing = soft_sharing_loss(g_xy.soft_shared_weights()) + soft_sharing_loss(g_yx.soft_shared_weights())
    return fake_y, back_x, seg_x + seg_y, sharing


@dataclass
class AugGANRun:
    """What :func:`train_auggan` returns: the trained ``nets`` (on the training device, in
    eval mode) and the per-step ``history``."""

    nets: AugGANNets
    history: History


def train_auggan(task: DayNightTask, cfg, *, seed: int, device=None,
                 desc: str = "AugGAN") -> AugGANRun:
    """Build AugGAN's networks (:func:`build_auggan`) and train them day -> night on Eq. 6.

    Args:
        task: the day scenes (images and masks) and the unpaired night scenes (images; their masks
            only with ``night_parser_target="night_masks"``) of
            a :class:`~dalib_mini.auggan.DayNightTask`; images in ``[0, 1]`` (the networks work
            in ``[-1, 1]``).
        cfg: an :class:`~dalib_mini.auggan.AugGANSettings`: sizes, ``steps`` (the learning rate
            decays linearly to 0 from ``decay_start``, ``None``: ``steps // 2``),
            ``lambda_cycle`` (CycleGAN's ``lambda``; ``lambda_identity`` is relative to it),
            ``lambda_seg`` and ``lambda_weight`` (the segmentation and weight-sharing terms; both
            0: CycleGAN with idle parsing heads, the same translation path and updates) and
            ``seg_l1_weight`` (the L1 term of the paper's ``L_seg`` beside the cross-entropy,
            :func:`~dalib_mini.auggan.parsing_loss`), ``night_parser_target`` (``"translation"``:
            the night parser learns the day masks on translated day images; ``"night_masks"``:
            it learns the night masks on real night images, the paper's ``L_seg,y``; see
            :func:`structure_terms`), ``seg_through_translation`` (with ``"translation"``: let
            ``L_seg,y`` back-propagate into ``G_x``; if False the translated images are detached
            there, so the structure reaches the translator only through the shared encoder and
            the soft-shared decoder) and ``cycle_directions`` (the round trips of the cycle loss).
        seed: seeds the initialization (:func:`dalib_mini.seed_everything`); the batches and the
            pools draw from the generator it returns.
        device: where to train (default :func:`dalib_mini.get_device`).
    """
    x_masks, y_masks = task.day.masks, task.night.masks
    x_images, y_images = task.day.images * 2 - 1, task.night.images * 2 - 1
    for name, images in (("day images", x_images), ("night images", y_images)):
        if not isinstance(images, torch.Tensor) or images.ndim != 4 or not images.is_floating_point():
            raise ValueError(f"{name} must be a float tensor (N, C, H, W) in [0, 1]")
    if x_masks.shape != (x_images.shape[0], *x_images.shape[2:]) or x_masks.dtype != torch.int64:
        raise ValueError(f"x_masks must be int64 of shape {(x_images.shape[0], *x_images.shape[2:])}, "
                         f"got {x_masks.dtype} {tuple(x_masks.shape)}")
    steps, batch_size = cfg.steps, cfg.batch_size
    if isinstance(steps, bool) or not isinstance(steps, int) or steps <= 0:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    lambda_cycle, lambda_identity = cfg.lambda_cycle, cfg.lambda_identity
    lambda_seg, lambda_weight = cfg.lambda_seg, cfg.lambda_weight
    if min(lambda_cycle, lambda_identity, lambda_seg, lambda_weight) < 0:
        raise ValueError("lambda_cycle, lambda_identity, lambda_seg and lambda_weight must be >= 0")
    decay_start = steps // 2 if cfg.decay_start is None else cfg.decay_start
    device = get_device(device)
    if cfg.night_parser_target not in NIGHT_PARSER_TARGETS:
        raise ValueError(f"night_parser_target must be one of {NIGHT_PARSER_TARGETS}, got "
                         f"{cfg.night_parser_target!r}")
    directions = _check_directions(cfg.cycle_directions)
    x_images, x_masks, y_images = x_images.to(device), x_masks.to(device), y_images.to(device)
    y_masks = y_masks.to(device)

    generator = seed_everything(seed)
    nets = build_auggan(x_images.shape[1], len(STREET_CLASSES), cfg.width, cfg.num_res_blocks,
                        cfg.num_sampling, cfg.disc_width, cfg.disc_layers, device=device,
                        generator=generator)
    g_xy, g_yx, d_x, d_y = nets.g_xy, nets.g_yx, nets.d_x, nets.d_y
    opt_g, opt_d, schedules, pool_x, pool_y = training_state(nets, steps, decay_start, cfg.lr,
                                                             cfg.betas, cfg.pool_size, generator)
    history = History()
    structure = lambda_seg > 0 or lambda_weight > 0
    zero = x_images.new_zeros(())
    for net in (*nets.generators(), *nets.discriminators()):
        net.train()
    for step in DivergenceGuard().watch(progress(range(1, steps + 1), desc=desc)):  # no per-step sync
        i = torch.randint(0, x_images.shape[0], (batch_size,), generator=generator).to(device)
        j = torch.randint(0, y_images.shape[0], (batch_size,), generator=generator).to(device)
        x, m, y, m_y = x_images[i], x_masks[i], y_images[j], y_masks[j]

        for net in nets.discriminators():
            net.requires_grad_(False)
        seg = sharing = zero
        if structure:
            fake_y, back_x, seg, sharing = structure_terms(
                g_xy, g_yx, x, m, cfg.seg_through_translation,
                night_parser_target=cfg.night_parser_target, y=y, y_masks=m_y,
                l1_weight=cfg.seg_l1_weight)
        else:
            fake_y = _translate(g_xy, x)
            back_x = _translate(g_yx, fake_y)
        fake_x = _translate(g_yx, y)
        adversarial = lsgan_generator_loss(d_y(fake_y)) + lsgan_generator_loss(d_x(fake_x))
        round_trips = {"forward": cycle_consistency_loss(x, back_x),
                       "backward": cycle_consistency_loss(y, _translate(g_xy, fake_x))}
        cycle = round_trips["forward"] + round_trips["backward"]
        loss_g = (adversarial + lambda_cycle * sum(round_trips[d] for d in directions)
                  + lambda_seg * seg + lambda_weight * sharing)
        if lambda_identity > 0:
            identity = identity_loss(y, _translate(g_xy, y)) + identity_loss(x, _translate(g_yx, x))
            loss_g = loss_g + lambda_identity * lambda_cycle * identity
        check_finite(loss_g, "generator loss", step)
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()

        loss_d_x, loss_d_y, real_y_scores, fake_y_scores = update_discriminators(
            nets, opt_d, pool_x, pool_y, x, y, fake_x, fake_y, step)
        for schedule in schedules:
            schedule.step()
        if step % cfg.log_every == 0 or step == steps:
            cosines = torch.cat([sharing_cosines(g.soft_shared_weights()) for g in (g_xy, g_yx)])
            history.log(step, generator_adversarial=adversarial, cycle=cycle, segmentation=seg,
                        weight_sharing=sharing, discriminator=loss_d_x + loss_d_y,
                        d_y_real=real_y_scores.mean(), d_y_fake=fake_y_scores.mean(),
                        min_sharing_cosine=cosines.min())
    for net in (*nets.generators(), *nets.discriminators()):
        net.eval()
    return AugGANRun(nets=nets, history=history)
