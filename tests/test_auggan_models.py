"""Specifications of AugGAN's multi-task generator and its training loop."""
import dataclasses

import pytest
import torch
import torch.nn.functional as F

import dalib_mini as dm
from dalib_mini.auggan import AugGANGenerator, build_auggan, train_auggan, weight_sharing_loss


def _small_generator(**kwargs):
    torch.manual_seed(0)
    return AugGANGenerator(width=4, num_res_blocks=1, num_sampling=1, **kwargs)


def test_forward_gives_an_image_and_class_logits():
    net = _small_generator(num_classes=5)
    image, logits = net(torch.rand(2, 3, 16, 16) * 2 - 1)
    assert image.shape == (2, 3, 16, 16) and logits.shape == (2, 5, 16, 16)
    assert image.abs().max() <= 1.0  # tanh output, like CycleGAN's generator


def test_translate_and_parse_agree_with_forward():
    net = _small_generator()
    x = torch.rand(2, 3, 16, 16)
    image, logits = net(x)
    torch.testing.assert_close(net.translate(x), image)
    torch.testing.assert_close(net.parse(x), logits)


def test_hard_shared_blocks_are_one_parameter_tensor_used_by_both_heads():
    net = _small_generator()
    shared = list(net.shared_blocks.parameters())
    # No copy anywhere else in the module: every parameter is stored exactly once.
    all_ids = [id(p) for p in net.parameters()]
    assert len(all_ids) == len(set(all_ids))
    decoder_ids = {id(p) for p in [*net.translation_decoder.parameters(), *net.parsing_decoder.parameters()]}
    assert not decoder_ids & {id(p) for p in shared}
    # Both heads write their gradient into the same tensor: the grads add up.
    x = torch.rand(2, 3, 16, 16)
    grads = []
    for head in (net.translate, net.parse):
        net.zero_grad()
        head(x).square().mean().backward()
        grads.append(shared[0].grad.clone())
    net.zero_grad()
    image, logits = net(x)
    (image.square().mean() + logits.square().mean()).backward()
    assert grads[0].abs().sum() > 0 and grads[1].abs().sum() > 0
    torch.testing.assert_close(shared[0].grad, grads[0] + grads[1])


def test_soft_shared_pairs_are_separate_tensors_that_start_equal():
    net = _small_generator()
    pairs = net.soft_shared_weights()
    assert len(pairs) == 1  # one up-sampling layer per decoder with num_sampling=1
    for w_g, w_p in pairs:
        assert w_g is not w_p and w_g.data_ptr() != w_p.data_ptr()
        assert weight_sharing_loss(w_g, w_p) < 1e-5
    nets = build_auggan(width=4, num_res_blocks=1, disc_width=4, generator=torch.Generator().manual_seed(1))
    for w_g, w_p in nets.g_xy.soft_shared_weights():
        torch.testing.assert_close(w_g, w_p)


def test_segmentation_loss_gradient_reaches_the_shared_encoder_but_not_the_translator():
    net = _small_generator()
    masks = torch.randint(0, 4, (2, 16, 16))
    F.cross_entropy(net.parse(torch.rand(2, 3, 16, 16)), masks).backward()
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in net.encoder.parameters()
               if p.requires_grad and p.ndim > 1)
    assert all(p.grad is None for p in net.translation_decoder.parameters())


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="num_classes"):
        AugGANGenerator(num_classes=1)
    net = _small_generator()
    with pytest.raises(ValueError, match="x must have shape"):
        net(torch.rand(2, 1, 16, 16))
    with pytest.raises(ValueError, match="divisible"):
        net(torch.rand(2, 3, 15, 15))


def _tiny_task_and_settings(**overrides):
    cfg = dm.chapter_settings("auggan", "quick", size=24, n_day=16, n_night=16, n_test=8, width=4,
                              num_res_blocks=1, disc_width=4, **overrides)
    return dm.make_day_night_task(cfg, seed=0), cfg


def test_training_runs_logs_and_lowers_the_segmentation_loss():
    task, cfg = _tiny_task_and_settings(steps=30, batch_size=8, log_every=5)
    run = train_auggan(task, cfg, seed=0, device="cpu")
    seg = run.history["segmentation"]
    assert len(seg) == 6 and seg[-1] < seg[0]
    assert all(v >= 0 for v in run.history["weight_sharing"])
    assert not run.nets.g_xy.training  # returned in eval mode
    assert isinstance(run.nets, dm.AugGANNets)


def test_training_is_repeatable_for_a_seed():
    task, cfg = _tiny_task_and_settings(steps=3, batch_size=4, log_every=1)
    runs = [train_auggan(task, cfg, seed=5, device="cpu") for _ in range(2)]
    assert runs[0].history["cycle"] == runs[1].history["cycle"]
    for p, q in zip(runs[0].nets.g_xy.parameters(), runs[1].nets.g_xy.parameters()):
        assert torch.equal(p, q)


def test_training_rejects_bad_masks_and_steps():
    task, cfg = _tiny_task_and_settings()
    float_masks = dm.DayNightTask(dm.StreetScenes(task.day.images, task.day.masks.float(), "day"),
                                  task.night, task.night_test)
    with pytest.raises(ValueError, match="x_masks"):
        train_auggan(float_masks, cfg, seed=0, device="cpu")
    with pytest.raises(ValueError, match="steps"):
        train_auggan(task, dataclasses.replace(cfg, steps=0), seed=0, device="cpu")


@pytest.mark.parametrize("through", [True, False])
def test_night_parsing_loss_shapes_the_translator_only_when_not_detached(through):
    from dalib_mini.auggan import structure_terms
    torch.manual_seed(0)
    g_xy, g_yx = _small_generator(), _small_generator()
    x, masks = torch.rand(2, 3, 16, 16) * 2 - 1, torch.randint(0, 4, (2, 16, 16))
    fake_y, back_x, seg, sharing = structure_terms(g_xy, g_yx, x, masks, through)
    assert fake_y.shape == back_x.shape == x.shape and seg > 0 and sharing >= 0
    seg.backward()
    decoder_grads = [p.grad for p in g_xy.translation_decoder.parameters()]
    assert all(g is not None for g in decoder_grads) == through
    assert all(p.grad is not None for p in g_yx.parsing_decoder.parameters())
