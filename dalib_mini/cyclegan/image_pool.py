"""History of generated images for the discriminator (Shrivastava et al. 2017; CycleGAN Sec. 4,
"Training details": "we update the discriminators using a history of generated images rather
than the ones produced by the latest generators ... an image buffer that stores the 50
previously created images").

Showing ``D`` fakes from older generators as well keeps it from chasing only the latest
generator, which damps the oscillation of the two-player game.
"""
from __future__ import annotations

import torch

__all__ = ["ImagePool"]


class ImagePool:
    """A buffer of up to ``pool_size`` past fakes.

    :meth:`query` takes a batch ``(N, C, H, W)`` and returns a batch of the same shape. Image by
    image: while the pool is not full, the new image is stored and returned. Once full, with
    probability ``swap_probability`` (0.5 in the paper's code) a uniformly chosen stored image
    is returned and the new image takes its slot; otherwise the new image is returned and the
    pool is unchanged. ``pool_size=0`` disables the pool (the batch comes back as it is).

    Stored images are detached copies: they carry no graph into later steps. Randomness comes
    from ``generator`` (a CPU ``torch.Generator``) so runs are repeatable.
    """

    def __init__(self, pool_size: int = 50, swap_probability: float = 0.5,
                 generator: torch.Generator | None = None) -> None:
        if not isinstance(pool_size, int) or isinstance(pool_size, bool) or pool_size < 0:
            raise ValueError(f"pool_size must be a non-negative integer, got {pool_size!r}")
        if not 0.0 <= float(swap_probability) <= 1.0:
            raise ValueError(f"swap_probability must be in [0, 1], got {swap_probability!r}")
        self.pool_size = pool_size
        self.swap_probability = float(swap_probability)
        self.generator = generator
        self.images: list[torch.Tensor] = []

    def __len__(self) -> int:
        return len(self.images)

    def _uniform(self) -> float:
        return float(torch.rand((), generator=self.generator))

    def _index(self) -> int:
        return int(torch.randint(0, self.pool_size, (), generator=self.generator))

    def query(self, images: torch.Tensor) -> torch.Tensor:
        """Return a batch of the same shape mixing new fakes and stored past fakes."""
        if not isinstance(images, torch.Tensor) or images.ndim < 2:
            raise ValueError("images must be a tensor of shape (N, ...) with a batch dimension, "
                             f"got {getattr(images, 'shape', type(images).__name__)}")
        images = images.detach()
        if self.pool_size == 0:
            return images
        returned = []
        for image in images:
            if len(self.images) < self.pool_size:
                self.images.append(image.clone())
                returned.append(image)
            elif self._uniform() < self.swap_probability:
                slot = self._index()
                returned.append(self.images[slot])
                self.images[slot] = image.clone()
            else:
                returned.append(image)
        return torch.stack(returned)
