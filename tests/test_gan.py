"""GAN chapter (Goodfellow et al., 2014): losses, theory, models, training, Parzen, exercises."""
import dataclasses
import math

import numpy as np
import pytest
import torch
from scipy.optimize import minimize_scalar
from sklearn.neighbors import KernelDensity

import dalib_mini as dm
from dalib_mini.solutions import gan as solutions


# --- losses (Eq. 1) -------------------------------------------------------------------------
def test_discriminator_loss_matches_hand_computation():
    real, fake = torch.tensor([0.0, 2.0]), torch.tensor([-1.0])
    d_real, d_fake = torch.sigmoid(real), torch.sigmoid(fake)
    want = -torch.log(d_real).mean() - torch.log(1 - d_fake).mean()
    assert torch.allclose(dm.discriminator_loss(real, fake), want, atol=1e-6)
    # D = 1/2 everywhere gives log 4
    assert math.isclose(dm.discriminator_loss(torch.zeros(3), torch.zeros(5)).item(), math.log(4), rel_tol=1e-6)


def test_generator_losses_values_and_signs():
    logits = torch.tensor([-3.0, 0.5, 4.0])
    d = torch.sigmoid(logits)
    assert torch.allclose(dm.generator_loss_minimax(logits), torch.log(1 - d).mean(), atol=1e-6)
    assert torch.allclose(dm.generator_loss_non_saturating(logits), -torch.log(d).mean(), atol=1e-6)
    assert dm.generator_loss_minimax(logits) <= 0 <= dm.generator_loss_non_saturating(logits)


def test_minimax_saturates_and_non_saturating_does_not():
    logits = torch.full((4,), -10.0, dtype=torch.float64, requires_grad=True)  # D rejects: D ~ 4.5e-5
    (g_mm,) = torch.autograd.grad(dm.generator_loss_minimax(logits), logits)
    (g_ns,) = torch.autograd.grad(dm.generator_loss_non_saturating(logits), logits)
    d = torch.sigmoid(logits.detach())
    assert torch.allclose(g_mm, -d / 4) and torch.allclose(g_ns, -(1 - d) / 4)
    assert g_mm.abs().max() < 1e-4 < 0.2 < g_ns.abs().min()


def test_losses_are_finite_at_extreme_logits_and_pass_gradcheck():
    extreme = torch.tensor([-200.0, 200.0])
    for value in (dm.discriminator_loss(extreme, extreme), dm.generator_loss_minimax(extreme),
                  dm.generator_loss_non_saturating(extreme)):
        assert torch.isfinite(value)
    x = torch.randn(5, dtype=torch.float64, requires_grad=True)
    y = torch.randn(3, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(dm.discriminator_loss, (x, y))
    assert torch.autograd.gradcheck(dm.generator_loss_non_saturating, (x,))


def test_losses_reject_integer_or_empty_logits():
    with pytest.raises(ValueError, match="fake_logits"):
        dm.generator_loss_minimax(torch.tensor([1, 2]))
    with pytest.raises(ValueError, match="real_logits"):
        dm.discriminator_loss(torch.tensor([]), torch.zeros(2))


# --- theory (Proposition 1, Theorem 1) -----------------------------------------------------------
def _gaussians_on_grid():
    x = torch.linspace(-8, 8, 4001, dtype=torch.float64)
    dx = float(x[1] - x[0])
    pdf = lambda mu, s: torch.exp(-(x - mu) ** 2 / (2 * s * s)) / (s * math.sqrt(2 * math.pi))  # noqa: E731
    return pdf(0.0, 1.0), pdf(1.5, 0.7), dx


def test_optimal_discriminator_maximizes_the_integrand_pointwise():
    p_data = torch.tensor([0.5, 0.3, 0.2, 0.0], dtype=torch.float64)
    p_g = torch.tensor([0.1, 0.3, 0.4, 0.2], dtype=torch.float64)
    d_star = dm.optimal_discriminator(p_data, p_g)
    assert torch.allclose(d_star, torch.tensor([5 / 6, 0.5, 1 / 3, 0.0], dtype=torch.float64))
    for a, b, d in zip(p_data[:3].tolist(), p_g[:3].tolist(), d_star[:3].tolist()):
        res = minimize_scalar(lambda t, a=a, b=b: -(a * math.log(t) + b * math.log(1 - t)),
                              bounds=(1e-9, 1 - 1e-9), method="bounded", options={"xatol": 1e-10})
        assert abs(res.x - d) < 1e-5


def test_virtual_criterion_equals_minus_log4_plus_twice_jsd():
    p_data, p_g, dx = _gaussians_on_grid()
    c = dm.virtual_training_criterion(p_data, p_g, dx)
    jsd = dm.jensen_shannon_divergence(p_data, p_g, dx)
    assert abs(c - (-math.log(4) + 2 * jsd)) < 1e-8
    assert 0 < jsd < math.log(2)
    # any other discriminator does worse (Proposition 1)
    assert dm.value_function(torch.full_like(p_data, 0.5), p_data, p_g, dx) < c


def test_jsd_is_zero_iff_equal_symmetric_and_log2_for_disjoint():
    p = torch.tensor([0.2, 0.8, 0.0], dtype=torch.float64)
    q = torch.tensor([0.0, 0.1, 0.9], dtype=torch.float64)
    assert dm.jensen_shannon_divergence(p, p) == 0
    assert dm.jensen_shannon_divergence(p, q) > 0
    assert torch.isclose(dm.jensen_shannon_divergence(p, q), dm.jensen_shannon_divergence(q, p))
    disjoint = dm.jensen_shannon_divergence(torch.tensor([1.0, 0.0], dtype=torch.float64),
                                            torch.tensor([0.0, 1.0], dtype=torch.float64))
    assert abs(disjoint - math.log(2)) < 1e-12
    with pytest.raises(ValueError, match="same shape"):
        dm.jensen_shannon_divergence(p, q[:2])


# --- models --------------------------------------------------------------------------------------
@pytest.mark.parametrize("pair", [(dm.DCGANGenerator(16, 8), dm.DCGANDiscriminator(8)),
                                  (dm.MLPGenerator(10, 32), dm.MLPDiscriminator(16))])
def test_generator_output_range_and_shapes(pair):
    gen, disc = pair
    z = dm.sample_noise(5, gen.latent_dim, generator=torch.Generator().manual_seed(0)) * 50
    x = gen(z)
    assert x.shape == (5, 1, 28, 28) and x.min() >= -1 and x.max() <= 1
    assert disc(x).shape == (5,)
    with pytest.raises(ValueError, match="z must have shape"):
        gen(torch.zeros(5, gen.latent_dim + 1))
    with pytest.raises(ValueError, match="images must have shape"):
        disc(torch.zeros(5, 1, 32, 32))


def _tiny_digits(train_x: torch.Tensor) -> dm.GANDigits:
    """A GANDigits whose training split is ``train_x`` (uint8); the other splits are unused."""
    labels = torch.zeros(len(train_x), dtype=torch.int64)
    return dm.GANDigits(train_x, labels, train_x[:2], labels[:2], train_x[:2], labels[:2])


def _tiny_settings(**overrides) -> dm.GANSettings:
    return dm.chapter_settings("gan", "quick", **{
        "latent_dim": 8, "width": 4, "mlp_latent_dim": 8, "mlp_hidden_g": 16, "mlp_hidden_d": 16,
        "batch_size": 16, "n_snapshot": 4, **overrides})


def _random_digits(n: int = 64) -> dm.GANDigits:
    return _tiny_digits(torch.randint(0, 256, (n, 1, 28, 28), dtype=torch.uint8,
                                      generator=torch.Generator().manual_seed(0)))


def test_train_gan_updates_both_nets_and_logs_history():
    cfg, data = _tiny_settings(), _random_digits()
    dm.seed_everything(0)
    before_g, before_d = (list(net.parameters()) for net in dm.build_gan(cfg))
    run = dm.train_gan(data, cfg, seed=0, device="cpu", steps=3, snapshot_steps=(0, 3))
    assert isinstance(run, dm.GANResult)
    assert len(run.history) == 3 and set(run.snapshots) == {0, 3}
    assert run.snapshots[3].shape == (4, 1, 28, 28)
    assert set(run.history.frame().columns) >= {"d_loss", "g_loss", "d_real", "d_fake", "g_grad_norm"}
    # the trainer builds its nets after seeding, G then D: its initial nets are build_gan's
    assert all(a.shape == b.shape and not torch.equal(a, b)
               for a, b in zip(before_g, run.generator.parameters()))
    assert any(not torch.equal(a, b) for a, b in zip(before_d, run.discriminator.parameters()))
    assert not run.generator.training and not run.discriminator.training
    with pytest.raises(ValueError, match="generator_loss"):
        dm.train_gan(data, cfg, seed=0, device="cpu", steps=1, generator_loss="wasserstein")
    with pytest.raises(ValueError, match="architecture"):
        dm.train_gan(data, cfg, seed=0, device="cpu", steps=1, architecture="resnet")
    with pytest.raises(ValueError, match="decay_from"):
        dm.train_gan(data, dataclasses.replace(cfg, decay_from=1.5), seed=0, device="cpu", steps=1)
    with pytest.raises(ValueError, match="batch_size"):
        dm.train_gan(_random_digits(8), cfg, seed=0, device="cpu", steps=1)


def test_train_gan_seeds_itself_and_builds_g_then_d():
    cfg, data = _tiny_settings(), _random_digits()
    for architecture in dm.gan.ARCHITECTURES:
        untrained = dm.train_gan(data, cfg, seed=3, device="cpu", steps=0, architecture=architecture)
        dm.seed_everything(3)
        g, d = dm.build_gan(cfg, architecture)
        for built, got in ((g, untrained.generator), (d, untrained.discriminator)):
            assert all(torch.equal(a, b) for a, b in zip(built.state_dict().values(),
                                                         got.state_dict().values()))
    torch.manual_seed(123)  # the global state before the call does not matter
    a = dm.train_gan(data, cfg, seed=1, device="cpu", steps=3, architecture="mlp")
    b = dm.train_gan(data, cfg, seed=1, device="cpu", steps=3, architecture="mlp")
    c = dm.train_gan(data, cfg, seed=2, device="cpu", steps=3, architecture="mlp")
    assert a.history.frame().equals(b.history.frame())
    assert not a.history.frame().equals(c.history.frame())


def test_adversarial_step_updates_d_k_times_then_g_once():
    cfg = _tiny_settings()
    torch.manual_seed(0)
    gen, disc = dm.build_gan(cfg)
    images = torch.rand(32, 1, 28, 28) * 2 - 1
    opt_g = torch.optim.Adam(gen.parameters(), lr=1e-3)
    opt_d = torch.optim.Adam(disc.parameters(), lr=1e-3)
    before_g = [p.clone() for p in gen.parameters()]
    out = dm.adversarial_step(gen, disc, images, opt_g, opt_d, generator_loss="minimax",
                              batch_size=8, d_steps=2, rng=torch.Generator().manual_seed(0), step=1)
    assert set(out) == {"d_loss", "g_loss", "d_real", "d_fake"}
    assert all(v.ndim == 0 and torch.isfinite(v) for v in out.values())
    assert out["g_loss"] <= 0 and 0 < out["d_fake"] < 1  # the minimax G loss is mean log(1 - D)
    steps_d = {int(s["step"]) for s in opt_d.state.values()}
    steps_g = {int(s["step"]) for s in opt_g.state.values()}
    assert steps_d == {2} and steps_g == {1}
    assert all(not torch.equal(a, b) for a, b in zip(before_g, gen.parameters()))
    assert all(p.grad is None for p in disc.parameters())  # D's gradients from the G step are discarded


def test_discriminator_learns_to_separate_an_easy_fake():
    """With a frozen, bad generator (lr_g = 0), D's loss falls below log 4 = its value at D = 1/2."""
    images = torch.zeros(128, 1, 28, 28, dtype=torch.uint8)
    images[:, :, 10:18, 10:18] = 255  # "digits" = a white square
    cfg = _tiny_settings(batch_size=32, lr_g=0.0, lr_d=1e-3)
    run = dm.train_gan(_tiny_digits(images), cfg, seed=0, device="cpu", steps=30)
    assert run.history.last("d_loss") < 0.5 * math.log(4)
    assert run.history.last("d_real") > 0.8 > 0.2 > run.history.last("d_fake")


# --- Parzen window (Table 1) ---------------------------------------------------------------------
def test_parzen_matches_sklearn_kernel_density():
    rng = np.random.default_rng(0)
    centers, points = rng.random((40, 5)), rng.random((15, 5))
    for sigma in (0.1, 0.4):
        kde = KernelDensity(kernel="gaussian", bandwidth=sigma).fit(centers)
        want = kde.score_samples(points)
        got = dm.parzen_log_likelihood(torch.from_numpy(points), torch.from_numpy(centers), sigma,
                                       reduce=False, batch_size=4)
        np.testing.assert_allclose(got.numpy(), want, atol=1e-8)


def test_parzen_batches_do_not_change_the_values():
    g = torch.Generator().manual_seed(1)
    centers, points = torch.rand(30, 4, generator=g), torch.rand(23, 4, generator=g)
    a = dm.parzen_log_likelihood(points, centers, 0.2, reduce=False, batch_size=5)
    b = dm.parzen_log_likelihood(points, centers, 0.2, reduce=False, batch_size=1000)
    assert a.shape == (23,) and torch.allclose(a, b, atol=1e-12)


def test_parzen_estimate_follows_the_authors_protocol():
    """sigma = argmax of the validation score, test LL under that sigma, se = std / sqrt(n)."""
    rng = np.random.default_rng(0)
    centers, val, test = rng.random((60, 5)), rng.random((25, 5)), rng.random((40, 5))
    sigmas = np.logspace(-1, 0, 10)
    val_scores = [KernelDensity(bandwidth=s).fit(centers).score_samples(val).mean() for s in sigmas]
    best = sigmas[int(np.argmax(val_scores))]
    per_point = KernelDensity(bandwidth=best).fit(centers).score_samples(test)
    est = dm.parzen_estimate(*(torch.from_numpy(a) for a in (centers, val, test)), list(sigmas))
    assert isinstance(est, dm.ParzenEstimate)
    assert math.isclose(est.sigma, best) and math.isclose(est.ll, per_point.mean(), abs_tol=1e-8)
    assert math.isclose(est.se, per_point.std() / math.sqrt(len(test)), rel_tol=1e-8)
    assert (est.n_samples, est.n_val, est.n_test) == (60, 25, 40)
    assert est.validation_scores[est.sigma] == max(est.validation_scores.values())


def test_bandwidth_selection_picks_the_validation_maximum():
    g = torch.Generator().manual_seed(0)
    centers = torch.randn(200, 2, generator=g)
    val = torch.randn(100, 2, generator=g)
    best, scores = dm.select_parzen_bandwidth(val, centers, [0.01, 0.3, 5.0])
    assert best == 0.3 and scores[0.3] > max(scores[0.01], scores[5.0])
    with pytest.raises(ValueError, match="sigma"):
        dm.parzen_log_likelihood(val, centers, 0.0)


# --- evaluation, memorisation, data --------------------------------------------------------------
def test_nearest_training_digits_finds_copies_and_distances():
    g = torch.Generator().manual_seed(0)
    training = torch.rand(50, 1, 28, 28, generator=g)
    queries = torch.cat([training[[7, 3]], training[[11]] + 0.1])
    dist, idx = dm.nearest_training_digits(queries, training, batch_size=2)
    assert idx[:2].tolist() == [7, 3] and torch.allclose(dist[:2], torch.zeros(2, dtype=dist.dtype), atol=1e-5)
    assert idx[2] == 11 and math.isclose(float(dist[2]), 0.1 * 28, rel_tol=1e-6)  # sqrt(784 * 0.01)
    with pytest.raises(ValueError, match="one shape"):
        dm.nearest_training_digits(queries, training.flatten(1))
    with pytest.raises(ValueError, match="queries"):
        dm.nearest_training_digits(torch.zeros(0, 1, 28, 28), training)


def _judge_data(n=64):
    g = torch.Generator().manual_seed(0)
    return (torch.randint(0, 256, (n, 1, 28, 28), dtype=torch.uint8, generator=g),
            torch.randint(0, 10, (n,), generator=g))


def test_fit_gan_judge_depends_only_on_its_own_seed():
    x, y = _judge_data()
    kw = dict(epochs=1, batch_size=16, lr=1e-3, device="cpu")
    torch.manual_seed(1)
    a = dm.fit_gan_judge(x, y, seed=5, **kw)
    torch.manual_seed(2)  # another global state before the call
    b = dm.fit_gan_judge(x, y, seed=5, **kw)
    c = dm.fit_gan_judge(x, y, seed=6, **kw)
    assert all(torch.equal(p, q) for p, q in zip(a.state_dict().values(), b.state_dict().values()))
    assert not all(torch.equal(p, q) for p, q in zip(a.state_dict().values(), c.state_dict().values()))
    assert not a.training
    with pytest.raises(ValueError, match="seed"):
        dm.fit_gan_judge(x, y, seed=None, **kw)


def test_gan_judge_features_are_the_input_of_the_head():
    x, y = _judge_data(16)
    judge = dm.fit_gan_judge(x, y, epochs=1, batch_size=8, lr=1e-3, seed=0, device="cpu")
    images = dm.to_float_images(x)
    feats = dm.gan_judge_features(judge, images, batch_size=5)
    assert feats.shape == (16, 1024)
    with torch.no_grad():
        assert torch.allclose(judge.head(feats), judge(images), atol=1e-5)  # eval mode: dropout off
    with pytest.raises(ValueError, match="images"):
        dm.gan_judge_features(judge, images * 2 - 1)  # generator range, not [0, 1]
    with pytest.raises(ValueError, match="judge"):
        dm.gan_judge_features(torch.nn.Linear(2, 2), images)


def test_frechet_distance_of_judge_features_separates_noise_from_digits():
    x, y = _judge_data(64)
    judge = dm.fit_gan_judge(x, y, epochs=1, batch_size=16, lr=1e-3, seed=0, device="cpu")
    real = dm.gan_judge_features(judge, dm.to_float_images(x[:32]))
    same = dm.gan_judge_features(judge, dm.to_float_images(x[32:]))
    blank = dm.gan_judge_features(judge, torch.zeros(32, 1, 28, 28))
    assert dm.frechet_distance(same, real) < dm.frechet_distance(blank, real)


def test_train_gan_keeps_generator_checkpoints():
    cfg, data = _tiny_settings(), _random_digits()
    run = dm.train_gan(data, cfg, seed=0, device="cpu", steps=4, checkpoint_steps=(2,))
    assert set(run.checkpoints) == {2}
    early = run.generator_at(2)
    z = torch.randn(3, cfg.latent_dim)
    with torch.no_grad():
        assert not torch.allclose(early(z), run.generator(z))
    assert not early.training and early is not run.generator
    with pytest.raises(ValueError, match="checkpoint steps"):
        run.generator_at(3)


def test_gan_digits_train_split_follows_the_paper(mirror_root):
    d = dm.load_gan_digits("train", n_train=200, n_val=30, n_test=40, seed=0, root=mirror_root)
    x, _ = dm.load_mnist("train", root=mirror_root)
    tx, _ = dm.load_mnist("test", root=mirror_root)
    assert torch.equal(d.val_x, x[50_000:50_030]) and torch.equal(d.test_x, tx[:40])
    first = {bytes(row.numpy()) for row in x[:50_000].flatten(1)}
    assert d.train_x.shape == (200, 1, 28, 28)
    assert all(bytes(row.numpy()) in first for row in d.train_x.flatten(1))  # drawn from the first 50k
    with pytest.raises(ValueError, match="n_train"):
        dm.load_gan_digits("train", n_train=50_001, n_val=1, n_test=1, seed=0, root=mirror_root)


# --- the 1-D game of Fig. 1 ---------------------------------------------------------------------
def test_toy_game_panels_and_trained_d_near_d_star():
    cfg = dm.chapter_settings("gan", "quick", toy_warmup_steps=20, toy_inner_steps=600,
                              toy_game_steps=50, toy_kde_samples=5000)
    game = dm.train_toy_game(cfg, seed=0, device="cpu")
    assert set(game.panels) == {"a", "b", "c", "d"} and len(game.inner_history) == 600
    b = game.panels["b"]
    assert b.x.shape == b.p_data.shape == b.p_g.shape == b.d.shape
    assert game.panels["a"].step == b.step == 20 and game.panels["d"].step == 70
    d_star = dm.optimal_discriminator(b.p_data, b.p_g)
    mix = (b.p_data + b.p_g) / 2
    err = (b.d - d_star)[mix >= 0.1 * mix.max()].abs().max()
    assert err < 0.1  # D trained with G fixed approaches Eq. 2 (the notebook asks 0.05 of a longer run)
    with pytest.raises(ValueError, match="toy_inner_steps"):
        dm.train_toy_game(dataclasses.replace(cfg, toy_inner_steps=0), seed=0, device="cpu")
    with pytest.raises(ValueError, match=r"z must have shape"):
        dm.ToyGenerator()(torch.zeros(3, 2))

def test_sample_quality_counts_classes():
    class Fixed(torch.nn.Module):
        def forward(self, x):
            logits = torch.full((len(x), 3), -20.0)
            logits[torch.arange(len(x)), torch.arange(len(x)) % 2] = 20.0
            return logits
    q = dm.sample_quality(Fixed(), torch.rand(10, 1, 28, 28))
    assert q.confidence > 0.99 and q.class_coverage == 0.0
    assert q.class_fractions.tolist() == [0.5, 0.5, 0.0]
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        dm.sample_quality(Fixed(), torch.rand(4, 1, 28, 28) * 2 - 1)


def test_gan_digits_split_is_disjoint_on_the_mirror(mirror_root):
    d = dm.load_gan_digits("test", n_train=100, n_val=20, n_test=30, seed=0, root=mirror_root)
    assert d.train_x.shape == (100, 1, 28, 28) and len(d.val_y) == 20 and len(d.test_y) == 30
    flat = torch.cat([d.train_x, d.val_x, d.test_x]).flatten(1)
    assert len(torch.unique(flat, dim=0)) == 150


def test_settings_carry_both_profiles():
    quick, full = dm.chapter_settings("gan", "quick"), dm.chapter_settings("gan", "full")
    assert type(quick) is type(full) is dm.GANSettings
    assert quick.split == full.split == "train" and full.n_parzen_samples == 10_000
    # the authors' Parzen protocol: sigma over logspace(-1, 0, 10), 1,000 validation digits
    for cfg in (quick, full):
        np.testing.assert_allclose(cfg.parzen_sigmas, np.logspace(-1, 0, 10))
        assert cfg.n_parzen_val == 1000 and cfg.n_test == 10_000
    assert dm.chapter_settings("gan", "quick", steps=5).steps == 5
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.steps = 5
    with pytest.raises(KeyError, match="unknown setting"):
        dm.chapter_settings("gan", "quick", lr=1e-3)


# --- exercises -----------------------------------------------------------------------------------
@pytest.mark.parametrize("check, good, bad", [
    (dm.gan.exercises.check_optimal_discriminator, solutions.optimal_discriminator, lambda p, q: q / (p + q)),
    (dm.gan.exercises.check_non_saturating_loss, solutions.non_saturating_loss,
     lambda logits: torch.log(1 - torch.sigmoid(logits)).mean()),
    (dm.gan.exercises.check_jensen_shannon, solutions.jensen_shannon, lambda p, q: ((p - q) ** 2).sum()),
    (dm.gan.exercises.check_parzen_log_likelihood, solutions.parzen_log_likelihood,
     lambda x, c, s: torch.logsumexp(-torch.cdist(x, c) ** 2 / (2 * s * s), 1).mean()),
])
def test_exercise_checks_accept_solutions_and_reject_wrong_answers(check, good, bad):
    assert not hasattr(dm, check.__name__)  # checks live in dm.gan.exercises, not at the root
    check(good)
    with pytest.raises(AssertionError):
        check(bad)
