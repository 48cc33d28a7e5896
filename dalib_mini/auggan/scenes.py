"""Procedurally generated street scenes in a "day" and a "night" style, with per-pixel masks.

Why synthetic: AugGAN translates day driving scenes into night ones and measures whether
the objects survive the translation. No public day/night data set *with segmentation masks*
is available offline to this course, so we draw our own toy streets: sky, a row of
buildings, a road with a dashed lane line and a few vehicles, each shape also painted into
a class mask (:data:`STREET_CLASSES`).

The *layout* of a scene (horizon, buildings, vehicles) is drawn first, then painted in one of
two styles:

* ``"day"``: bright sky gradient, coloured facades with dark windows, grey road with a white
  lane line, brightly coloured vehicles, little noise;
* ``"night"``: near-black sky, dark facades with randomly *lit* windows, a dark road with a
  faint lane line, dark vehicles with two bright headlights, and strong sensor noise.

The two styles are drawn from *different* random layouts even for the same ``seed`` (the
style is mixed into the random stream), so there are no day/night pairs: the translation
problem is unpaired, as in the paper.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

__all__ = ["STREET_CLASSES", "StreetScenes", "make_street_scenes", "DayNightTask",
           "make_day_night_task"]

#: Class names, in the order of the integer labels of the masks.
STREET_CLASSES = ("sky", "building", "road", "vehicle")
_SKY, _BUILDING, _ROAD, _VEHICLE = range(4)
_STYLES = ("day", "night")

# Base colours (RGB in [0, 1]); every scene jitters them a little.
_FACADES = np.array([[0.62, 0.62, 0.62], [0.80, 0.72, 0.55], [0.66, 0.38, 0.30],
                     [0.55, 0.60, 0.72], [0.75, 0.75, 0.68]])
_CAR_PAINTS = np.array([[0.85, 0.12, 0.12], [0.15, 0.30, 0.85], [0.15, 0.65, 0.25],
                        [0.95, 0.80, 0.10], [0.95, 0.95, 0.95], [0.85, 0.45, 0.10]])


@dataclass(frozen=True)
class StreetScenes:
    """A batch of rendered scenes.

    Attributes:
        images: float32 ``(N, 3, H, W)`` in ``[0, 1]``.
        masks: int64 ``(N, H, W)`` with labels indexing :data:`STREET_CLASSES`.
        style: ``"day"`` or ``"night"``.
    """

    images: torch.Tensor
    masks: torch.Tensor
    style: str

    def __len__(self) -> int:
        return self.images.shape[0]

    def to(self, device) -> "StreetScenes":
        """The same scenes with images and masks on ``device``."""
        return StreetScenes(self.images.to(device), self.masks.to(device), self.style)


def _layout(rng: np.random.Generator, size: int, style: str) -> dict:
    """Draw one scene's geometry: horizon row, buildings with window grids, vehicles.

    The night scenes come from a denser street (as real night collections differ in content
    from day ones): fewer gaps between buildings and taller buildings, so less sky.
    """
    night = style == "night"
    horizon = int(rng.integers(int(0.42 * size), int(0.56 * size) + 1))
    buildings, x = [], 0
    while x < size:
        if rng.random() < (0.10 if night else 0.30):  # a gap shows the sky behind
            x += int(rng.integers(2, max(3, size // 10) + 1))
            continue
        width = int(rng.integers(max(3, size // 8), max(4, size // 4) + 1))
        lowest_top = horizon // 2 if night else horizon - 3
        top = int(rng.integers(max(1, size // 12), lowest_top))
        buildings.append((x, min(size, x + width), top, int(rng.integers(len(_FACADES)))))
        x += width
    vehicles = []
    for _ in range(int(rng.integers(1, 4))):
        bottom = int(rng.integers(horizon + 4, size + 1))
        depth = (bottom - horizon) / (size - horizon)  # 0 at the horizon, 1 at the camera
        height = max(3, int(round((0.18 + 0.22 * depth) * size)))
        width = max(5, int(round(1.7 * height)))
        left = int(rng.integers(-width // 3, size - 2 * width // 3))
        vehicles.append((left, width, bottom, height, int(rng.integers(len(_CAR_PAINTS)))))
    vehicles.sort(key=lambda v: v[2])  # paint far (higher) vehicles first, near ones on top
    return {"horizon": horizon, "buildings": buildings, "vehicles": vehicles}


def _paint(layout: dict, style: str, rng: np.random.Generator, size: int):
    """Render one layout in ``style``; returns ``(image (H, W, 3), mask (H, W))`` arrays."""
    night = style == "night"
    image = np.zeros((size, size, 3), dtype=np.float32)
    mask = np.full((size, size), _SKY, dtype=np.int64)
    horizon = layout["horizon"]
    rows = np.linspace(0.0, 1.0, horizon)[:, None]

    # Sky: a vertical gradient, bright blue by day and almost black by night.
    top, bottom = (([0.02, 0.03, 0.09], [0.06, 0.06, 0.14]) if night
                   else ([0.40, 0.62, 0.95], [0.78, 0.87, 1.00]))
    image[:horizon] = ((1 - rows) * np.array(top) + rows * np.array(bottom))[:, None, :]

    for x0, x1, top_row, facade in layout["buildings"]:
        color = (np.full(3, 0.13) if night else _FACADES[facade]) + rng.normal(0, 0.03, 3)
        image[top_row:horizon, x0:x1] = color
        mask[top_row:horizon, x0:x1] = _BUILDING
        # A grid of one-pixel windows every third pixel, inset from the facade's edges.
        for wy in range(top_row + 1, horizon - 1, 3):
            for wx in range(x0 + 1, x1 - 1, 2 if size <= 32 else 3):
                if night:
                    lit = rng.random() < 0.45
                    image[wy, wx] = [0.98, 0.85, 0.35] if lit else [0.04, 0.04, 0.05]
                else:
                    image[wy, wx] = [0.22, 0.28, 0.38]

    road = np.array([0.07, 0.07, 0.08] if night else [0.45, 0.45, 0.47]) + rng.normal(0, 0.02, 3)
    image[horizon:] = road
    mask[horizon:] = _ROAD
    centre = size // 2
    for y in range(horizon + 1, size, 4):  # dashed lane line down the middle of the road
        image[y:y + 2, centre - 1:centre + 1] = 0.30 if night else 0.95

    for left, width, bottom_row, height, paint in layout["vehicles"]:
        x0, x1 = max(0, left), min(size, left + width)
        body_top = bottom_row - (2 * height) // 3
        cabin_top = bottom_row - height
        cabin0, cabin1 = max(0, left + width // 5), min(size, left + width - width // 5)
        body = _CAR_PAINTS[paint] * (0.22 if night else 1.0)
        image[body_top:bottom_row, x0:x1] = body
        image[cabin_top:body_top, cabin0:cabin1] = [0.03, 0.03, 0.05] if night else [0.25, 0.35, 0.50]
        mask[body_top:bottom_row, x0:x1] = _VEHICLE
        mask[cabin_top:body_top, cabin0:cabin1] = _VEHICLE
        if night:  # two headlights near the bottom corners of the body
            light_row = max(body_top, bottom_row - 2)
            for lx in (left + 1, left + width - 2):
                if 0 <= lx < size:
                    image[light_row, lx] = [1.0, 1.0, 0.85]
        else:  # dark wheels
            for wx in (left + 1, left + width - 3):
                image[bottom_row - 1, max(0, wx):min(size, wx + 2)] = 0.05

    image += rng.normal(0.0, 0.04 if night else 0.015, image.shape).astype(np.float32)
    return np.clip(image, 0.0, 1.0), mask


def make_street_scenes(n: int, style: str = "day", size: int = 32, seed: int = 0) -> StreetScenes:
    """Render ``n`` random street scenes in ``style`` (``"day"`` or ``"night"``).

    Args:
        n: number of scenes (positive).
        style: ``"day"`` or ``"night"``.
        size: side of the square images in pixels (at least 24).
        seed: the scenes are a deterministic function of ``(seed, style)``; the same seed in
            the other style gives *different* layouts (unpaired domains).

    Returns:
        :class:`StreetScenes` with images ``(n, 3, size, size)`` in ``[0, 1]`` and masks
        ``(n, size, size)`` labelled by :data:`STREET_CLASSES`.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if style not in _STYLES:
        raise ValueError(f"style must be one of {_STYLES}, got {style!r}")
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 24:
        raise ValueError(f"size must be an integer >= 24, got {size!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    # Mixing the style into the seed keeps day and night layouts independent.
    rng = np.random.default_rng([int(seed), _STYLES.index(style)])
    images = np.empty((n, size, size, 3), dtype=np.float32)
    masks = np.empty((n, size, size), dtype=np.int64)
    for i in range(n):
        images[i], masks[i] = _paint(_layout(rng, int(size), style), style, rng, int(size))
    return StreetScenes(images=torch.from_numpy(images).permute(0, 3, 1, 2).contiguous(),
                        masks=torch.from_numpy(masks), style=style)


@dataclass(frozen=True)
class DayNightTask:
    """The chapter's data: ``day`` training scenes (images *and* masks: the labelled source
    domain), ``night`` training scenes (images for the translators, unpaired with the day ones;
    their masks train the evaluation-side judge, and the night parser only in the paper's form
    of L_seg,y), ``night_test`` scenes (other random night scenes, with masks, that only test
    the downstream segmenters) and ``night_val`` scenes (a third set of night scenes with masks,
    to choose between variants without looking at the test scenes; ``None`` if not rendered)."""

    day: StreetScenes
    night: StreetScenes
    night_test: StreetScenes
    night_val: StreetScenes | None = None

    def to(self, device) -> "DayNightTask":
        """The same task on ``device``."""
        return DayNightTask(self.day.to(device), self.night.to(device), self.night_test.to(device),
                            None if self.night_val is None else self.night_val.to(device))


def make_day_night_task(cfg, *, seed: int, device=None) -> DayNightTask:
    """Render ``cfg.n_day`` day, ``cfg.n_night`` night, ``cfg.n_test`` night test and
    ``cfg.n_val`` night validation scenes of side ``cfg.size`` (an
    :class:`~dalib_mini.auggan.AugGANSettings`). The scenes are a function of ``seed`` alone
    (their own random streams; the test scenes come from ``seed + cfg.test_seed_offset``, the
    validation scenes from ``seed + cfg.val_seed_offset``); they are moved to ``device`` if
    given, else left on the CPU."""
    task = DayNightTask(day=make_street_scenes(cfg.n_day, "day", cfg.size, seed=seed),
                        night=make_street_scenes(cfg.n_night, "night", cfg.size, seed=seed),
                        night_test=make_street_scenes(cfg.n_test, "night", cfg.size,
                                                      seed=seed + cfg.test_seed_offset),
                        night_val=make_street_scenes(cfg.n_val, "night", cfg.size,
                                                     seed=seed + cfg.val_seed_offset))
    return task.to(device) if device is not None else task
