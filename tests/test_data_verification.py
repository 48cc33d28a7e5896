"""Every data file the loaders read is verified, and a damaged one is named.

All damage is done to copies of the mirror's real files in ``tmp_path`` (the mirror is
read-only); the mirror's own files must pass verification.
"""
from __future__ import annotations

import hashlib
import re
import shutil

import pytest

import dalib_mini as dm
from dalib_mini.data import amazon_reviews, deepcc_benchmarks, mnist_m, movielens


def _flip(path, start: int, count: int = 16) -> None:
    data = bytearray(path.read_bytes())
    for i in range(start, start + count):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _assert_explains(error, path, expected: str) -> None:
    """A checksum message names the file, both digests and what to do."""
    message = str(error.value)
    assert str(path) in message and expected in message
    found = re.findall(r"\b[0-9a-f]{64}\b", message)
    assert len(set(found)) == 2, message
    assert "delete it" in message and "DALIB_MINI_DATA" in message and "verify=False" in message


# --- DeepCC ----------------------------------------------------------------------------------

@pytest.fixture
def deepcc_copy(mirror_root, tmp_path):
    (tmp_path / "deepcc").mkdir()
    for name in ("WebKB_texas", "synthetic_data", "Yale_32x32"):
        shutil.copy(mirror_root / "deepcc" / f"{name}.mat", tmp_path / "deepcc")
    return tmp_path


@pytest.mark.parametrize("name", deepcc_benchmarks.DEEPCC_DATASETS)
def test_mirror_deepcc_files_pass_verification(mirror_root, name):
    path = mirror_root / "deepcc" / f"{name}.mat"
    assert dm.data._download.sha256sum(path) == deepcc_benchmarks.DEEPCC_SHA256[name]
    data = dm.load_deepcc_benchmark(name, root=mirror_root, download=False)
    assert data.X.shape[0] == data.row_labels.shape[0]


@pytest.mark.parametrize("name", ["WebKB_texas", "synthetic_data"])
def test_deepcc_flipped_bytes_fail_the_checksum(deepcc_copy, name):
    path = deepcc_copy / "deepcc" / f"{name}.mat"
    _flip(path, 2000)
    with pytest.raises(dm.ChecksumError) as error:
        dm.load_deepcc_benchmark(name, root=deepcc_copy, download=False)
    _assert_explains(error, path, deepcc_benchmarks.DEEPCC_SHA256[name])


def test_deepcc_damaged_compressed_mat_is_named(deepcc_copy):
    path = deepcc_copy / "deepcc" / "Yale_32x32.mat"
    _flip(path, 2000)  # inside the zlib stream: scipy alone says "Error -3 while decompressing"
    with pytest.raises(dm.DatasetCorruptError, match=re.escape(str(path)) + ".*Error -3"):
        dm.load_deepcc_benchmark("Yale_32x32", root=deepcc_copy, download=False, verify=False)


def test_deepcc_truncated_mat_is_named(deepcc_copy):
    path = deepcc_copy / "deepcc" / "WebKB_texas.mat"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(dm.DatasetCorruptError, match=re.escape(str(path))):
        dm.load_deepcc_benchmark("WebKB_texas", root=deepcc_copy, download=False, verify=False)


# --- Amazon reviews --------------------------------------------------------------------------

@pytest.fixture
def kitchen_copy(mirror_root, tmp_path):
    shutil.copytree(mirror_root / "amazon_reviews" / "kitchen", tmp_path / "amazon_reviews" / "kitchen")
    return tmp_path, tmp_path / "amazon_reviews" / "kitchen" / "review_positive"


def test_mirror_amazon_files_pass_verification(mirror_root):
    for (domain, name), digest in amazon_reviews.AMAZON_SHA256.items():
        assert dm.data._download.sha256sum(mirror_root / "amazon_reviews" / domain / name) == digest
    texts, labels = dm.load_amazon_reviews("kitchen", root=mirror_root, download=False)
    assert len(texts) == 6000 and labels.sum() == 3000


def test_amazon_file_cut_mid_review(kitchen_copy):
    root, path = kitchen_copy
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"\n", len(data) // 2) + 40])  # 40 bytes into a review
    with pytest.raises(dm.ChecksumError) as error:
        dm.load_amazon_reviews("kitchen", root=root, download=False)
    _assert_explains(error, path, amazon_reviews.AMAZON_SHA256["kitchen", "review_positive"])
    with pytest.raises(dm.DatasetCorruptError, match=re.escape(str(path)) + ".*cut off mid-review"):
        dm.load_amazon_reviews("kitchen", root=root, download=False, verify=False)


def test_amazon_file_with_invalid_utf8(kitchen_copy):
    root, path = kitchen_copy
    data = path.read_bytes()
    path.write_bytes(data[:1000] + b"\xff\xfe" + data[1002:])
    with pytest.raises(dm.ChecksumError):
        dm.load_amazon_reviews("kitchen", root=root, download=False)
    with pytest.raises(dm.DatasetCorruptError, match=re.escape(str(path)) + ".*invalid UTF-8 at byte 1000"):
        dm.load_amazon_reviews("kitchen", root=root, download=False, verify=False)


# --- MNIST-M ---------------------------------------------------------------------------------

@pytest.fixture
def mnist_m_copy(mirror_root, tmp_path):
    """The mirror's test split: the label file copied, the PNGs linked (damage replaces a link
    by a damaged copy, never touching the mirror)."""
    source, base = mirror_root / "mnist_m", tmp_path / "mnist_m"
    (base / "mnist_m_test").mkdir(parents=True)
    shutil.copy(source / "mnist_m_test_labels.txt", base)
    for png in (source / "mnist_m_test").iterdir():
        (base / "mnist_m_test" / png.name).symlink_to(png)
    return tmp_path, base


def _replace_link(link, data: bytes) -> None:
    link.unlink()
    link.write_bytes(data)


def test_mirror_mnist_m_files_pass_verification(mirror_root):
    for split, expected in mnist_m.MNIST_M_SHA256.items():
        labels = mirror_root / "mnist_m" / f"mnist_m_{split}_labels.txt"
        assert hashlib.sha256(labels.read_bytes()).hexdigest() == expected["labels"]
        x, y = dm.load_mnist_m(split, limit=8, root=mirror_root, download=False)
        assert x.shape == (8, 3, 32, 32) and y.shape == (8,)


def test_mnist_m_truncated_png(mnist_m_copy):
    root, base = mnist_m_copy
    link = base / "mnist_m_test" / "00000003.png"
    _replace_link(link, link.read_bytes()[:-200])
    with pytest.raises(dm.ChecksumError) as error:
        dm.load_mnist_m("test", limit=8, root=root, download=False)
    _assert_explains(error, base / "mnist_m_test", mnist_m.MNIST_M_SHA256["test"]["images"])
    with pytest.raises(dm.DatasetCorruptError, match=re.escape(str(link)) + ".*not a readable PNG"):
        dm.load_mnist_m("test", limit=8, root=root, download=False, verify=False)


def test_mnist_m_png_with_changed_bytes_fails_to_decode(mnist_m_copy):
    root, base = mnist_m_copy
    link = base / "mnist_m_test" / "00000002.png"
    data = bytearray(link.read_bytes())
    start = data.index(b"IDAT") + 20
    data[start:start + 8] = bytes(b ^ 0xFF for b in data[start:start + 8])  # same size
    _replace_link(link, bytes(data))
    with pytest.raises(dm.DatasetCorruptError, match=re.escape(str(link))):
        dm.load_mnist_m("test", limit=8, root=root, download=False)


def test_mnist_m_truncated_label_file(mnist_m_copy):
    root, base = mnist_m_copy
    labels = base / "mnist_m_test_labels.txt"
    labels.write_bytes(b"".join(labels.read_bytes().splitlines(keepends=True)[:100]))
    with pytest.raises(dm.ChecksumError) as error:
        dm.load_mnist_m("test", limit=8, root=root, download=False)
    _assert_explains(error, labels, mnist_m.MNIST_M_SHA256["test"]["labels"])
    x, _ = dm.load_mnist_m("test", limit=8, root=root, download=False, verify=False)
    assert x.shape[0] == 8


# --- MovieLens -------------------------------------------------------------------------------

@pytest.fixture
def movielens_copy(mirror_root, tmp_path):
    shutil.copytree(mirror_root / "ml-100k", tmp_path / "ml-100k")
    for path in (tmp_path / "ml-100k").iterdir():
        path.chmod(0o644)
    return tmp_path, tmp_path / "ml-100k"


def test_mirror_movielens_side_tables_pass_verification(mirror_root):
    for name, digest in movielens.MOVIELENS_SHA256.items():
        assert dm.data._download.sha256sum(mirror_root / "ml-100k" / name) == digest
    data = dm.load_movielens_100k(root=mirror_root, download=False)
    assert len(data.items) == 1682 and len(data.users) == 943


def test_movielens_garbage_u_item(movielens_copy):
    root, base = movielens_copy
    (base / "u.item").write_bytes(b"this is not a table\x00\x01\n")
    with pytest.raises(dm.ChecksumError) as error:
        dm.load_movielens_100k(root=root, download=False)
    _assert_explains(error, base / "u.item", movielens.MOVIELENS_SHA256["u.item"])
    with pytest.raises(dm.DatasetCorruptError, match=re.escape(str(base / "u.item")) + ", line 1"):
        dm.load_movielens_100k(root=root, download=False, verify=False)


def test_movielens_u_item_missing_its_last_lines(movielens_copy):
    root, base = movielens_copy
    lines = (base / "u.item").read_bytes().splitlines(keepends=True)
    (base / "u.item").write_bytes(b"".join(lines[:-3]))
    with pytest.raises(dm.DatasetCorruptError, match="1679 lines, u.info says 1682 items"):
        dm.load_movielens_100k(root=root, download=False, verify=False)


def test_movielens_changed_u_user(movielens_copy):
    root, base = movielens_copy
    text = (base / "u.user").read_text()
    (base / "u.user").write_text(text.replace("|technician|", "|engineer|", 1))
    with pytest.raises(dm.ChecksumError, match="u.user"):
        dm.load_movielens_100k(root=root, download=False)


# --- missing files with download=False -------------------------------------------------------

@pytest.mark.parametrize("load, accepted", [
    (lambda root: dm.load_mnist("test", root=root, download=False), None),
    (lambda root: dm.load_mnist_m("test", root=root, download=False), "mnist_m_test_labels.txt"),
    (lambda root: dm.load_movielens_100k(root=root, download=False), "u.data, u.info"),
    (lambda root: dm.load_amazon_reviews("books", root=root, download=False), None),
    (lambda root: dm.load_deepcc_benchmark("WebKB4", root=root, download=False), None),
])
def test_missing_file_without_download_does_not_claim_a_failed_download(tmp_path, load, accepted):
    with pytest.raises(dm.DatasetNotFoundError) as error:
        load(tmp_path)
    message = str(error.value)
    assert "failed" not in message and "download=False" in message and str(tmp_path) in message
    assert "https://" in message and "DALIB_MINI_DATA" in message
    if accepted is not None:
        assert "extracted" in message and accepted in message
