"""Specifications of AugGAN's parsing loss (cross-entropy + the paper's L1 term), the two forms
of L_seg,y, the soft-sharing cosines, the validation scenes and the scene figure."""
import dataclasses

import matplotlib
import pytest
import torch
import torch.nn.functional as F

import dalib_mini as dm
from dalib_mini.auggan import AugGANGenerator, parsing_loss, sharing_cosines, structure_terms

matplotlib.use("Agg")


def _logits_and_masks(dtype=torch.float64):
    g = torch.Generator().manual_seed(0)
    return (torch.randn(2, 4, 5, 5, generator=g, dtype=dtype, requires_grad=True),
            torch.randint(0, 4, (2, 5, 5), generator=g))


def test_parsing_loss_without_l1_is_the_pixel_cross_entropy():
    logits, masks = _logits_and_masks()
    assert torch.equal(parsing_loss(logits, masks), F.cross_entropy(logits, masks))


def test_l1_term_is_twice_one_minus_the_true_class_probability():
    logits, masks = _logits_and_masks()
    p_true = logits.softmax(1).gather(1, masks[:, None]).squeeze(1)
    l1 = parsing_loss(logits, masks, l1_weight=1.0) - parsing_loss(logits, masks)
    assert torch.allclose(l1, (2 * (1 - p_true)).mean(), atol=1e-12)
    assert 0.0 <= l1.item() <= 2.0


def test_l1_term_vanishes_for_a_confident_correct_parser_and_is_two_for_a_confident_wrong_one():
    masks = torch.randint(0, 4, (1, 3, 3), generator=torch.Generator().manual_seed(2))
    right = 50.0 * F.one_hot(masks, 4).permute(0, 3, 1, 2).double()
    wrong = 50.0 * F.one_hot((masks + 1) % 4, 4).permute(0, 3, 1, 2).double()
    l1 = lambda z: (parsing_loss(z, masks, 1.0) - parsing_loss(z, masks)).item()  # noqa: E731
    assert l1(right) == pytest.approx(0.0, abs=1e-9)
    assert l1(wrong) == pytest.approx(2.0, abs=1e-9)


def test_parsing_loss_gradient_matches_finite_differences():
    logits, masks = _logits_and_masks()
    assert torch.autograd.gradcheck(lambda z: parsing_loss(z, masks, 0.7), (logits,))


@pytest.mark.parametrize("kwargs, error, word", [
    (dict(masks=torch.zeros(2, 5, 5)), TypeError, "int64"),
    (dict(masks=torch.zeros(2, 4, 4, dtype=torch.int64)), ValueError, "shape"),
    (dict(masks=torch.full((2, 5, 5), 4, dtype=torch.int64)), ValueError, "labels"),
    (dict(l1_weight=-1.0), ValueError, "l1_weight"),
])
def test_parsing_loss_rejects_bad_input(kwargs, error, word):
    logits, masks = _logits_and_masks()
    args = dict(logits=logits, masks=masks, l1_weight=0.0) | kwargs
    with pytest.raises(error, match=word):
        parsing_loss(**args)


def _generators():
    torch.manual_seed(0)
    return (AugGANGenerator(width=4, num_res_blocks=1, num_sampling=1),
            AugGANGenerator(width=4, num_res_blocks=1, num_sampling=1))


def test_paper_form_teaches_the_night_parser_on_night_masks_and_spares_the_translator():
    g_xy, g_yx = _generators()
    x, masks = torch.rand(2, 3, 16, 16) * 2 - 1, torch.randint(0, 4, (2, 16, 16))
    y, y_masks = torch.rand(3, 3, 16, 16) * 2 - 1, torch.randint(0, 4, (3, 16, 16))
    _, _, seg, _ = structure_terms(g_xy, g_yx, x, masks, night_parser_target="night_masks",
                                   y=y, y_masks=y_masks, l1_weight=1.0)
    want = parsing_loss(g_xy.parse(x), masks, 1.0) + parsing_loss(g_yx.parse(y), y_masks, 1.0)
    assert torch.allclose(seg, want)
    seg.backward()
    assert all(p.grad is None for p in g_xy.translation_decoder.parameters())
    assert all(p.grad is not None for p in g_yx.parsing_decoder.parameters())


def test_paper_form_needs_the_night_batch_and_an_unknown_target_is_rejected():
    g_xy, g_yx = _generators()
    x, masks = torch.rand(2, 3, 16, 16) * 2 - 1, torch.randint(0, 4, (2, 16, 16))
    with pytest.raises(ValueError, match="y_masks"):
        structure_terms(g_xy, g_yx, x, masks, night_parser_target="night_masks")
    with pytest.raises(ValueError, match="night_parser_target"):
        structure_terms(g_xy, g_yx, x, masks, night_parser_target="moon")


def test_training_in_the_paper_form_runs_and_logs_the_sharing_cosine():
    cfg = dataclasses.replace(dm.chapter_settings("auggan", "quick"), size=24, n_day=8, n_night=8,
                              n_val=4, n_test=4, width=2, num_res_blocks=1, disc_width=2, steps=3,
                              batch_size=2, log_every=1, seg_l1_weight=1.0,
                              night_parser_target="night_masks")
    task = dm.make_day_night_task(cfg, seed=0)
    history = dm.train_auggan(task, cfg, seed=0, device="cpu").history.frame()
    assert len(history) == 3 and (history["min_sharing_cosine"] <= 1 + 1e-6).all()
    with pytest.raises(ValueError, match="night_parser_target"):
        dm.train_auggan(task, dataclasses.replace(cfg, night_parser_target="x"), seed=0, device="cpu")


def test_sharing_cosines_are_one_for_equal_and_minus_one_for_negated_weights():
    w = torch.randn(3, 2, 3, 3, dtype=torch.float64)
    assert torch.allclose(sharing_cosines([(w, 2 * w), (w, -w)]),
                          torch.tensor([1.0, -1.0], dtype=torch.float64))
    with pytest.raises(ValueError, match="pairs"):
        sharing_cosines([])


def test_validation_scenes_are_a_third_set_of_night_layouts():
    cfg = dataclasses.replace(dm.chapter_settings("auggan", "quick"), size=24, n_day=4, n_night=4,
                              n_val=4, n_test=4)
    task = dm.make_day_night_task(cfg, seed=0)
    assert task.night_val.style == "night" and len(task.night_val) == 4
    assert not torch.equal(task.night_val.masks, task.night_test.masks)
    assert not torch.equal(task.night_val.masks, task.night.masks)
    assert task.to("cpu").night_val is not None


def test_scene_rows_draw_one_tile_per_scene_with_a_class_legend():
    images, masks = torch.rand(3, 3, 8, 8), torch.randint(0, 4, (3, 8, 8))
    fig = dm.show_scene_rows({"images": images, "masks": masks}, n=3)
    assert len(fig.axes) == 6 and len(fig.legends) == 1
    assert [t.get_text() for t in fig.legends[0].get_texts()] == list(dm.auggan.STREET_CLASSES)
    assert torch.equal(dm.mask_to_rgb(masks)[0, :, 0, 0], dm.auggan.SCENE_PALETTE[masks[0, 0, 0]])
    with pytest.raises(ValueError, match="masks"):
        dm.mask_to_rgb(torch.rand(3, 8, 8))
    matplotlib.pyplot.close(fig)
