"""Chapter: CycleGAN — unpaired image-to-image translation with cycle consistency
(Zhu, Park, Isola, Efros, ICCV 2017).

Modules: ``models`` (ResNet generator, PatchGAN discriminator), ``losses`` (LSGAN, cycle,
identity), ``image_pool`` (history of fakes for the discriminators).
"""
from .image_pool import ImagePool
from .losses import (cycle_consistency_loss, identity_loss, lsgan_discriminator_loss,
                     lsgan_generator_loss, optimal_lsgan_discriminator)
from .models import (PatchGANDiscriminator, ResnetGenerator, ResnetResidualBlock,
                     init_cyclegan_weights, patchgan_receptive_field, resnet_downsampling,
                     resnet_upsampling)

__all__ = ["ImagePool", "cycle_consistency_loss", "identity_loss", "lsgan_discriminator_loss",
           "lsgan_generator_loss", "optimal_lsgan_discriminator", "PatchGANDiscriminator",
           "ResnetGenerator", "ResnetResidualBlock", "init_cyclegan_weights",
           "patchgan_receptive_field", "resnet_downsampling", "resnet_upsampling"]
