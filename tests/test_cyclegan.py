"""Specifications of the CycleGAN chapter: networks, losses, pool, schedule, training, data."""
import dataclasses
import math

import pytest
import torch

import dalib_mini as dm
from dalib_mini.cyclegan import (
    ImagePool,
    PatchGANDiscriminator,
    ResnetGenerator,
    build_cyclegan,
    cycle_consistency_loss,
    identity_loss,
    label_kept_fraction,
    linear_decay_factor,
    lsgan_discriminator_loss,
    lsgan_generator_loss,
    optimal_lsgan_discriminator,
    patchgan_receptive_field,
    train_cyclegan,
    train_digit_judges,
)
from dalib_mini.cyclegan.training import update_generators

# --- networks -------------------------------------------------------------------------------

def test_generator_maps_between_channel_counts_and_keeps_the_size():
    torch.manual_seed(0)
    net = ResnetGenerator(in_channels=1, out_channels=3, width=4, num_res_blocks=1)
    out = net(torch.rand(2, 1, 32, 32) * 2 - 1)
    assert out.shape == (2, 3, 32, 32)
    assert out.abs().max() <= 1.0
    assert net.encode(torch.zeros(2, 1, 32, 32)).shape == (2, 16, 8, 8)


def test_generator_rejects_wrong_channels_and_indivisible_sizes():
    net = ResnetGenerator(3, 3, width=4, num_res_blocks=1)
    with pytest.raises(ValueError, match="shape"):
        net(torch.zeros(1, 1, 32, 32))
    with pytest.raises(ValueError, match="divisible"):
        net(torch.zeros(1, 3, 30, 30))


def test_patchgan_scores_patches_with_the_documented_receptive_field():
    disc = PatchGANDiscriminator(3, width=4, num_layers=2)
    assert disc(torch.zeros(2, 3, 32, 32)).shape == (2, 1, 6, 6)
    assert patchgan_receptive_field(3) == 70  # the paper's 70x70 PatchGAN
    assert patchgan_receptive_field(2) == 34 and patchgan_receptive_field(1) == 16


# --- losses ---------------------------------------------------------------------------------

def test_cycle_loss_is_zero_for_an_invertible_linear_map_and_its_inverse():
    torch.manual_seed(0)
    a = torch.randn(3, 3, dtype=torch.float64) + 3 * torch.eye(3, dtype=torch.float64)
    x = torch.randn(5, 3, 4, 4, dtype=torch.float64)
    g = lambda t: torch.einsum("ij,njhw->nihw", a, t)  # noqa: E731
    f = lambda t: torch.einsum("ij,njhw->nihw", torch.linalg.inv(a), t)  # noqa: E731
    assert cycle_consistency_loss(x, f(g(x))).item() == pytest.approx(0.0, abs=1e-12)
    # Not an inverse: a perturbed F leaves a positive loss.
    f_wrong = lambda t: torch.einsum("ij,njhw->nihw", torch.linalg.inv(a) + 0.1, t)  # noqa: E731
    assert cycle_consistency_loss(x, f_wrong(g(x))).item() > 1e-3


def test_cycle_and_identity_losses_are_mean_absolute_errors():
    x = torch.tensor([[[[0.0, 1.0]]]])
    y = torch.tensor([[[[0.5, -1.0]]]])
    assert cycle_consistency_loss(x, y).item() == pytest.approx((0.5 + 2.0) / 2)
    assert identity_loss(x, y).item() == pytest.approx((0.5 + 2.0) / 2)
    with pytest.raises(ValueError, match="same shape"):
        cycle_consistency_loss(x, torch.zeros(1, 1, 1, 3))


def test_lsgan_losses_have_their_known_values_and_gradients():
    real = torch.tensor([1.0, 0.5], dtype=torch.float64, requires_grad=True)
    fake = torch.tensor([0.0, 0.5], dtype=torch.float64, requires_grad=True)
    # 0.5 * (mean((real-1)^2) + mean(fake^2)) = 0.5 * (0.125 + 0.125)
    assert lsgan_discriminator_loss(real, fake).item() == pytest.approx(0.125)
    assert lsgan_generator_loss(fake).item() == pytest.approx((1 + 0.25) / 2)
    assert lsgan_discriminator_loss(torch.ones(3), torch.zeros(3)).item() == 0.0
    assert torch.autograd.gradcheck(lsgan_discriminator_loss, (real, fake))
    assert torch.autograd.gradcheck(lsgan_generator_loss, (fake,))


def test_optimal_lsgan_discriminator_minimises_the_loss_on_two_gaussians():
    # Two densities on a grid (a little uniform mass keeps every point visible); fit an
    # unconstrained D, one value per point, by minimising the expected LSGAN loss.
    grid = torch.linspace(-3, 3, 25, dtype=torch.float64)
    p_data = torch.exp(-0.5 * (grid - 1) ** 2) + 0.05
    p_g = torch.exp(-0.5 * ((grid + 1) / 1.5) ** 2) / 1.5 + 0.05
    p_data, p_g = p_data / p_data.sum(), p_g / p_g.sum()
    d = torch.zeros_like(grid, requires_grad=True)
    optimizer = torch.optim.LBFGS([d], max_iter=500, tolerance_grad=1e-15,
                                  tolerance_change=0.0, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = 0.5 * ((p_data * (d - 1) ** 2).sum() + (p_g * d ** 2).sum())
        loss.backward()
        return loss

    optimizer.step(closure)
    expected = optimal_lsgan_discriminator(p_data, p_g)
    torch.testing.assert_close(d.detach(), expected, atol=1e-5, rtol=0)
    assert expected[grid == 1.0].item() > 0.5 > expected[grid == -1.0].item()
    with pytest.raises(ValueError, match="non-negative"):
        optimal_lsgan_discriminator(-p_data, p_g)


# --- image pool -----------------------------------------------------------------------------

def test_pool_returns_new_images_until_full_then_past_ones_with_the_swap_probability():
    pool = ImagePool(pool_size=10, swap_probability=0.5, generator=torch.Generator().manual_seed(0))
    first = torch.arange(10.0).view(10, 1)
    assert torch.equal(pool.query(first), first) and len(pool) == 10
    trials = 4000
    returned_past = 0
    for step in range(trials):
        new = torch.tensor([[1000.0 + step]])
        returned_past += int(pool.query(new).item() != new.item())
    rate = returned_past / trials
    # Binomial(4000, 0.5): 4 standard deviations are 0.032.
    assert abs(rate - 0.5) < 0.032
    assert len(pool) == 10


def test_pool_size_zero_is_a_pass_through_and_stored_images_are_detached():
    x = torch.rand(3, 2, requires_grad=True)
    assert torch.equal(ImagePool(0).query(x), x.detach())
    pool = ImagePool(2)
    pool.query(x * 2)
    assert all(not image.requires_grad for image in pool.images)
    with pytest.raises(ValueError, match="pool_size"):
        ImagePool(-1)


# --- schedule and training ------------------------------------------------------------------

def test_linear_decay_is_flat_then_falls_to_zero():
    factors = [linear_decay_factor(s, 10, 5) for s in range(10)]
    assert factors[:5] == [1.0] * 5
    assert factors[5:] == pytest.approx([1.0, 0.8, 0.6, 0.4, 0.2])
    with pytest.raises(ValueError, match="decay_start"):
        linear_decay_factor(0, 10, 11)


def _toy_domains(n=64):
    """Smooth grey images (X) and smooth colour images of another brightness (Y)."""
    gen = torch.Generator().manual_seed(0)
    up = torch.nn.Upsample(size=(16, 16), mode="bilinear", align_corners=False)
    x = up(torch.rand(n, 1, 4, 4, generator=gen)) * 2 - 1
    y = up(torch.rand(n, 3, 4, 4, generator=gen)) * 0.5
    return x, y


def _tiny_settings(**overrides):
    return dm.chapter_settings("cyclegan", "quick", **{
        **dict(width=4, num_res_blocks=1, num_sampling=1, disc_width=4, disc_layers=1,
               batch_size=8, lr=2e-3, lambda_identity=0.0, log_every=1), **overrides})


def test_training_lowers_the_cycle_loss_between_domains_of_different_channels():
    x, y = _toy_domains()
    cfg = _tiny_settings(steps=60, snapshot_steps=(0, 60))
    run = train_cyclegan((x, y), cfg, seed=0, device="cpu", fixed_inputs=(x[:2], y[:2]))
    cycle = run.history["cycle"]
    assert sum(cycle[-10:]) / 10 < 0.8 * sum(cycle[:10]) / 10
    assert run.g_xy is run.nets.g_xy and run.g_yx is run.nets.g_yx
    assert set(run.snapshots) == {0, 60}
    assert run.snapshots[60][0].shape == (2, 3, 16, 16) and run.snapshots[60][1].shape == (2, 1, 16, 16)
    lr = run.history["lr"]
    assert lr[0] == pytest.approx(2e-3) and 0 < lr[-1] < lr[0]
    assert not run.g_xy.training  # left in eval mode


def test_training_is_repeatable_for_a_seed_and_reads_unpaired_digits():
    x, y = _toy_domains(16)
    cfg = _tiny_settings(width=2, disc_width=2, steps=3, batch_size=4)
    data = dm.UnpairedDigits(x_train=x, x_train_labels=torch.zeros(16, dtype=torch.int64),
                             y_train=y, y_train_labels=torch.zeros(16, dtype=torch.int64),
                             x_eval=x, x_eval_labels=torch.zeros(16, dtype=torch.int64),
                             y_eval=y, y_eval_labels=torch.zeros(16, dtype=torch.int64))
    first = train_cyclegan(data, cfg, seed=1, device="cpu").history["cycle"]
    assert train_cyclegan((x, y), cfg, seed=1, device="cpu").history["cycle"] == first
    assert train_cyclegan((x, y), cfg, seed=2, device="cpu").history["cycle"] != first


def test_training_rejects_bad_arguments():
    x, y = _toy_domains(8)
    cfg = _tiny_settings(steps=1)
    with pytest.raises(ValueError, match="same channels"):  # identity loss needs C_x == C_y
        train_cyclegan((x, y), dataclasses.replace(cfg, lambda_identity=0.5), seed=0, device="cpu")
    with pytest.raises(ValueError, match="steps"):
        train_cyclegan((x, y), dataclasses.replace(cfg, steps=0), seed=0, device="cpu")
    with pytest.raises(ValueError, match="x_images"):
        train_cyclegan((x[0], y), cfg, seed=0, device="cpu")
    with pytest.raises(TypeError, match="UnpairedDigits"):
        train_cyclegan(x, cfg, seed=0, device="cpu")


def test_generator_update_is_eq3_and_leaves_the_discriminators_untouched():
    x, y = _toy_domains(4)
    y = y.mean(dim=1, keepdim=True)  # one channel each: the identity term applies
    torch.manual_seed(0)
    nets = build_cyclegan(1, 1, width=2, num_res_blocks=1, num_sampling=1, disc_width=2,
                          disc_layers=1)
    before = {k: v.clone() for k, v in nets.d_y.state_dict().items()}
    g_before = [p.clone() for p in nets.g_xy.parameters()]
    fake_y, fake_x = nets.g_xy(x), nets.g_yx(y)
    want_adv = lsgan_generator_loss(nets.d_y(fake_y)) + lsgan_generator_loss(nets.d_x(fake_x))
    want_cycle = cycle_consistency_loss(x, nets.g_yx(fake_y)) + cycle_consistency_loss(y, nets.g_xy(fake_x))
    opt_g = torch.optim.SGD([p for g in nets.generators() for p in g.parameters()], lr=0.1)
    adversarial, cycle, got_fake_x, got_fake_y = update_generators(nets, opt_g, x, y, 10.0, 5.0, 1)
    assert adversarial.item() == pytest.approx(want_adv.item())
    assert cycle.item() == pytest.approx(want_cycle.item())
    assert torch.allclose(got_fake_y, fake_y) and torch.allclose(got_fake_x, fake_x)
    assert all(p.grad is None for d in nets.discriminators() for p in d.parameters())
    assert all(torch.equal(v, nets.d_y.state_dict()[k]) for k, v in before.items())
    assert any(not torch.equal(p, q) for p, q in zip(g_before, nets.g_xy.parameters()))


def test_digit_judges_learn_their_domains_and_are_repeatable():
    gen = torch.Generator().manual_seed(0)
    labels = torch.arange(40) % 10
    # two toy domains whose label is the brightness of the image
    x = (labels.float() / 10).view(40, 1, 1, 1).expand(40, 3, 16, 16) + 0.01 * torch.randn(40, 3, 16, 16, generator=gen)
    y = 1 - x
    data = dm.UnpairedDigits(x_train=x, x_train_labels=labels, y_train=y, y_train_labels=labels,
                             x_eval=x, x_eval_labels=labels, y_eval=y, y_eval_labels=labels)
    cfg = _tiny_settings(judge_epochs=1, judge_width=4, judge_batch_size=8)
    judges = train_digit_judges(data, cfg, seed=0, device="cpu")
    again = train_digit_judges(data, cfg, seed=0, device="cpu")
    assert not judges.x.training and not judges.y.training
    for p, q in zip([*judges.x.parameters(), *judges.y.parameters()],
                    [*again.x.parameters(), *again.y.parameters()]):
        assert torch.equal(p, q)
    assert 0.0 <= dm.judge_accuracy(judges.y, y, labels) <= 1.0


def test_label_kept_fraction_of_the_identity_translator_is_the_judge_accuracy():
    class Judge(torch.nn.Module):  # reads the label off the mean brightness
        def forward(self, images):
            level = images.mean(dim=(1, 2, 3))
            return torch.stack([-(level - k / 10).abs() for k in range(10)], dim=1)

    labels = torch.arange(10)
    images = (labels.float() / 10).view(10, 1, 1, 1).expand(10, 3, 4, 4).contiguous()
    identity = torch.nn.Conv2d(3, 3, 1, bias=False)
    torch.nn.init.eye_(identity.weight.view(3, 3))
    assert label_kept_fraction(identity, Judge(), images, labels) == 1.0
    blank = torch.nn.Conv2d(3, 3, 1, bias=False)
    torch.nn.init.zeros_(blank.weight)
    assert label_kept_fraction(blank, Judge(), images, labels) == pytest.approx(0.1)


# --- data -----------------------------------------------------------------------------------

def test_unpaired_digits_split_the_mirror_into_disjoint_roles(mirror_root):
    data = dm.load_unpaired_digits(num_x=9000, num_y=20, num_y_eval=10, root=mirror_root)
    assert data.x_train.shape == (9000, 3, 32, 32) and data.x_eval.shape == (1000, 3, 32, 32)
    assert data.y_train.shape == (20, 3, 32, 32) and data.y_eval.shape == (10, 3, 32, 32)
    assert data.x_train.min() >= -1 and data.x_train.max() <= 1
    # MNIST is grey: its three channels are equal.
    assert torch.equal(data.x_eval[:, 0], data.x_eval[:, 2])
    # No MNIST digit is used both for training and for scoring.
    train_keys = {hash(img.numpy().tobytes()) for img in data.x_train[:, 0]}
    assert sum(hash(img.numpy().tobytes()) in train_keys for img in data.x_eval[:, 0]) < 5
    with pytest.raises(ValueError, match="num_x"):
        dm.load_unpaired_digits(num_x=10_000, root=mirror_root)


def test_chapter_settings_have_the_papers_optimizer_in_both_profiles():
    for profile in ("quick", "full"):
        cfg = dm.chapter_settings("cyclegan", profile)
        assert isinstance(cfg, dm.CycleGANSettings)
        assert cfg.lambda_cycle == 10.0 and cfg.lambda_identity == 0.5 and cfg.pool_size == 50
        assert cfg.betas == (0.5, 0.999)
    full = dm.chapter_settings("cyclegan", "full")
    assert full.lr == 2e-4 and full.batch_size == 1 and full.width == 64
    assert math.isfinite(dm.chapter_settings("cyclegan", "quick").steps)
