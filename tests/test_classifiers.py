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
                              batch_size=32, lr=3e-3, generator=generator)
    test_images, test_labels = _toy_images(128, generator)
    probs = dm.predict_proba(model, test_images)
    assert torch.allclose(probs.sum(dim=1), torch.ones(128), atol=1e-5)
    assert dm.accuracy(probs, test_labels) > 0.95
    assert not model.training
