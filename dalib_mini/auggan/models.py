"""AugGAN's networks for one translation direction (Huang et al., ECCV 2018, Sec. 3, Fig. 2).

For a source domain X (day) the paper's generator is a multi-task network:

* an encoder ``E_x`` maps an image to a code ``z`` (here CycleGAN's stem and stride-2
  down-sampling, :func:`dalib_mini.cyclegan.resnet_downsampling`);
* residual blocks on ``z`` that are **hard-shared**: one set of weights feeds both heads, so
  the code must serve translation *and* parsing;
* a translation decoder ``G_x: z -> image in Y`` and a parsing decoder ``P_x: z -> class
  logits of x``, both built from CycleGAN's up-sampling stack; their transposed convolutions
  are **soft-shared**: separate weights tied by the weight-sharing loss (Eq. 4,
  :func:`~dalib_mini.auggan.weight_sharing_loss`).

Because ``G_x`` decodes the same code as ``P_x`` with nearly the same up-sampling filters, the
layout that the parser needs (where the road, the facades and the vehicles are) is what the
translator decodes too: that is the structure awareness CycleGAN lacks.
"""
from __future__ import annotations

import torch
from torch import nn

from ..cyclegan import (
    ResnetResidualBlock,
    init_cyclegan_weights,
    resnet_downsampling,
    resnet_upsampling,
)
from ..validation import check_module_dtype

__all__ = ["AugGANGenerator"]


class AugGANGenerator(nn.Module):
    """Encoder, hard-shared residual blocks, and the soft-shared translation/parsing decoders.

    Args:
        in_channels, out_channels: image channels of the source and target domains.
        num_classes: segmentation classes ``K`` of the parsing head.
        width, num_res_blocks, num_sampling: as in :class:`dalib_mini.cyclegan.ResnetGenerator`
            (same sizes give the same translator; AugGAN adds the parsing decoder).

    ``forward(x)``: ``(N, in_channels, H, W)`` in [-1, 1] ->
    ``(translated (N, out_channels, H, W) in [-1, 1], logits (N, K, H, W))``.
    """

    def __init__(self, in_channels: int = 3, out_channels: int = 3, num_classes: int = 4,
                 width: int = 16, num_res_blocks: int = 2, num_sampling: int = 1) -> None:
        super().__init__()
        if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 2:
            raise ValueError(f"num_classes must be an integer >= 2, got {num_classes!r}")
        if isinstance(num_res_blocks, bool) or not isinstance(num_res_blocks, int) or num_res_blocks < 1:
            raise ValueError(f"num_res_blocks must be a positive integer, got {num_res_blocks!r}")
        self.in_channels, self.num_sampling = in_channels, num_sampling
        self.encoder = resnet_downsampling(in_channels, width, num_sampling)
        self.shared_blocks = nn.Sequential(*[ResnetResidualBlock(width * 2 ** num_sampling)
                                             for _ in range(num_res_blocks)])
        self.translation_decoder = resnet_upsampling(out_channels, width, num_sampling)
        # Same stack with K output channels and no tanh: the parser outputs logits.
        self.parsing_decoder = resnet_upsampling(num_classes, width, num_sampling)[:-1]
        init_cyclegan_weights(self)
        with torch.no_grad():  # soft sharing starts from hard sharing: L_w = 0 at step 0
            for w_g, w_p in self.soft_shared_weights():
                w_p.copy_(w_g)

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """Code after the hard-shared blocks, ``(N, width * 2**s, H / 2**s, W / 2**s)``."""
        check_module_dtype(x, self, "x")
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(f"x must have shape (N, {self.in_channels}, H, W), got {tuple(x.shape)}")
        if x.shape[2] % 2 ** self.num_sampling or x.shape[3] % 2 ** self.num_sampling:
            raise ValueError(f"image height and width must be divisible by {2 ** self.num_sampling}, "
                             f"got {tuple(x.shape[2:])}")
        return self.shared_blocks(self.encoder(x))

    def translate(self, x: torch.Tensor) -> torch.Tensor:
        """``G_x(E_x(x))``: the image in the other domain, ``(N, out_channels, H, W)``."""
        return self.translation_decoder(self.encode(x))

    def parse(self, x: torch.Tensor) -> torch.Tensor:
        """``P_x(E_x(x))``: class logits ``(N, K, H, W)`` of the input image."""
        return self.parsing_decoder(self.encode(x))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        code = self.encode(x)
        return self.translation_decoder(code), self.parsing_decoder(code)

    def soft_shared_weights(self) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """Pairs ``(w_G, w_P)`` of the up-sampling (transposed-convolution) weights tied by Eq. 4."""
        ups_g = [m for m in self.translation_decoder if isinstance(m, nn.ConvTranspose2d)]
        ups_p = [m for m in self.parsing_decoder if isinstance(m, nn.ConvTranspose2d)]
        return [(g.weight, p.weight) for g, p in zip(ups_g, ups_p)]
