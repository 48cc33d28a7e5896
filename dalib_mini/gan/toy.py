"""The 1-D game of the paper's Fig. 1, trained: data from a Gaussian, a small G and D.

Fig. 1 of Goodfellow et al. (2014) draws four moments of the game on a line: (a) near
convergence, D partially accurate; (b) in the inner loop D is trained towards
:math:`D^*(x) = p_{data}(x) / (p_{data}(x) + p_g(x))` (Proposition 1, Eq. 2) with G held fixed;
(c) after updates of G, the gradient of D has moved :math:`G(z)` towards regions D calls data;
(d) after enough steps :math:`p_g = p_{data}` and :math:`D = 1/2`. :func:`train_toy_game` plays
that game with Algorithm 1 and returns one :class:`ToyPanel` per moment: the exact
:math:`p_{data}`, a kernel density estimate of :math:`p_g` from samples of G (G defines
:math:`p_g` only implicitly) and the trained D, on a grid. Panel (b) is where the notebook
checks the trained D against Eq. 2 computed from those densities.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from scipy.stats import gaussian_kde
from torch import nn

from ..device import get_device, seed_everything
from ..training import History
from .losses import discriminator_loss, generator_loss_non_saturating
from .settings import GANSettings

__all__ = ["ToyGenerator", "ToyDiscriminator", "ToyPanel", "ToyGame", "train_toy_game",
           "plot_toy_panel"]


class ToyGenerator(nn.Module):
    """``z (N, 1)`` standard normal ``-> x = w z + b`` ``(N, 1)``: the smallest generator there is.

    It starts as the identity (:math:`p_g = p_z = N(0, 1)`), and :math:`p_g = N(b, w^2)` is
    smooth at every step, so a kernel density estimate from samples tracks it closely (a
    folding nonlinear G would put sharp peaks in :math:`p_g` that a KDE smooths away). The
    notebook still treats :math:`p_g` as implicit and estimates it from samples."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Linear(1, 1)
        nn.init.ones_(self.net.weight)
        nn.init.zeros_(self.net.bias)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        if z.ndim != 2 or z.shape[1] != 1:
            raise ValueError(f"z must have shape (N, 1), got {tuple(z.shape)}")
        return self.net(z)


class ToyDiscriminator(nn.Module):
    """``x (N, 1) -> (N,)`` logits, :math:`D(x) = \\sigma(\\text{logit})`: two tanh layers."""

    def __init__(self, hidden: int = 32) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(1, hidden), nn.Tanh(), nn.Linear(hidden, hidden),
                                 nn.Tanh(), nn.Linear(hidden, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.ndim != 2 or x.shape[1] != 1:
            raise ValueError(f"x must have shape (N, 1), got {tuple(x.shape)}")
        return self.net(x).squeeze(1)


@dataclass
class ToyPanel:
    """One moment of the game, on the grid ``x`` ``(K,)`` (float64, CPU): the exact ``p_data``,
    the estimated ``p_g`` (Gaussian KDE of G's samples, Scott's bandwidth), the trained ``d``
    = D(x), and the map of a few noise values ``z`` ``(J,)`` to ``g_of_z`` = G(z) ``(J,)``."""

    name: str
    step: int
    x: torch.Tensor
    p_data: torch.Tensor
    p_g: torch.Tensor
    d: torch.Tensor
    z: torch.Tensor
    g_of_z: torch.Tensor


@dataclass
class ToyGame:
    """What :func:`train_toy_game` returns: the four panels ``"a"`` ... ``"d"``, the history of
    the game steps (``d_loss, g_loss``) and of the inner loop (``d_loss``), and both nets."""

    panels: dict[str, ToyPanel]
    history: History
    inner_history: History
    generator: ToyGenerator
    discriminator: ToyDiscriminator


def _data(n: int, cfg: GANSettings, rng: torch.Generator, device) -> torch.Tensor:
    return (cfg.toy_data_mean + cfg.toy_data_std * torch.randn(n, 1, generator=rng)).to(device)


def _noise(n: int, rng: torch.Generator, device) -> torch.Tensor:
    return torch.randn(n, 1, generator=rng).to(device)


@torch.no_grad()
def _panel(name: str, step: int, generator, discriminator, cfg: GANSettings,
           rng: torch.Generator, device) -> ToyPanel:
    generator.eval(), discriminator.eval()
    samples = generator(_noise(cfg.toy_kde_samples, rng, device)).cpu().double().squeeze(1)
    m, s = cfg.toy_data_mean, cfg.toy_data_std
    lo = min(m - 4 * s, float(samples.min())) - 0.5
    hi = max(m + 4 * s, float(samples.max())) + 0.5
    x = torch.linspace(lo, hi, 401, dtype=torch.float64)
    p_data = torch.exp(-(x - m) ** 2 / (2 * s * s)) / (s * math.sqrt(2 * math.pi))
    p_g = torch.from_numpy(gaussian_kde(samples.numpy())(x.numpy()))
    d = torch.sigmoid(discriminator(x.float().unsqueeze(1).to(device))).cpu().double()
    z = torch.linspace(-2, 2, 21)
    g_of_z = generator(z.unsqueeze(1).to(device)).cpu().double().squeeze(1)
    generator.train(), discriminator.train()
    return ToyPanel(name, step, x, p_data, p_g, d, z.double(), g_of_z)


def _d_step(generator, discriminator, opt_d, cfg, rng, device) -> torch.Tensor:
    n = cfg.toy_batch_size
    with torch.no_grad():
        fake = generator(_noise(n, rng, device))
    loss = discriminator_loss(discriminator(_data(n, cfg, rng, device)), discriminator(fake))
    opt_d.zero_grad(set_to_none=True)
    loss.backward()
    opt_d.step()
    return loss.detach()


def _g_step(generator, discriminator, opt_g, cfg, rng, device) -> torch.Tensor:
    loss = generator_loss_non_saturating(discriminator(generator(_noise(cfg.toy_batch_size, rng, device))))
    opt_g.zero_grad(set_to_none=True)
    loss.backward()
    opt_g.step()
    discriminator.zero_grad(set_to_none=True)
    return loss.detach()


def train_toy_game(cfg: GANSettings, *, seed: int, device=None) -> ToyGame:
    """Play the 1-D game of Fig. 1 (Algorithm 1 with k = ``toy_d_steps``, non-saturating G
    loss, Adam).

    ``toy_warmup_steps`` game steps, then panel (a); then G is held fixed and D alone trained
    for ``toy_inner_steps`` steps on fresh minibatches, its learning rate decaying linearly to 0
    so that it settles at the optimum of Eq. 3 for this G - panel (b); then the game resumes:
    panel (c) after a tenth of ``toy_game_steps`` more steps, panel (d) after all of them.
    ``seed`` seeds the initialisation and every minibatch; ``device`` is where the nets train.
    """
    for name in ("toy_warmup_steps", "toy_inner_steps", "toy_game_steps", "toy_d_steps"):
        if getattr(cfg, name) < 1:
            raise ValueError(f"{name} must be >= 1, got {getattr(cfg, name)}")
    if cfg.toy_data_std <= 0 or cfg.toy_kde_samples < 2 or cfg.toy_batch_size < 1:
        raise ValueError("toy_data_std must be > 0, toy_kde_samples >= 2 and toy_batch_size >= 1")
    rng = seed_everything(seed)
    device = get_device(device)
    generator = ToyGenerator().to(device)
    discriminator = ToyDiscriminator(cfg.toy_hidden).to(device)
    opt_g = torch.optim.Adam(generator.parameters(), lr=cfg.toy_lr_g, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=cfg.toy_lr_d, betas=(0.5, 0.999))
    history, inner, panels = History(), History(), {}
    step = 0

    def play(n: int) -> None:
        nonlocal step
        for _ in range(n):
            step += 1
            for _ in range(cfg.toy_d_steps):
                d_loss = _d_step(generator, discriminator, opt_d, cfg, rng, device)
            history.log(step, d_loss=d_loss, g_loss=_g_step(generator, discriminator, opt_g, cfg, rng, device))

    play(cfg.toy_warmup_steps)
    panels["a"] = _panel("a", step, generator, discriminator, cfg, rng, device)
    inner_opt = torch.optim.Adam(discriminator.parameters(), lr=cfg.toy_inner_lr, betas=(0.5, 0.999))
    decay = torch.optim.lr_scheduler.LambdaLR(
        inner_opt, lambda i: max(0.0, 1 - i / cfg.toy_inner_steps))
    for i in range(cfg.toy_inner_steps):
        inner.log(i + 1, d_loss=_d_step(generator, discriminator, inner_opt, cfg, rng, device))
        decay.step()
    panels["b"] = _panel("b", step, generator, discriminator, cfg, rng, device)
    play(max(1, cfg.toy_game_steps // 10))
    panels["c"] = _panel("c", step, generator, discriminator, cfg, rng, device)
    play(cfg.toy_game_steps - max(1, cfg.toy_game_steps // 10))
    panels["d"] = _panel("d", step, generator, discriminator, cfg, rng, device)
    return ToyGame(panels, history, inner, generator.eval(), discriminator.eval())


def plot_toy_panel(panel: ToyPanel, ax, *, d_star: torch.Tensor | None = None, title: str = ""):
    """Draw one panel in the style of Fig. 1: p_data (black dots), p_g (green), D (blue dashes),
    optionally Eq. 2's D* (purple), and lines from z (bottom) to x = G(z) (the line above)."""
    x = panel.x.numpy()
    scale = 1.0 / max(float(panel.p_data.max()), float(panel.p_g.max()))
    ax.plot(x, panel.p_data.numpy() * scale, "k:", lw=2, label="p_data (scaled)")
    ax.plot(x, panel.p_g.numpy() * scale, "g-", lw=1.5, label="p_g (KDE, scaled)")
    ax.plot(x, panel.d.numpy(), "b--", lw=1.5, label="D(x)")
    if d_star is not None:
        ax.plot(x, d_star.numpy(), color="purple", lw=1, label="D* (Eq. 2)")
    z_line = -0.45
    z_pos = panel.z.numpy()  # z is drawn on the same axis as x (G starts as the identity)
    for z0, gz in zip(z_pos, panel.g_of_z.numpy()):
        ax.plot([z0, gz], [z_line, -0.1], color="grey", lw=0.6)
    ax.axhline(-0.1, color="k", lw=0.6)
    ax.axhline(z_line, color="k", lw=0.6)
    ax.text(x.min(), z_line + 0.03, "z", fontsize=9)
    ax.text(x.min(), -0.07, "x", fontsize=9)
    ax.set(title=title or f"({panel.name}) step {panel.step}", xlabel="x",
           ylabel="D(x) / scaled density", ylim=(-0.55, 1.1))
    return ax
