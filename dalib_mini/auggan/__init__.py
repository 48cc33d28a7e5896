"""Chapter: AugGAN (Huang et al., ECCV 2018), structure-aware image-to-image translation for
data augmentation: day street scenes translated into night ones that keep their objects.

Modules: ``scenes`` (the synthetic day/night street scenes with masks, the day/night task),
``segmentation_metrics`` (confusion matrix, mIoU), ``weight_sharing`` (the soft-sharing loss of
Eq. 4), ``parsing_loss`` (L_seg: cross-entropy and the paper's L1 term), ``segmenter`` (the judge / downstream segmentation network and its training),
``models`` (AugGAN's multi-task generator),
``training`` (Eq. 6, :func:`train_auggan`), ``experiments`` (the chapter's protocol: AugGAN
and the CycleGAN chapter's baseline on the same data), ``settings`` (:class:`AugGANSettings`,
the quick / full profiles), ``plotting`` (scene rows with a class legend), ``exercises`` (self-checks, ``dm.auggan.exercises.check_*``).
"""
from . import exercises  # noqa: F401  (dm.auggan.exercises.check_*)
from .experiments import (  # noqa: F401  (METHODS: dm.auggan.METHODS, not at the root)
    METHODS,
    TranslationRun,
    seed_verdicts,
    segmentation_miou,
    train_translator,
)
from .models import AugGANGenerator
from .parsing_loss import parsing_loss
from .plotting import SCENE_PALETTE, mask_to_rgb, show_scene_rows  # noqa: F401  (SCENE_PALETTE: dm.auggan)
from .scenes import (  # noqa: F401  (STREET_CLASSES: dm.auggan.STREET_CLASSES)
    STREET_CLASSES,
    DayNightTask,
    StreetScenes,
    make_day_night_task,
    make_street_scenes,
)
from .segmentation_metrics import mean_iou, per_class_iou, segmentation_confusion_matrix
from .segmenter import SceneSegmenter, predict_scene_masks, train_segmenter
from .settings import AugGANSettings
from .training import (
    NIGHT_PARSER_TARGETS,  # noqa: F401  (dm.auggan.NIGHT_PARSER_TARGETS)
    AugGANNets,
    AugGANRun,
    build_auggan,
    structure_terms,
    train_auggan,
    translate_scenes,
)
from .weight_sharing import sharing_cosines, soft_sharing_loss, weight_sharing_loss

# constants (STREET_CLASSES, METHODS) and the exercise checks stay in dm.auggan
__all__ = ["AugGANSettings", "StreetScenes", "make_street_scenes", "DayNightTask",
           "make_day_night_task", "mean_iou", "per_class_iou", "segmentation_confusion_matrix",
           "SceneSegmenter", "train_segmenter", "predict_scene_masks", "soft_sharing_loss",
           "weight_sharing_loss", "AugGANGenerator", "AugGANNets", "AugGANRun", "build_auggan",
           "structure_terms", "train_auggan", "translate_scenes", "TranslationRun",
           "train_translator", "segmentation_miou", "seed_verdicts", "parsing_loss",
           "sharing_cosines", "mask_to_rgb", "show_scene_rows"]
