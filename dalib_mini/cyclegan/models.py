"""The two networks of CycleGAN (Zhu et al., ICCV 2017, Sec. 4 "Network Architecture" and
Appendix 7.2), sized for small images (32x32 digits, small synthetic scenes).

* :class:`ResnetGenerator` — Johnson et al.'s image-transformation network: a 7x7 stem,
  two stride-2 down-sampling convolutions, ``num_res_blocks`` residual blocks at the lowest
  resolution, two stride-2 transposed convolutions and a 7x7 output convolution with
  ``tanh``. Instance normalisation and reflection padding throughout, as in the paper
  (``c7s1-k, dk, Rk, uk``). Its three stages are importable on their own
  (:func:`resnet_downsampling`, :class:`ResnetResidualBlock`, :func:`resnet_upsampling`), so a
  chapter can share an encoder between networks (AugGAN does).
* :class:`PatchGANDiscriminator` — a fully convolutional classifier of overlapping patches
  (``C64-C128-C256-C512`` with 4x4 convolutions on 256x256 images, a 70x70 receptive field).
  It outputs one score per patch, ``(N, 1, H', W')``; the LSGAN losses average over patches.

All modules follow the device and dtype of their inputs.
"""
from __future__ import annotations

import torch
from torch import nn

from ..validation import check_image_batch, check_module_dtype

__all__ = ["ResnetResidualBlock", "resnet_downsampling", "resnet_upsampling", "ResnetGenerator",
           "PatchGANDiscriminator", "patchgan_receptive_field", "init_cyclegan_weights"]


def _check_positive_int(value, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def _conv_norm_relu(in_channels: int, out_channels: int, kernel_size: int, stride: int = 1,
                    reflection_pad: int = 0, conv_padding: int = 0) -> list[nn.Module]:
    layers: list[nn.Module] = []
    if reflection_pad:
        layers.append(nn.ReflectionPad2d(reflection_pad))
    # No conv bias: instance norm subtracts the per-channel mean right after, cancelling it.
    layers += [nn.Conv2d(in_channels, out_channels, kernel_size, stride=stride,
                         padding=conv_padding, bias=False),
               nn.InstanceNorm2d(out_channels, affine=True), nn.ReLU(inplace=True)]
    return layers


class ResnetResidualBlock(nn.Module):
    """``Rk``: two reflection-padded 3x3 convolutions with instance norm, plus the input.

    ``(N, C, H, W) -> (N, C, H, W)``. The skip connection lets a generator start close to
    the identity on its features, which suits translations that keep the layout of the input.
    """

    def __init__(self, channels: int) -> None:
        super().__init__()
        _check_positive_int(channels, "channels")
        self.channels = channels
        self.body = nn.Sequential(
            *_conv_norm_relu(channels, channels, 3, reflection_pad=1),
            nn.ReflectionPad2d(1), nn.Conv2d(channels, channels, 3, bias=False),
            nn.InstanceNorm2d(channels, affine=True),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_image_batch(x, "x", channels=self.channels)
        return x + self.body(x)


def resnet_downsampling(in_channels: int, width: int, num_downsampling: int = 2) -> nn.Sequential:
    """Stem ``c7s1-width`` then ``num_downsampling`` stride-2 convolutions ``d(2^i width)``.

    ``(N, in_channels, H, W) -> (N, width * 2**num_downsampling, H / 2**d, W / 2**d)``.
    """
    _check_positive_int(in_channels, "in_channels")
    _check_positive_int(width, "width")
    if not isinstance(num_downsampling, int) or num_downsampling < 0:
        raise ValueError(f"num_downsampling must be a non-negative integer, got {num_downsampling!r}")
    layers = _conv_norm_relu(in_channels, width, 7, reflection_pad=3)
    channels = width
    for _ in range(num_downsampling):
        layers += _conv_norm_relu(channels, 2 * channels, 3, stride=2, conv_padding=1)
        channels *= 2
    return nn.Sequential(*layers)


def resnet_upsampling(out_channels: int, width: int, num_upsampling: int = 2) -> nn.Sequential:
    """``num_upsampling`` stride-2 transposed convolutions ``u(k)`` then ``c7s1-out`` + ``tanh``.

    ``(N, width * 2**num_upsampling, h, w) -> (N, out_channels, h * 2**u, w * 2**u)`` in [-1, 1].
    """
    _check_positive_int(out_channels, "out_channels")
    _check_positive_int(width, "width")
    if not isinstance(num_upsampling, int) or num_upsampling < 0:
        raise ValueError(f"num_upsampling must be a non-negative integer, got {num_upsampling!r}")
    layers: list[nn.Module] = []
    channels = width * 2 ** num_upsampling
    for _ in range(num_upsampling):
        layers += [nn.ConvTranspose2d(channels, channels // 2, 3, stride=2, padding=1,
                                      output_padding=1, bias=False),
                   nn.InstanceNorm2d(channels // 2, affine=True), nn.ReLU(inplace=True)]
        channels //= 2
    layers += [nn.ReflectionPad2d(3), nn.Conv2d(channels, out_channels, 7), nn.Tanh()]
    return nn.Sequential(*layers)


class ResnetGenerator(nn.Module):
    """CycleGAN's generator ``G: X -> Y`` (images in [-1, 1]).

    Args:
        in_channels, out_channels: image channels of the source and target domains.
        width: channels of the stem (64 in the paper; 16-32 is enough for 32x32 digits).
        num_res_blocks: residual blocks at the lowest resolution (6 for 128x128, 9 for 256x256).
        num_sampling: stride-2 down- (and up-) sampling steps (2 in the paper). The image side
            must be divisible by ``2 ** num_sampling``.

    ``forward``: ``(N, in_channels, H, W) -> (N, out_channels, H, W)``; :meth:`encode` gives
    the bottleneck features ``(N, width * 2**num_sampling, H / 2**s, W / 2**s)``.
    """

    def __init__(self, in_channels: int = 3, out_channels: int = 3, width: int = 32,
                 num_res_blocks: int = 3, num_sampling: int = 2) -> None:
        super().__init__()
        if not isinstance(num_res_blocks, int) or num_res_blocks < 0:
            raise ValueError(f"num_res_blocks must be a non-negative integer, got {num_res_blocks!r}")
        self.in_channels, self.out_channels, self.num_sampling = in_channels, out_channels, num_sampling
        self.downsampling = resnet_downsampling(in_channels, width, num_sampling)
        bottleneck = width * 2 ** num_sampling
        self.residual_blocks = nn.Sequential(*[ResnetResidualBlock(bottleneck)
                                               for _ in range(num_res_blocks)])
        self.upsampling = resnet_upsampling(out_channels, width, num_sampling)

    def _check_input(self, x: torch.Tensor) -> None:
        check_module_dtype(x, self, "x")
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(f"x must have shape (N, {self.in_channels}, H, W), got {tuple(x.shape)}")
        factor = 2 ** self.num_sampling
        if x.shape[2] % factor or x.shape[3] % factor:
            raise ValueError(f"image height and width must be divisible by {factor} "
                             f"(2 ** num_sampling), got {tuple(x.shape[2:])}")

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        self._check_input(x)
        return self.residual_blocks(self.downsampling(x))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.upsampling(self.encode(x))


class PatchGANDiscriminator(nn.Module):
    """PatchGAN ``D``: scores every overlapping patch of an image as real (high) or fake (low).

    ``num_layers`` stride-2 4x4 convolutions (widths ``width, 2 width, ...``), one stride-1 4x4
    convolution, and a 4x4 convolution to one channel. The paper's 70x70 PatchGAN is
    ``width=64, num_layers=3``; on 32x32 images ``num_layers=2`` sees 34x34 patches and
    ``num_layers=1`` sees 16x16 patches (see :func:`patchgan_receptive_field`).

    ``(N, C, H, W) -> (N, 1, H', W')`` raw scores (no sigmoid: the LSGAN loss regresses them).
    """

    def __init__(self, in_channels: int = 3, width: int = 32, num_layers: int = 2) -> None:
        super().__init__()
        _check_positive_int(in_channels, "in_channels")
        _check_positive_int(width, "width")
        _check_positive_int(num_layers, "num_layers")
        self.in_channels, self.num_layers = in_channels, num_layers
        # The first layer has no normalisation (as in the paper's C64).
        layers: list[nn.Module] = [nn.Conv2d(in_channels, width, 4, stride=2, padding=1),
                                   nn.LeakyReLU(0.2, inplace=True)]
        channels = width
        for index in range(1, num_layers + 1):
            stride = 2 if index < num_layers else 1
            layers += [nn.Conv2d(channels, 2 * channels, 4, stride=stride, padding=1, bias=False),
                       nn.InstanceNorm2d(2 * channels, affine=True), nn.LeakyReLU(0.2, inplace=True)]
            channels *= 2
        layers.append(nn.Conv2d(channels, 1, 4, stride=1, padding=1))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_module_dtype(x, self, "x")
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(f"x must have shape (N, {self.in_channels}, H, W), got {tuple(x.shape)}")
        return self.net(x)


def patchgan_receptive_field(num_layers: int) -> int:
    """Side in pixels of the input patch that one output score of :class:`PatchGANDiscriminator`
    sees: ``1 + 3 * (sum of the strides before each 4x4 layer)`` (70 for ``num_layers=3``)."""
    _check_positive_int(num_layers, "num_layers")
    strides = [2] * num_layers + [1, 1]  # the stride-1 conv and the output conv
    field, jump = 1, 1
    for stride in strides:
        field += 3 * jump
        jump *= stride
    return field


@torch.no_grad()
def init_cyclegan_weights(module: nn.Module, std: float = 0.02,
                          generator: torch.Generator | None = None) -> nn.Module:
    """Gaussian ``N(0, std^2)`` initialisation of every convolution (as in the paper's code),
    norm scales ``N(1, std^2)``, biases zero. Returns ``module``. ``generator`` (CPU) makes
    it repeatable independently of the global seed."""
    for layer in module.modules():
        if isinstance(layer, (nn.Conv2d, nn.ConvTranspose2d)):
            layer.weight.copy_(torch.randn(layer.weight.shape, generator=generator) * std)
            if layer.bias is not None:
                layer.bias.zero_()
        elif isinstance(layer, nn.InstanceNorm2d) and layer.affine:
            layer.weight.copy_(1.0 + torch.randn(layer.weight.shape, generator=generator) * std)
            layer.bias.zero_()
    return module
