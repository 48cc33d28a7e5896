"""The ``full`` profile of each chapter states the paper's own numbers.

Each value below is one the paper (or the authors' released script) states; the comment names
where. A change to a chapter's full settings that departs from the paper fails here, so it has
to be made on purpose (and then listed in the chapter's box of departures).
"""
import numpy as np
import pytest

import dalib_mini as dm


@pytest.fixture(autouse=True)
def _no_smoke(monkeypatch):
    monkeypatch.delenv("DALIB_MINI_SMOKE", raising=False)


def test_gan_full_settings_follow_goodfellow_2014():
    cfg = dm.chapter_settings("gan", "full")
    assert cfg.d_steps == 1                     # Algorithm 1: k = 1 in the experiments
    assert cfg.n_parzen_samples == 10_000       # Sec. 5 / Table 1: Parzen window on 10,000 samples
    assert cfg.n_val == 10_000                  # parzen script: sigma chosen on the last 10,000 train digits
    assert cfg.split == "train" and cfg.n_train + cfg.n_val == 60_000
    np.testing.assert_allclose(sorted(cfg.parzen_sigmas), np.logspace(-1, 0, 10))  # that script's grid


def test_dann_full_settings_follow_ganin_lempitsky_2015():
    cfg = dm.chapter_settings("dann", "full")
    # ICML 2015, Sec. 4.1 "Training procedure": SGD, momentum 0.9,
    # mu_p = mu_0 / (1 + alpha p)^beta with mu_0 = 0.01, alpha = 10, beta = 0.75,
    # lambda_p = 2 / (1 + exp(-gamma p)) - 1 with gamma = 10
    assert cfg.optimizer == "sgd" and cfg.momentum == 0.9
    assert (cfg.lr0, cfg.lr_alpha, cfg.lr_beta) == (0.01, 10.0, 0.75)
    assert cfg.gamma == 10.0 and cfg.lambda_max == 1.0 and cfg.domain_loss_weight == 1.0
    # the MNIST -> MNIST-M protocol: all MNIST training digits labelled, all MNIST-M training
    # images unlabelled, the MNIST-M test split for evaluation
    assert cfg.source_split == "train"
    assert cfg.n_source is None and cfg.n_target is None and cfg.n_test is None


def test_autorec_full_settings_follow_sedhain_2015():
    cfg = dm.chapter_settings("autorec", "full")
    assert cfg.hidden == 500                    # Sec. 3: k = 500 hidden units
    assert cfg.test_fraction == 0.1             # Sec. 3: random 90 % / 10 % train/test splits
    assert (cfg.hidden_activation, cfg.output_activation) == ("sigmoid", "identity")  # Table 1(a)
    assert cfg.optimizer == "rprop"             # Sec. 2: resilient propagation
    assert {0.001, 0.01, 0.1, 1.0, 100.0, 1000.0} <= set(cfg.lam_grid)  # Sec. 3: lambda grid


def test_cyclegan_full_settings_follow_zhu_2017():
    cfg = dm.chapter_settings("cyclegan", "full")
    # ICCV 2017, Sec. 3.1/4 and Appendix 7.1: Adam, batch size 1, learning rate 0.0002,
    # lambda = 10, a buffer of the 50 latest generated images; beta1 = 0.5 is the authors' code
    assert cfg.lr == 2e-4 and tuple(cfg.betas) == (0.5, 0.999)
    assert cfg.batch_size == 1 and cfg.lambda_cycle == 10.0 and cfg.pool_size == 50
    assert cfg.lambda_identity == 0.5           # Sec. 5.2: identity weight 0.5 lambda


def test_srdc_full_settings_follow_the_authors_code():
    cfg = dm.chapter_settings("srdc", "full")
    # github.com/Gorilla-Lab-SCUT/SRDC-CVPR2020, opts.py: --batch_size 64, --lr 1e-2,
    # --momentum 0.9, --alpha 1.0 (degrees of freedom of the Student-t kernel), --beta 1.0
    # (weight of the auxiliary target distribution); trainer.py, adjust_learning_rate "dao":
    # lr / (1 + 10 p)^0.75. The chapter's digits network and budget are not the paper's
    # (Office-31 with ResNet-50): they are the DANN chapter's, listed in the chapter's box.
    assert cfg.optimizer == "sgd" and cfg.momentum == 0.9
    assert (cfg.lr0, cfg.lr_alpha, cfg.lr_beta) == (0.01, 10.0, 0.75)
    assert cfg.batch_size == 64 and cfg.student_t_alpha == 1.0
    assert cfg.target_weight == cfg.feature_weight == cfg.source_weight == 1.0
    # k-means on every target training image once per epoch (main.py), all data used
    assert cfg.n_cluster_fit is None and cfg.n_source is None and cfg.n_target is None
    # the DANN start is the DANN chapter's full profile
    dann = dm.chapter_settings("dann", "full")
    assert (cfg.dann_gamma, cfg.dann_lambda_max) == (dann.gamma, dann.lambda_max)


def test_auggan_full_settings_train_like_cyclegan():
    # AugGAN is trained with CycleGAN's recipe (Adam, lr 2e-4, beta1 0.5, lambda = 10, a pool of
    # 50 past fakes; dalib_mini/auggan/settings.py cites the paper's Sec. 4); the full profile's
    # images, widths and batch are the course's (its box lists them)
    cfg, cyclegan = dm.chapter_settings("auggan", "full"), dm.chapter_settings("cyclegan", "full")
    assert (cfg.lr, tuple(cfg.betas)) == (cyclegan.lr, tuple(cyclegan.betas)) == (2e-4, (0.5, 0.999))
    assert cfg.lambda_cycle == cyclegan.lambda_cycle == 10.0
    assert cfg.pool_size == cyclegan.pool_size == 50
    assert set(cfg.cycle_directions) == {"forward", "backward"}  # both cycles, as in CycleGAN


def test_amn_full_settings_follow_the_authors_code():
    cfg = dm.chapter_settings("amn", "full")
    # all 12 ordered pairs of the four Amazon domains (books, dvd, electronics, kitchen)
    assert len(cfg.pairs) == 12 and len({s for s, _ in cfg.pairs} | {t for _, t in cfg.pairs}) == 4
    # github.com/hsqmlzno1/HATN (the AMN authors' later code, which cites AMN), config.py:
    # batch_size 50, embed_size 300 with the 300-d GoogleNews word2vec vectors. The reversal
    # coefficient ramps with DANN's lambda_p schedule (Ganin & Lempitsky 2015: gamma = 10)
    assert cfg.batch_size == 50 and cfg.embed_dim == 300 and cfg.gamma == 10.0


def test_deepcc_full_settings_follow_the_authors_code():
    cfg = dm.chapter_settings("deepcc", "full")
    # github.com/dongkuanx27/Deep-Co-Clustering, DeepCC/Code/main_coil20.py:
    # ae_config = [1024, 500, 200, 100, 40] (input, hidden layers, code) for both autoencoders
    for name, run in cfg.runs.items():
        assert run.hidden == (500, 200, 100) and run.n_code == 40, name
    assert set(cfg.runs) == set(cfg.datasets)
