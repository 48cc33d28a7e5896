"""Chapter: Generative Adversarial Nets (Goodfellow et al., NeurIPS 2014).

Modules, one idea each: ``models`` (MLP and DCGAN-style generator/discriminator pairs),
``losses`` (Eq. 1: discriminator loss, minimax and non-saturating generator losses),
``theory`` (Proposition 1 and Theorem 1 on concrete densities: D*, C(G), JSD), ``training``
(Algorithm 1), ``parzen`` (the Parzen-window log-likelihood of Table 1), ``evaluation``
(judging samples with a frozen classifier), ``data`` (the chapter's MNIST splits),
``exercises`` (self-checks), ``settings`` (quick/full profiles).
"""
from . import settings  # noqa: F401  (registers the chapter's profiles)
from .data import GANDigits, load_gan_digits
from .evaluation import SampleQuality, sample_quality, to_unit_range
from .exercises import (
    check_jensen_shannon,
    check_non_saturating_loss,
    check_optimal_discriminator,
    check_parzen_log_likelihood,
)
from .losses import discriminator_loss, generator_loss_minimax, generator_loss_non_saturating
from .models import (
    DCGANDiscriminator,
    DCGANGenerator,
    MLPDiscriminator,
    MLPGenerator,
    init_gan_weights,
    sample_noise,
)
from .parzen import parzen_log_likelihood, select_parzen_bandwidth
from .theory import (
    jensen_shannon_divergence,
    kl_divergence,
    optimal_discriminator,
    value_function,
    virtual_training_criterion,
)
from .training import GANRun, generate, train_gan

__all__ = ["GANDigits", "load_gan_digits", "SampleQuality", "sample_quality", "to_unit_range",
           "check_jensen_shannon", "check_non_saturating_loss", "check_optimal_discriminator",
           "check_parzen_log_likelihood", "discriminator_loss", "generator_loss_minimax",
           "generator_loss_non_saturating", "DCGANDiscriminator", "DCGANGenerator",
           "MLPDiscriminator", "MLPGenerator", "init_gan_weights", "sample_noise",
           "parzen_log_likelihood", "select_parzen_bandwidth", "jensen_shannon_divergence",
           "kl_divergence", "optimal_discriminator", "value_function",
           "virtual_training_criterion", "GANRun", "generate", "train_gan"]
