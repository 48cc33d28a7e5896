"""Specifications of the AugGAN chapter's protocol, the CycleGAN baseline and the exercises."""
import pandas as pd
import pytest
import torch

import dalib_mini as dm
from dalib_mini.auggan import (
    make_day_night_task,
    seed_verdicts,
    segmentation_miou,
    train_segmenter,
    train_translator,
)
from dalib_mini.auggan.exercises import (
    check_mean_iou,
    check_night_parsing_loss,
    check_paper_weight_sharing_loss,
)
from dalib_mini.solutions import auggan as solutions

TINY = dict(size=24, n_day=16, n_night=16, n_test=8, width=4, num_res_blocks=1, disc_width=4,
            steps=3, batch_size=4, seg_width=4, seg_epochs=1, seg_batch_size=8)


def test_task_has_unpaired_day_night_and_a_separate_night_test_set():
    cfg = dm.chapter_settings("auggan", profile="quick", **TINY)
    task = make_day_night_task(cfg, seed=0)
    assert task.day.style == "day" and task.night.style == task.night_test.style == "night"
    assert task.day.images.shape == (16, 3, 24, 24) and task.night_test.images.shape[0] == 8
    assert not torch.equal(task.night.masks[:8], task.night_test.masks)


@pytest.mark.parametrize("method", ["auggan", "cyclegan"])
def test_both_translators_train_on_the_same_budget_and_translate_every_day_image(method):
    cfg = dm.chapter_settings("auggan", profile="quick", **TINY)
    task = make_day_night_task(cfg, seed=0)
    run = train_translator(task, cfg, seed=0, device="cpu", method=method)
    assert run.translated_day.shape == task.day.images.shape
    assert 0.0 <= run.translated_day.min() and run.translated_day.max() <= 1.0
    assert run.history.frame()["step"].max() == cfg.steps
    assert hasattr(run.nets.g_xy, "parse") == (method == "auggan")  # only AugGAN has parsers


def test_unknown_method_is_rejected():
    cfg = dm.chapter_settings("auggan", profile="quick", **TINY)
    with pytest.raises(ValueError, match="method"):
        train_translator(make_day_night_task(cfg, seed=0), cfg, seed=0, method="unit")


def test_segmenter_recipe_is_repeatable_and_scored_by_miou():
    cfg = dm.chapter_settings("auggan", profile="quick", **TINY)
    task = make_day_night_task(cfg, seed=0)
    scores = [segmentation_miou(train_segmenter(task.day.images, task.day.masks, cfg, seed=1,
                                                device="cpu"),
                                task.night_test.images, task.night_test.masks) for _ in range(2)]
    assert scores[0] == scores[1] and 0.0 <= scores[0] <= 1.0


def test_task_is_a_function_of_the_seed_and_moves_to_the_device():
    cfg = dm.chapter_settings("auggan", profile="quick", **TINY)
    first, again = make_day_night_task(cfg, seed=3), make_day_night_task(cfg, seed=3, device="cpu")
    assert torch.equal(first.night_test.images, again.night_test.images)
    assert first.day.images.device.type == again.day.images.device.type == "cpu"
    other = make_day_night_task(cfg, seed=3 + cfg.test_seed_offset)
    assert torch.equal(other.night.images[:8], first.night_test.images)  # the test stream


def test_segmenter_rejects_masks_that_do_not_match_the_images():
    cfg = dm.chapter_settings("auggan", profile="quick", **TINY)
    task = make_day_night_task(cfg, seed=0)
    with pytest.raises(ValueError, match="per-pixel"):
        train_segmenter(task.day.images, task.day.masks[:, :20], cfg, seed=0, device="cpu")


def test_profiles_share_keys_and_full_is_larger():
    quick, full = dm.chapter_settings("auggan", "quick"), dm.chapter_settings("auggan", "full")
    assert type(quick) is type(full) is dm.AugGANSettings
    assert full.steps > quick.steps and full.size > quick.size and full.width > quick.width


def test_exercise_checks_accept_the_solutions(capsys):
    check_paper_weight_sharing_loss(solutions.paper_weight_sharing_loss)
    check_mean_iou(solutions.mean_iou)
    check_night_parsing_loss(solutions.night_parsing_loss)
    assert capsys.readouterr().out.count("correct") == 3


def test_exercise_checks_reject_wrong_answers():
    with pytest.raises(AssertionError, match="inside"):  # forgot the square: -log|cos| ...
        check_paper_weight_sharing_loss(lambda a, b: -torch.log(torch.nn.functional.cosine_similarity(
            a.reshape(-1), b.reshape(-1), dim=0).abs()))
    with pytest.raises(AssertionError, match="absent"):  # averages over all K classes
        check_mean_iou(lambda p, t, k: sum(float(((p == c) & (t == c)).sum()) / max(1, float(
            ((p == c) | (t == c)).sum())) for c in range(k)) / k)
    with pytest.raises(AssertionError, match="detach"):
        check_night_parsing_loss(lambda g, f, x, m: torch.nn.functional.cross_entropy(
            f.parse(g.translate(x).detach()), m))
    with pytest.raises(AssertionError, match="night parser"):
        check_night_parsing_loss(lambda g, f, x, m: torch.nn.functional.cross_entropy(g.parse(x), m))
    with pytest.raises(NotImplementedError):
        check_mean_iou(lambda p, t, k: (_ for _ in ()).throw(NotImplementedError))


def _scores(**columns):
    return pd.DataFrame(columns, index=pd.Index([0, 1], name="seed"))


def test_seed_verdicts_judge_each_seed_against_the_margin_and_both_alternatives():
    scores = _scores(**{"structure auggan": [0.45, 0.40], "structure cyclegan": [0.30, 0.38],
                        "downstream day only": [0.05, 0.05], "downstream cyclegan": [0.40, 0.45],
                        "downstream auggan": [0.42, 0.44]})
    verdicts = seed_verdicts(scores, structure_margin=0.05)
    assert verdicts["structure gap"].tolist() == pytest.approx([0.15, 0.02])
    assert verdicts["structure gap met"].tolist() == [True, False]
    assert verdicts["downstream margin"].tolist() == pytest.approx([0.02, -0.01])
    assert verdicts["downstream auggan best"].tolist() == [True, False]
    assert verdicts.index.equals(scores.index)


def test_seed_verdicts_count_day_only_as_an_alternative_and_a_tie_as_not_best():
    scores = _scores(**{"structure auggan": [0.5, 0.5], "structure cyclegan": [0.25, 0.25],
                        "downstream day only": [0.5, 0.1], "downstream cyclegan": [0.1, 0.3],
                        "downstream auggan": [0.3, 0.3]})
    verdicts = seed_verdicts(scores, structure_margin=0.25)
    assert verdicts["structure gap met"].all()  # a gap of exactly the margin counts
    assert verdicts["downstream auggan best"].tolist() == [False, False]


def test_seed_verdicts_name_missing_columns():
    with pytest.raises(ValueError, match="downstream auggan"):
        seed_verdicts(_scores(**{"structure auggan": [0.4, 0.4]}))
