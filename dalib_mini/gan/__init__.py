"""Chapter: Generative Adversarial Nets (Goodfellow et al., NeurIPS 2014).

Modules, one idea each: ``models`` (MLP and DCGAN-style generator/discriminator pairs),
``toy`` (the 1-D game of Fig. 1, trained), ``memorisation`` (nearest training digits, Fig. 2),
``losses`` (Eq. 1: discriminator loss, minimax and non-saturating generator losses),
``theory`` (Proposition 1 and Theorem 1 on concrete densities: D*, C(G), JSD), ``training``
(Algorithm 1: one step, and the trainer), ``parzen`` (the Parzen-window log-likelihood of
Table 1, with the authors' protocol), ``evaluation`` (the judge: confidence, classes and its
features for the Frechet distance), ``data`` (the chapter's
MNIST splits), ``exercises`` (self-checks, ``dm.gan.exercises.check_*``), ``settings``
(:class:`GANSettings`, the quick/full profiles).

The chapter's constants (``ARCHITECTURES``, ``GENERATOR_LOSSES``) and its exercise checks are
reached through this namespace (``dm.gan.ARCHITECTURES``), not the package root.
"""
from . import exercises, settings  # noqa: F401  (settings registers the chapter's profiles)
from .data import GANDigits, load_gan_digits
from .evaluation import (
    SampleQuality,
    fit_gan_judge,
    gan_judge_features,
    sample_quality,
    to_unit_range,
)
from .losses import discriminator_loss, generator_loss_minimax, generator_loss_non_saturating
from .memorisation import nearest_training_digits
from .models import (
    DCGANDiscriminator,
    DCGANGenerator,
    MLPDiscriminator,
    MLPGenerator,
    init_gan_weights,
    sample_noise,
)
from .parzen import (
    ParzenEstimate,
    parzen_estimate,
    parzen_log_likelihood,
    select_parzen_bandwidth,
)
from .settings import GANSettings
from .theory import (
    jensen_shannon_divergence,
    kl_divergence,
    optimal_discriminator,
    value_function,
    virtual_training_criterion,
)
from .toy import (
    ToyDiscriminator,
    ToyGame,
    ToyGenerator,
    ToyPanel,
    plot_toy_panel,
    train_toy_game,
)
from .training import (  # noqa: F401  (the constants are dm.gan.*, not in __all__)
    ARCHITECTURES,
    GENERATOR_LOSSES,
    GANResult,
    adversarial_step,
    build_gan,
    generate,
    train_gan,
)

__all__ = ["GANSettings", "GANDigits", "load_gan_digits", "SampleQuality", "sample_quality",
           "to_unit_range", "fit_gan_judge", "gan_judge_features", "nearest_training_digits",
           "ParzenEstimate", "parzen_estimate", "ToyGenerator", "ToyDiscriminator", "ToyPanel",
           "ToyGame", "train_toy_game", "plot_toy_panel", "discriminator_loss", "generator_loss_minimax",
           "generator_loss_non_saturating", "DCGANDiscriminator", "DCGANGenerator",
           "MLPDiscriminator", "MLPGenerator", "init_gan_weights", "sample_noise",
           "parzen_log_likelihood", "select_parzen_bandwidth", "jensen_shannon_divergence",
           "kl_divergence", "optimal_discriminator", "value_function",
           "virtual_training_criterion", "GANResult", "build_gan", "adversarial_step",
           "train_gan", "generate"]
