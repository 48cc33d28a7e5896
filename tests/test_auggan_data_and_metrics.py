"""Specifications of the AugGAN chapter's street scenes and segmentation metrics."""
import numpy as np
import pytest
import torch
from sklearn.metrics import confusion_matrix

from dalib_mini.auggan import (
    STREET_CLASSES,
    make_street_scenes,
    mean_iou,
    per_class_iou,
    segmentation_confusion_matrix,
)


def test_scenes_have_images_in_unit_range_and_masks_of_every_class():
    for style in ("day", "night"):
        scenes = make_street_scenes(20, style, size=32, seed=3)
        assert scenes.images.shape == (20, 3, 32, 32) and scenes.images.dtype == torch.float32
        assert scenes.masks.shape == (20, 32, 32) and scenes.masks.dtype == torch.int64
        assert 0.0 <= scenes.images.min() and scenes.images.max() <= 1.0
        assert set(scenes.masks.unique().tolist()) == set(range(len(STREET_CLASSES)))
        assert scenes.style == style and len(scenes) == 20


def test_scenes_are_reproducible_for_a_seed_and_differ_between_seeds():
    a, b = make_street_scenes(5, "day", seed=7), make_street_scenes(5, "day", seed=7)
    c = make_street_scenes(5, "day", seed=8)
    assert torch.equal(a.images, b.images) and torch.equal(a.masks, b.masks)
    assert not torch.equal(a.masks, c.masks)


def test_day_and_night_with_the_same_seed_are_different_layouts():
    day, night = make_street_scenes(10, "day", seed=0), make_street_scenes(10, "night", seed=0)
    assert (day.masks != night.masks).float().mean() > 0.1


def test_night_is_darker_and_noisier_than_day():
    day, night = make_street_scenes(50, "day", seed=1), make_street_scenes(50, "night", seed=1)
    assert night.images.mean() < 0.5 * day.images.mean()
    # The sky's colour changes only from row to row, so differences between horizontal
    # neighbours inside the sky measure the sensor noise.
    noise = []
    for s in (day, night):
        both_sky = (s.masks[..., 1:] == 0) & (s.masks[..., :-1] == 0)
        noise.append((s.images[..., 1:] - s.images[..., :-1]).permute(0, 2, 3, 1)[both_sky].std())
    assert noise[1] > 2 * noise[0]


def test_night_scenes_have_lit_windows_and_headlights():
    night = make_street_scenes(30, "night", seed=2)
    bright = (night.images[:, 0] > 0.8) & (night.images[:, 1] > 0.7)  # white or warm-yellow
    on_building = (bright & (night.masks == 1)).sum()
    on_vehicle = (bright & (night.masks == 3)).sum()
    assert on_building > 0 and on_vehicle > 0
    day = make_street_scenes(30, "day", seed=2)
    assert (day.images.max(1).values[day.masks == 1] < 0.95).all()  # day windows are dark


@pytest.mark.parametrize("kwargs, word", [({"n": 0}, "n"), ({"n": 2, "style": "dusk"}, "style"),
                                         ({"n": 2, "size": 8}, "size"),
                                         ({"n": 2, "seed": -1}, "seed")])
def test_bad_scene_arguments_raise_naming_the_argument(kwargs, word):
    with pytest.raises(ValueError, match=word):
        make_street_scenes(**kwargs)


def test_confusion_matrix_matches_scikit_learn():
    rng = np.random.default_rng(0)
    target = torch.from_numpy(rng.integers(0, 4, (3, 8, 8)))
    pred = torch.from_numpy(rng.integers(0, 4, (3, 8, 8)))
    ours = segmentation_confusion_matrix(pred, target, 4)
    theirs = confusion_matrix(target.flatten(), pred.flatten(), labels=range(4))
    np.testing.assert_array_equal(ours.numpy(), theirs)


def test_mean_iou_known_values():
    target = torch.tensor([[0, 0, 1, 1]])
    assert mean_iou(target.clone(), target, 2) == 1.0
    # Class 0: hit 1, union 2 -> 0.5; class 1: hit 2, union 3 -> 2/3.
    pred = torch.tensor([[0, 1, 1, 1]])
    assert mean_iou(pred, target, 2) == pytest.approx((0.5 + 2 / 3) / 2)
    # A class absent from both prediction and truth is left out of the mean, not counted as 0.
    assert mean_iou(pred, target, 3) == pytest.approx((0.5 + 2 / 3) / 2)
    assert torch.isnan(per_class_iou(segmentation_confusion_matrix(pred, target, 3))[2])


def test_mean_iou_rejects_bad_inputs():
    labels = torch.zeros(2, 4, 4, dtype=torch.int64)
    with pytest.raises(ValueError, match="same shape"):
        mean_iou(labels, labels[0], 2)
    with pytest.raises(TypeError, match="integer"):
        mean_iou(labels.float(), labels, 2)
    with pytest.raises(ValueError, match="labels must lie"):
        mean_iou(labels + 5, labels, 2)
    with pytest.raises(ValueError, match="num_classes"):
        mean_iou(labels, labels, 0)
