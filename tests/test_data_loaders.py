"""Loaders on small fixtures written in the upstream file formats, and on the offline mirror."""
import gzip
import hashlib

import numpy as np
import pytest
import scipy.io
import torch
from PIL import Image

import dalib_mini as dm
from dalib_mini.data import mnist as mnist_module


def _idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(s).to_bytes(4, "big") for s in array.shape)
    return gzip.compress(header + array.astype(np.uint8).tobytes())


@pytest.fixture
def mnist_fixture(tmp_path, monkeypatch):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    images = np.arange(3 * 28 * 28, dtype=np.uint64).reshape(3, 28, 28) % 256
    files = {"t10k-images-idx3-ubyte.gz": _idx_bytes(images),
             "t10k-labels-idx1-ubyte.gz": _idx_bytes(np.array([7, 2, 1]))}
    for name, content in files.items():
        (raw / name).write_bytes(content)
        monkeypatch.setitem(mnist_module._MD5, name, hashlib.md5(content).hexdigest())
    return tmp_path, images


def test_mnist_loader_reads_idx_files(mnist_fixture):
    root, images = mnist_fixture
    x, y = dm.load_mnist("test", root=root, download=False)
    assert x.shape == (3, 1, 28, 28) and x.dtype == torch.uint8
    assert torch.equal(x[:, 0], torch.from_numpy(images.astype(np.uint8)))
    assert y.tolist() == [7, 2, 1] and y.dtype == torch.int64


@pytest.fixture
def extracted_mnist_fixture(mnist_fixture, monkeypatch):
    """The same files as ``mnist_fixture``, but the images extracted (no ``.gz``), as
    torchvision leaves them and as the course's mirror holds the training images."""
    root, images = mnist_fixture
    raw = root / "MNIST" / "raw"
    gz = raw / "t10k-images-idx3-ubyte.gz"
    content = gzip.decompress(gz.read_bytes())
    gz.unlink()
    (raw / "t10k-images-idx3-ubyte").write_bytes(content)
    monkeypatch.setitem(mnist_module.EXTRACTED_MD5, "t10k-images-idx3-ubyte",
                        hashlib.md5(content).hexdigest())
    return root, images


def test_mnist_loader_reads_an_extracted_idx_file_when_the_gz_is_absent(extracted_mnist_fixture):
    root, images = extracted_mnist_fixture
    x, y = dm.load_mnist("test", root=root, download=False)
    assert torch.equal(x[:, 0], torch.from_numpy(images.astype(np.uint8)))
    assert y.tolist() == [7, 2, 1]


def test_mnist_loader_checks_the_extracted_file_md5(extracted_mnist_fixture):
    root, _ = extracted_mnist_fixture
    path = root / "MNIST" / "raw" / "t10k-images-idx3-ubyte"
    damaged = bytearray(path.read_bytes())
    damaged[-1] ^= 0xFF
    path.write_bytes(bytes(damaged))
    with pytest.raises(dm.ChecksumError, match="t10k-images-idx3-ubyte has MD5"):
        dm.load_mnist("test", root=root, download=False)


def test_mnist_loader_names_a_corrupt_gz(mnist_fixture):
    root, _ = mnist_fixture
    path = root / "MNIST" / "raw" / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-8])
    with pytest.raises(dm.DatasetCorruptError, match="t10k-labels-idx1-ubyte.gz is not a readable"):
        dm.load_mnist("test", root=root, download=False, verify=False)


def test_mnist_loader_detects_a_damaged_file(mnist_fixture):
    root, _ = mnist_fixture
    path = root / "MNIST" / "raw" / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(_idx_bytes(np.array([7, 2, 2])))
    with pytest.raises(dm.ChecksumError, match="expected"):
        dm.load_mnist("test", root=root, download=False)
    x, y = dm.load_mnist("test", root=root, download=False, verify=False)
    assert y.tolist() == [7, 2, 2]


def test_mnist_missing_file_without_download_names_url_and_path(tmp_path):
    with pytest.raises(dm.DatasetNotFoundError) as error:
        dm.load_mnist("train", root=tmp_path, download=False)
    message = str(error.value)
    assert "train-images-idx3-ubyte.gz" in message and "https://" in message
    assert str(tmp_path / "MNIST" / "raw") in message


def test_mnist_rejects_unknown_split(tmp_path):
    with pytest.raises(ValueError, match="split must be"):
        dm.load_mnist("validation", root=tmp_path)


def _write_mnist_m(root, split, labels):
    folder = root / "mnist_m" / f"mnist_m_{split}"
    folder.mkdir(parents=True)
    lines = []
    for i, label in enumerate(labels):
        name = f"{i:08d}.png"
        Image.fromarray(np.full((32, 32, 3), 10 * i, dtype=np.uint8)).save(folder / name)
        lines.append(f"{name} {label}")
    (root / "mnist_m" / f"mnist_m_{split}_labels.txt").write_text("\n".join(lines) + "\n")


def test_mnist_m_loader_reads_pngs_and_labels(tmp_path):
    _write_mnist_m(tmp_path, "test", [3, 1, 4])
    x, y = dm.load_mnist_m("test", root=tmp_path, download=False, verify=False)  # not the mirror's
    assert x.shape == (3, 3, 32, 32) and x.dtype == torch.uint8
    assert x[2].unique().tolist() == [20]
    assert y.tolist() == [3, 1, 4]
    x, y = dm.load_mnist_m("test", limit=2, root=tmp_path, download=False, verify=False)
    assert x.shape[0] == 2 and y.tolist() == [3, 1]


def test_mnist_m_loader_rejects_a_bad_label_line(tmp_path):
    _write_mnist_m(tmp_path, "train", [3, 1])
    labels = tmp_path / "mnist_m" / "mnist_m_train_labels.txt"
    labels.write_text("00000000.png 3\n00000001.png eleven\n")
    with pytest.raises(dm.DatasetCorruptError, match="line 2"):
        dm.load_mnist_m("train", root=tmp_path, download=False)


def test_amazon_loader_returns_texts_and_labels(tmp_path):
    folder = tmp_path / "amazon_reviews" / "kitchen"
    folder.mkdir(parents=True)
    (folder / "review_positive").write_text("Great pot. Works well &amp; cleans easily\nLove it. yes\n")
    (folder / "review_negative").write_text("Broke. after a week\n\n")
    texts, labels = dm.load_amazon_reviews("kitchen", root=tmp_path, download=False, verify=False)
    assert texts == ["Great pot. Works well & cleans easily", "Love it. yes", "Broke. after a week"]
    assert labels.tolist() == [1, 1, 0]
    with pytest.raises(ValueError, match="domain must be one of"):
        dm.load_amazon_reviews("toys", root=tmp_path)


def test_deepcc_loader_renumbers_labels_and_reads_column_truth(tmp_path):
    (tmp_path / "deepcc").mkdir()
    scipy.io.savemat(tmp_path / "deepcc" / "synthetic_data.mat",
                     {"fea": np.eye(3, 4), "gnd_row": np.array([[5], [7], [5]]),
                      "gnd_col": np.array([[1], [2], [2], [1]])})
    data = dm.load_deepcc_benchmark("synthetic_data", root=tmp_path, download=False, verify=False)
    assert data.X.shape == (3, 4) and data.X.dtype == np.float32
    assert data.row_labels.tolist() == [0, 1, 0] and data.n_row_clusters == 2
    assert data.col_labels.tolist() == [0, 1, 1, 0] and data.n_col_clusters == 2


def test_deepcc_loader_rejects_a_label_count_mismatch(tmp_path):
    (tmp_path / "deepcc").mkdir()
    scipy.io.savemat(tmp_path / "deepcc" / "Yale_32x32.mat", {"fea": np.ones((3, 2)), "gnd": np.ones((2, 1))})
    with pytest.raises(dm.DatasetCorruptError, match="expected 3"):
        dm.load_deepcc_benchmark("Yale_32x32", root=tmp_path, download=False, verify=False)


def _write_movielens(root, lines):
    folder = root / "ml-100k"
    folder.mkdir(parents=True)
    (folder / "u.data").write_text("".join(f"{line}\n" for line in lines))
    (folder / "u.info").write_text(f"3 users\n4 items\n{len(lines)} ratings\n")
    genres = "|".join(["0"] * 19)
    (folder / "u.item").write_text("".join(f"{i}|Movie {i} (1995)|01-Jan-1995||http://x|{genres}\n"
                                           for i in range(1, 5)), encoding="latin-1")
    (folder / "u.user").write_text("1|24|M|technician|85711\n2|53|F|other|94043\n3|23|M|writer|32067\n")
    return folder


GOOD = ["1\t1\t5\t881250949", "1\t2\t3\t881250950", "2\t4\t1\t881250951", "3\t1\t4\t881250952"]


def test_movielens_loader_on_a_valid_fixture(tmp_path):
    _write_movielens(tmp_path, GOOD)
    data = dm.load_movielens_100k(root=tmp_path, download=False, verify=False)
    assert data.ratings.shape == (4, 4) and data.ratings["rating"].tolist() == [5, 3, 1, 4]
    assert (data.n_users, data.n_items) == (3, 4)
    assert len(data.items) == 4 and "Drama" in data.items.columns
    assert data.users["occupation"].tolist()[0] == "technician"


def test_movielens_loader_refuses_a_well_formed_file_that_is_not_the_genuine_one(tmp_path):
    _write_movielens(tmp_path, GOOD)
    with pytest.raises(dm.DatasetCorruptError, match="it is not MovieLens 100K"):
        dm.load_movielens_100k(root=tmp_path, download=False)


@pytest.mark.parametrize("bad_line, message", [
    ("2\t3\t\t881250953", "line 5: field 'rating'"),
    ("2\t3\t6\t881250953", "line 5: rating must lie in"),
    ("9\t3\t2\t881250953", "line 5: user must lie in"),
    ("1\t2\t4\t881250953", "line 5: user 1 rated item 2 twice"),
])
def test_movielens_loader_names_the_first_bad_line(tmp_path, bad_line, message):
    folder = _write_movielens(tmp_path, GOOD + [bad_line])
    (folder / "u.info").write_text("3 users\n4 items\n5 ratings\n")
    with pytest.raises(dm.DatasetCorruptError, match=message):
        dm.load_movielens_100k(root=tmp_path, download=False)


def test_movielens_loader_catches_a_copy_with_every_digit_one_stripped(tmp_path):
    damaged = [line.replace("1", "") for line in GOOD]
    _write_movielens(tmp_path, damaged)
    with pytest.raises(dm.DatasetCorruptError, match="damaged"):
        dm.load_movielens_100k(root=tmp_path, download=False)


# --- the offline mirror of the real files -------------------------------------------------

def test_mirror_mnist_test_split(mirror_root):
    x, y = dm.load_mnist("test", root=mirror_root, download=False)
    assert x.shape == (10000, 1, 28, 28) and y.bincount().tolist()[:3] == [980, 1135, 1032]


def test_mirror_mnist_training_images_are_read_from_the_extracted_file(mirror_root):
    x, y = dm.load_mnist("train", root=mirror_root, download=False)
    assert x.shape == (60000, 1, 28, 28) and y.shape == (60000,)
    assert y.bincount().tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


def test_mirror_mnist_m_splits(mirror_root):
    x, y = dm.load_mnist_m("test", root=mirror_root, download=False)
    assert x.shape == (9001, 3, 32, 32) and set(y.tolist()) == set(range(10))
    x, y = dm.load_mnist_m("train", limit=500, root=mirror_root, download=False)
    assert x.shape == (500, 3, 32, 32)


@pytest.mark.parametrize("domain", dm.AMAZON_DOMAINS)
def test_mirror_amazon_domains_are_balanced(mirror_root, domain):
    texts, labels = dm.load_amazon_reviews(domain, root=mirror_root, download=False)
    assert len(texts) == 6000 and labels.sum() == 3000 and all(texts)


@pytest.mark.parametrize("name, shape, classes", [
    ("WebKB4", (4199, 1000), 4), ("Yale_32x32", (165, 1024), 15), ("synthetic_data", (200, 400), 5),
    ("WebKB_cornell", (195, 1703), 5)])
def test_mirror_deepcc_benchmarks(mirror_root, name, shape, classes):
    data = dm.load_deepcc_benchmark(name, root=mirror_root, download=False)
    assert data.X.shape == shape and data.n_row_clusters == classes


def test_mirror_movielens_side_tables_are_intact(mirror_root):
    items = (mirror_root / "ml-100k" / "u.item").read_text(encoding="latin-1").splitlines()
    users = (mirror_root / "ml-100k" / "u.user").read_text().splitlines()
    assert len(items) == 1682 and items[0].startswith("1|Toy Story (1995)|")
    assert len(users) == 943 and users[0].startswith("1|24|M|technician|")


def test_movielens_from_the_wheel_is_the_genuine_data():
    data = dm.load_movielens_100k_from_wheel()
    assert data.ratings.shape == (100000, 4)
    assert data.ratings.iloc[0].tolist() == [196, 242, 3, 881250949]
    assert (data.n_users, data.n_items) == (943, 1682)
    assert data.ratings.user.nunique() == 943 and data.ratings.item.nunique() == 1682
    assert sorted(data.ratings.rating.unique()) == [1, 2, 3, 4, 5]
    assert list(data.items.columns[3:]) == list(dm.MOVIELENS_GENRES)


def test_mirror_movielens_ratings_are_the_genuine_file_and_match_the_wheel(mirror_root):
    """The mirror's u.data is the genuine file: the loader accepts it (MD5 and format), and the
    wheel-backed offline fallback rebuilds exactly the same bytes."""
    from dalib_mini.data.movielens import u_data_text

    data = dm.load_movielens_100k(root=mirror_root, download=False)
    assert data.ratings.shape == (100000, 4)
    assert data.ratings.iloc[0].tolist() == [196, 242, 3, 881250949]
    raw = (mirror_root / "ml-100k" / "u.data").read_bytes()
    assert hashlib.md5(raw).hexdigest() == dm.U_DATA_MD5
    genuine = u_data_text(dm.load_movielens_100k_from_wheel().ratings)
    assert genuine.encode() == raw
    assert data.ratings.equals(dm.load_movielens_100k_from_wheel().ratings)
