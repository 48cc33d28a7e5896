"""Chapter: AugGAN (Huang et al., ECCV 2018), structure-aware image-to-image translation for
data augmentation: day street scenes translated into night ones that keep their objects.

Modules: ``scenes`` (the synthetic day/night street scenes with masks), ``segmentation_metrics``
(confusion matrix, mIoU), ``weight_sharing`` (the soft-sharing loss of Eq. 4), ``segmenter``
(the judge / downstream segmentation network).
"""
from .scenes import STREET_CLASSES, StreetScenes, make_street_scenes
from .segmentation_metrics import mean_iou, per_class_iou, segmentation_confusion_matrix
from .segmenter import SceneSegmenter, fit_scene_segmenter, predict_scene_masks
from .weight_sharing import soft_sharing_loss, weight_sharing_loss

__all__ = ["STREET_CLASSES", "StreetScenes", "make_street_scenes", "mean_iou", "per_class_iou",
           "segmentation_confusion_matrix", "SceneSegmenter", "fit_scene_segmenter",
           "predict_scene_masks", "soft_sharing_loss", "weight_sharing_loss"]
