"""Chapter: CycleGAN — unpaired image-to-image translation with cycle consistency
(Zhu, Park, Isola, Efros, ICCV 2017).

Modules: ``models`` (ResNet generator, PatchGAN discriminator), ``losses`` (LSGAN, cycle,
identity), ``image_pool`` (history of fakes for the discriminators), ``training`` (the
alternating updates, :func:`train_cyclegan`, generic over any two unpaired image sets),
``data`` (unpaired MNIST <-> MNIST-M), ``content`` (the digit judges and the label-kept
score, the FCN-score on digits), ``style`` (the Fréchet distance in the judge's features and
the background diversity: is the target's style carried over?),
``parallel`` (:func:`train_cyclegan_runs`, independent runs side by side on a CPU),
``settings`` (:class:`TranslatorSettings`, :class:`CycleGANSettings`, the quick / full profiles), ``exercises``
(self-checks for the notebook, ``dm.cyclegan.exercises.check_*``).
"""
from . import exercises  # noqa: F401  (dm.cyclegan.exercises.check_*)
from .content import DigitJudges, judge_accuracy, label_kept_fraction, train_digit_judges
from .data import UnpairedDigits, load_unpaired_digits
from .image_pool import ImagePool
from .losses import (
    cycle_consistency_loss,
    identity_loss,
    lsgan_discriminator_loss,
    lsgan_generator_loss,
    optimal_lsgan_discriminator,
)
from .models import (
    PatchGANDiscriminator,
    ResnetGenerator,
    ResnetResidualBlock,
    init_cyclegan_weights,
    patchgan_receptive_field,
    resnet_downsampling,
    resnet_upsampling,
)
from .parallel import train_cyclegan_runs
from .settings import CycleGANSettings, TranslatorSettings
from .style import (
    background_colours,
    background_diversity,
    digit_judge_features,
    judge_feature_frechet_distance,
)
from .training import (
    CycleGANNets,
    CycleGANRun,
    build_cyclegan,
    cyclegan_adam,
    cyclegan_step,
    linear_decay_factor,
    train_cyclegan,
    translate_images,
)

__all__ = ["CycleGANSettings", "TranslatorSettings", "cyclegan_step", "train_cyclegan_runs", "background_diversity", "background_colours",
           "digit_judge_features", "judge_feature_frechet_distance", "ImagePool", "cycle_consistency_loss", "identity_loss",
           "lsgan_discriminator_loss", "lsgan_generator_loss", "optimal_lsgan_discriminator",
           "PatchGANDiscriminator", "ResnetGenerator", "ResnetResidualBlock",
           "init_cyclegan_weights", "patchgan_receptive_field", "resnet_downsampling",
           "resnet_upsampling", "CycleGANNets", "CycleGANRun", "build_cyclegan", "cyclegan_adam",
           "linear_decay_factor", "train_cyclegan", "translate_images",
           "UnpairedDigits", "load_unpaired_digits",
           "DigitJudges", "train_digit_judges", "label_kept_fraction", "judge_accuracy"]
