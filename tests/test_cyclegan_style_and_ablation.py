"""Specifications of the CycleGAN chapter's style measures (Fréchet distance in the judge's
features, background diversity) and of the one-cycle ablations of Table 4."""
import copy
import dataclasses

import pytest
import torch

import dalib_mini as dm
from dalib_mini.cyclegan import (
    background_colours,
    background_diversity,
    build_cyclegan,
    cycle_consistency_loss,
    cyclegan_step,
    digit_judge_features,
    judge_feature_frechet_distance,
    lsgan_generator_loss,
    train_cyclegan,
)
from dalib_mini.cyclegan.image_pool import ImagePool
from dalib_mini.cyclegan.training import update_generators


def _framed(frame_values, size=16, centre=0.0):
    """Images in [-1, 1] whose 4-px frame has one value per image (all channels) and a centre."""
    images = torch.full((len(frame_values), 3, size, size), centre)
    for i, v in enumerate(frame_values):
        images[i, :, :4, :] = images[i, :, -4:, :] = v
        images[i, :, :, :4] = images[i, :, :, -4:] = v
    return images


# --- background diversity -------------------------------------------------------------------

def test_background_diversity_is_zero_for_one_flat_background_whatever_the_digit():
    images = _framed([0.2] * 5)
    images[:, :, 6:10, 6:10] = torch.linspace(-1, 1, 5).view(5, 1, 1, 1)  # different "digits"
    assert background_diversity(images) == pytest.approx(0.0, abs=1e-12)


def test_background_diversity_is_the_std_of_the_frame_colour_in_unit_range():
    # frames at -1 and 1 are 0 and 1 in [0, 1] units: sample std of {0, 1} is sqrt(1/2)
    assert background_diversity(_framed([-1.0, 1.0])) == pytest.approx(0.5 ** 0.5)
    colours = background_colours(_framed([-1.0, 0.0, 1.0]))
    assert colours.shape == (3, 3)
    assert torch.allclose(colours[:, 0], torch.tensor([0.0, 0.5, 1.0], dtype=torch.float64))


def test_background_diversity_rejects_bad_input():
    with pytest.raises(ValueError, match="at least 2"):
        background_diversity(_framed([0.0]))
    with pytest.raises(ValueError, match="border"):
        background_diversity(_framed([0.0, 1.0]), border=8)
    with pytest.raises(ValueError, match="value_range"):
        background_colours(_framed([0.0, 1.0]), value_range=(1.0, 1.0))
    with pytest.raises((TypeError, ValueError)):
        background_diversity(torch.zeros(2, 16, 16))


# --- Fréchet distance in the judge's features ------------------------------------------------

def _judge():
    torch.manual_seed(0)
    return dm.SmallConvNet(in_channels=3, num_classes=10, width=2).eval()


def test_judge_features_are_the_pooled_features_before_the_head():
    judge = _judge()
    images = torch.rand(5, 3, 16, 16) * 2 - 1
    feats = digit_judge_features(judge, images, batch_size=2)
    assert feats.shape == (5, 2 * 2 * 16)
    with torch.no_grad():
        assert torch.allclose(judge.head(feats), judge(images), atol=1e-6)  # eval: dropout off
    with pytest.raises(TypeError, match="features"):
        digit_judge_features(torch.nn.Conv2d(3, 1, 1), images)


def test_frechet_distance_in_judge_features_is_small_for_one_distribution_and_grows_with_a_shift():
    judge = _judge()
    g = torch.Generator().manual_seed(0)
    a = torch.rand(400, 3, 16, 16, generator=g) * 2 - 1
    b = torch.rand(400, 3, 16, 16, generator=g) * 2 - 1
    same = judge_feature_frechet_distance(judge, a, b)
    shifted = judge_feature_frechet_distance(judge, (b + 0.8).clamp(-1, 1), a)
    assert 0.0 <= same < shifted
    assert judge_feature_frechet_distance(judge, a, a) == pytest.approx(0.0, abs=1e-6)


# --- one-cycle ablations ---------------------------------------------------------------------

def _toy_batch():
    g = torch.Generator().manual_seed(1)
    return torch.rand(3, 1, 8, 8, generator=g) * 2 - 1, torch.rand(3, 1, 8, 8, generator=g) * 2 - 1


@pytest.mark.parametrize("directions", [("forward",), ("backward",), ("forward", "backward")])
def test_generator_gradient_is_that_of_the_gan_terms_plus_the_chosen_round_trips(directions):
    x, y = _toy_batch()
    torch.manual_seed(0)
    nets = build_cyclegan(1, 1, width=2, num_res_blocks=1, num_sampling=1, disc_width=2, disc_layers=1)
    twin = copy.deepcopy(nets)
    fake_y, fake_x = twin.g_xy(x), twin.g_yx(y)
    trips = {"forward": cycle_consistency_loss(x, twin.g_yx(fake_y)),
             "backward": cycle_consistency_loss(y, twin.g_xy(fake_x))}
    want = (lsgan_generator_loss(twin.d_y(fake_y)) + lsgan_generator_loss(twin.d_x(fake_x))
            + 10.0 * sum(trips[d] for d in directions))
    want.backward()
    opt_g = torch.optim.SGD([p for g in nets.generators() for p in g.parameters()], lr=0.0)
    _, cycle, _, _ = update_generators(nets, opt_g, x, y, 10.0, 0.0, 1, directions)
    assert cycle.item() == pytest.approx((trips["forward"] + trips["backward"]).item())  # logs both
    for got, ref in zip([p for g in nets.generators() for p in g.parameters()],
                        [p for g in twin.generators() for p in g.parameters()]):
        assert torch.allclose(got.grad, ref.grad, atol=1e-6)


def test_unknown_or_repeated_cycle_directions_are_rejected():
    x, y = _toy_batch()
    nets = build_cyclegan(1, 1, width=2, num_res_blocks=1, num_sampling=1, disc_width=2, disc_layers=1)
    opt = torch.optim.SGD([p for g in nets.generators() for p in g.parameters()], lr=0.0)
    for bad in [(), ("forward", "forward"), ("sideways",)]:
        with pytest.raises(ValueError, match="cycle_directions"):
            update_generators(nets, opt, x, y, 10.0, 0.0, 1, bad)
    cfg = dataclasses.replace(dm.chapter_settings("cyclegan", "quick"), cycle_directions=("up",), steps=1)
    with pytest.raises(ValueError, match="cycle_directions"):
        train_cyclegan((x, y), cfg, seed=0, device="cpu")


def test_one_training_step_updates_generators_and_discriminators_and_reports_its_terms():
    x, y = _toy_batch()
    torch.manual_seed(0)
    nets = build_cyclegan(1, 1, width=2, num_res_blocks=1, num_sampling=1, disc_width=2, disc_layers=1)
    before = [p.clone() for net in (nets.g_xy, nets.d_y) for p in net.parameters()]
    opt_g = dm.cyclegan_adam([p for g in nets.generators() for p in g.parameters()])
    opt_d = dm.cyclegan_adam([p for d in nets.discriminators() for p in d.parameters()])
    logged = cyclegan_step(nets, opt_g, opt_d, ImagePool(2), ImagePool(2), x, y, lambda_cycle=10.0,
                           identity_weight=5.0, step=1)
    assert set(logged) == {"generator_adversarial", "cycle", "discriminator_x", "discriminator_y",
                           "d_y_real", "d_y_fake"}
    assert all(v.ndim == 0 and not v.requires_grad for v in logged.values())
    after = [p for net in (nets.g_xy, nets.d_y) for p in net.parameters()]
    n_g = len(list(nets.g_xy.parameters()))
    assert any(not torch.equal(a, b) for a, b in zip(before[:n_g], after[:n_g]))
    assert any(not torch.equal(a, b) for a, b in zip(before[n_g:], after[n_g:]))


def test_auggan_settings_extend_the_shared_translator_settings():
    assert isinstance(dm.chapter_settings("auggan", "quick"), dm.TranslatorSettings)
    assert isinstance(dm.chapter_settings("cyclegan", "quick"), dm.TranslatorSettings)
    shared = {f.name for f in dataclasses.fields(dm.TranslatorSettings)}
    assert {"width", "steps", "lr", "lambda_cycle", "cycle_directions", "pool_size"} <= shared


# --- independent runs side by side -----------------------------------------------------------

def _tiny_jobs():
    x, y = _toy_batch()
    x, y = x.repeat(4, 1, 1, 1), y.repeat(4, 1, 1, 1)
    cfg = dataclasses.replace(dm.chapter_settings("cyclegan", "quick"), width=2, num_res_blocks=1,
                              num_sampling=1, disc_width=2, disc_layers=1, steps=3, batch_size=2,
                              log_every=1, pool_size=2, lambda_identity=0.0)
    jobs = {("full", s): dict(cfg=cfg, seed=s, desc=f"full {s}") for s in (0, 1)}
    jobs["no cycle", 0] = dict(cfg=dataclasses.replace(cfg, lambda_cycle=0.0), seed=0)
    return (x, y), jobs


def _weights(result):
    return [p.detach().clone() for p in result.g_xy.parameters()]


def test_runs_side_by_side_equal_the_same_runs_one_after_the_other():
    data, jobs = _tiny_jobs()
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the workers train on one thread each
    try:
        one_by_one = dm.train_cyclegan_runs(data, jobs, device="cpu", workers=1)
    finally:
        torch.set_num_threads(threads)
    side_by_side = dm.train_cyclegan_runs(data, jobs, device="cpu", workers=2)
    assert list(side_by_side) == list(jobs)
    for key in jobs:
        assert all(torch.equal(a, b) for a, b in zip(_weights(one_by_one[key]), _weights(side_by_side[key])))
        assert len(side_by_side[key].history.frame()) == 3
    assert not all(torch.equal(a, b) for a, b in zip(_weights(side_by_side["full", 0]),
                                                      _weights(side_by_side["full", 1])))


def test_runs_reject_bad_jobs_and_workers():
    data, jobs = _tiny_jobs()
    with pytest.raises(ValueError, match="workers"):
        dm.train_cyclegan_runs(data, jobs, device="cpu", workers=0)
    with pytest.raises(ValueError, match="seed"):
        dm.train_cyclegan_runs(data, {"a": {"cfg": jobs["full", 0]["cfg"]}}, device="cpu")
