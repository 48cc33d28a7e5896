import pytest
import torch

import dalib_mini as dm


def _toy_images(n: int, generator: torch.Generator):
    labels = torch.randint(0, 2, (n,), generator=generator)
    images = torch.rand(n, 1, 12, 12, generator=generator) * 0.2
    images[labels == 1, :, :6, :] += 0.8  # class 1: bright upper half
    return images, labels


def test_small_conv_net_output_shape():
    model = dm.SmallConvNet(in_channels=3, num_classes=7, width=8)
    assert model(torch.zeros(5, 3, 32, 32)).shape == (5, 7)


def test_fit_classifier_learns_a_separable_toy_problem():
    generator = dm.seed_everything(0)
    images, labels = _toy_images(256, generator)
    model = dm.fit_classifier(dm.SmallConvNet(1, 2, width=8), images, labels, epochs=3,
                              batch_size=32, lr=3e-3, seed=0, device="cpu")
    test_images, test_labels = _toy_images(128, generator)
    probs = dm.predict_proba(model, test_images)
    assert torch.allclose(probs.sum(dim=1), torch.ones(128), atol=1e-5)
    assert dm.accuracy(probs, test_labels) > 0.95
    assert not model.training


def test_fit_classifier_trains_a_per_pixel_segmenter():
    dm.seed_everything(0)
    images = torch.rand(64, 1, 8, 8)
    masks = (images[:, 0] > 0.5).long()  # class = bright pixel
    model = torch.nn.Conv2d(1, 2, 1)
    model = dm.fit_classifier(model, images, masks, epochs=30, batch_size=16, lr=5e-2, seed=0,
                              device="cpu")
    with torch.no_grad():
        predicted = model(images).argmax(1)
    assert (predicted == masks).float().mean() > 0.95


def test_fit_classifier_is_repeatable_with_a_seed():
    images, labels = torch.rand(32, 1, 8, 8), torch.randint(0, 2, (32,))
    weights = []
    for _ in range(2):
        torch.manual_seed(1)
        model = dm.fit_classifier(torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(64, 2)),
                                  images, labels, epochs=2, batch_size=8, seed=5, device="cpu")
        weights.append(model[1].weight.detach().clone())
    assert torch.equal(*weights)


def test_fit_classifier_rejects_labels_that_do_not_match_the_images():
    model = torch.nn.Conv2d(1, 2, 1)
    with pytest.raises(ValueError, match="labels must be"):
        dm.fit_classifier(model, torch.rand(4, 1, 8, 8), torch.zeros(4, 7, 7, dtype=torch.long))
    with pytest.raises(ValueError, match="images must have shape"):
        dm.fit_classifier(model, torch.rand(4, 8, 8), torch.zeros(4, dtype=torch.long))


def test_classifier_features_batch_like_one_pass_and_keep_the_mode():
    torch.manual_seed(0)
    model = dm.SmallConvNet(width=4)
    images = torch.rand(7, 1, 28, 28)
    model.train()
    feats = dm.classifier_features(model, images, batch_size=3)
    assert model.training  # the mode it had
    model.eval()
    with torch.no_grad():
        torch.testing.assert_close(feats, model.features(images))
    with pytest.raises(TypeError, match="features block"):
        dm.classifier_features(torch.nn.Linear(2, 2), images)
