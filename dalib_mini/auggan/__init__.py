"""Chapter: AugGAN (Huang et al., ECCV 2018), structure-aware image-to-image translation for
data augmentation: day street scenes translated into night ones that keep their objects.

Modules: ``scenes`` (the synthetic day/night street scenes with masks), ``segmentation_metrics``
(confusion matrix, mIoU), ``weight_sharing`` (the soft-sharing loss of Eq. 4), ``segmenter``
(the judge / downstream segmentation network), ``models`` (AugGAN's multi-task generator),
``training`` (Eq. 6 and the CycleGAN baseline on the same loop), ``experiment`` (the chapter's
protocol), ``settings`` (profile sizes), ``exercises`` (self-checks).
"""
from . import settings  # noqa: F401  (registers the profile settings)
from .exercises import check_mean_iou, check_night_parsing_loss, check_paper_weight_sharing_loss
from .experiment import (
    DayNightTask,
    TranslationRun,
    make_day_night_task,
    seed_verdicts,
    segmentation_miou,
    train_segmenter,
    train_translator,
)
from .models import AugGANGenerator
from .scenes import STREET_CLASSES, StreetScenes, make_street_scenes
from .segmentation_metrics import mean_iou, per_class_iou, segmentation_confusion_matrix
from .segmenter import SceneSegmenter, fit_scene_segmenter, predict_scene_masks
from .training import AugGANNets, build_auggan, structure_terms, train_auggan, translate_scenes
from .weight_sharing import soft_sharing_loss, weight_sharing_loss

__all__ = ["STREET_CLASSES", "StreetScenes", "make_street_scenes", "mean_iou", "per_class_iou",
           "segmentation_confusion_matrix", "SceneSegmenter", "fit_scene_segmenter",
           "predict_scene_masks", "soft_sharing_loss", "weight_sharing_loss", "AugGANGenerator",
           "AugGANNets", "build_auggan", "structure_terms", "train_auggan",
           "translate_scenes", "DayNightTask", "TranslationRun", "make_day_night_task",
           "segmentation_miou", "seed_verdicts", "train_segmenter", "train_translator", "check_paper_weight_sharing_loss",
           "check_mean_iou", "check_night_parsing_loss"]
