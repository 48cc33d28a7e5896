"""GAN: ``train_gan`` (the DCGAN-style pair with both generator losses, and the paper's MLP pair)
for 2 steps, and the judge (``fit_classifier``) for 1 epoch, on 64 real MNIST digits."""
from __future__ import annotations

import dalib_mini as dm


def run(device) -> dict:
    cfg = dm.chapter_settings("gan", "quick", n_train=64, n_val=8, n_test=8, width=4,
                              latent_dim=8, mlp_latent_dim=8, mlp_hidden_g=16, mlp_hidden_d=16,
                              batch_size=16, n_snapshot=4, classifier_batch_size=32)
    data = dm.load_gan_digits(cfg.split, n_train=cfg.n_train, n_val=cfg.n_val, n_test=cfg.n_test,
                              seed=cfg.data_seed, root=dm.data_root())
    models = {}
    for architecture, loss in (("dcgan", "non_saturating"), ("dcgan", "minimax"), ("mlp", "non_saturating")):
        result = dm.train_gan(data, cfg, seed=0, device=device, architecture=architecture,
                              generator_loss=loss, steps=2, snapshot_steps=(0, 2))
        models[f"{architecture} {loss} G"] = result.generator
        models[f"{architecture} {loss} D"] = result.discriminator
    dm.seed_everything(0)
    models["judge (fit_classifier)"] = dm.fit_classifier(
        dm.SmallConvNet(), dm.to_float_images(data.train_x), data.train_y, epochs=1,
        batch_size=cfg.classifier_batch_size, lr=cfg.classifier_lr, device=device, desc="judge")
    return models
