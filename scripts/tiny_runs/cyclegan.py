"""CycleGAN: ``train_cyclegan`` (2 steps, with a snapshot) and ``train_digit_judges`` (1 epoch)
on 16 real MNIST and 16 real MNIST-M images of the mirror per role."""
from __future__ import annotations

import dataclasses

import dalib_mini as dm


def _tiny_digits(n: int = 16) -> dm.UnpairedDigits:
    """The roles of :func:`dalib_mini.load_unpaired_digits`, ``n`` images each."""
    root = dm.data_root()
    mnist, mnist_labels = dm.load_mnist("test", root=root)
    mnist = dm.to_float_images(dm.digits_to_rgb32(mnist[:2 * n]), (-1.0, 1.0))
    mnist_m, mnist_m_labels = dm.load_mnist_m("train", limit=n, root=root)
    mnist_m_test, mnist_m_test_labels = dm.load_mnist_m("test", limit=n, root=root)
    return dm.UnpairedDigits(
        x_train=mnist[:n], x_train_labels=mnist_labels[:n],
        y_train=dm.to_float_images(mnist_m, (-1.0, 1.0)), y_train_labels=mnist_m_labels,
        x_eval=mnist[n:], x_eval_labels=mnist_labels[n:2 * n],
        y_eval=dm.to_float_images(mnist_m_test, (-1.0, 1.0)), y_eval_labels=mnist_m_test_labels)


def run(device) -> dict:
    cfg = dataclasses.replace(
        dm.chapter_settings("cyclegan", "quick"), width=2, num_res_blocks=1, num_sampling=1,
        disc_width=2, disc_layers=1, steps=2, batch_size=2, log_every=1, pool_size=2,
        snapshot_steps=(0, 2), judge_epochs=1, judge_width=2, judge_batch_size=8)
    data = _tiny_digits()
    result = dm.train_cyclegan(data, cfg, seed=0, device=device,
                               fixed_inputs=(data.x_eval[:2], data.y_eval[:2]))
    judges = dm.train_digit_judges(data, cfg, seed=0, device=device)
    return {"g_xy": result.nets.g_xy, "g_yx": result.nets.g_yx, "d_x": result.nets.d_x,
            "d_y": result.nets.d_y, "judge_x": judges.x, "judge_y": judges.y}
