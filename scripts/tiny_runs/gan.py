"""GAN: ``train_gan`` (the DCGAN-style pair with both generator losses, and the paper's MLP pair)
for 2 steps, the judge (``fit_gan_judge``) for 1 epoch on 64 real MNIST digits, and the 1-D
game of Fig. 1 (``train_toy_game``) for a few steps."""
from __future__ import annotations

import dalib_mini as dm


def run(device) -> dict:
    cfg = dm.chapter_settings("gan", "quick", n_train=64, n_val=8, n_test=8, width=4,
                              latent_dim=8, mlp_latent_dim=8, mlp_hidden_g=16, mlp_hidden_d=16,
                              batch_size=16, n_snapshot=4, classifier_batch_size=32,
                              toy_warmup_steps=2, toy_inner_steps=2, toy_game_steps=2,
                              toy_kde_samples=100, toy_batch_size=16)
    data = dm.load_gan_digits(cfg.split, n_train=cfg.n_train, n_val=cfg.n_val, n_test=cfg.n_test,
                              seed=cfg.data_seed, root=dm.data_root())
    models = {}
    for architecture, loss in (("dcgan", "non_saturating"), ("dcgan", "minimax"), ("mlp", "non_saturating")):
        result = dm.train_gan(data, cfg, seed=0, device=device, architecture=architecture,
                              generator_loss=loss, steps=2, snapshot_steps=(0, 2), checkpoint_steps=(1,))
        models[f"{architecture} {loss} G"] = result.generator
        models[f"{architecture} {loss} D"] = result.discriminator
    models["judge (fit_gan_judge)"] = dm.fit_gan_judge(
        data.train_x, data.train_y, epochs=1, batch_size=cfg.classifier_batch_size,
        lr=cfg.classifier_lr, seed=cfg.judge_seed, device=device)
    toy = dm.train_toy_game(cfg, seed=0, device=device)
    models["toy G"], models["toy D"] = toy.generator, toy.discriminator
    return models
