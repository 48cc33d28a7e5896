"""Finding dataset files under the data root, and downloading them for online users.

The data root is ``$DALIB_MINI_DATA`` or, if unset, ``~/.cache/dalib_mini``; each dataset
lives in its own folder there, laid out as its upstream archive unpacks. Downloads are
checksummed and atomic: the bytes go to a temporary file beside the target, which is renamed
into place only once its checksum matches, so a failed or corrupted download leaves nothing
behind.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from tqdm.auto import tqdm

__all__ = ["data_root", "DatasetNotFoundError", "DatasetCorruptError", "ChecksumError",
           "download_file", "ensure_file", "ensure_extracted", "md5sum"]


class DatasetNotFoundError(FileNotFoundError):
    """A dataset file is missing and could not be downloaded."""


class ChecksumError(ValueError):
    """Downloaded or stored bytes do not have the published checksum."""


class DatasetCorruptError(ValueError):
    """A dataset file exists but its content is not what the format promises."""


def data_root(root: str | os.PathLike | None = None) -> Path:
    """The folder that holds every dataset: ``root`` if given, else ``$DALIB_MINI_DATA``,
    else ``~/.cache/dalib_mini``."""
    if root is not None:
        return Path(root).expanduser()
    env = os.environ.get("DALIB_MINI_DATA", "").strip()
    if env:
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(cache) / "dalib_mini"


def md5sum(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def download_file(url: str, dest: str | os.PathLike, md5: str | None = None,
                  timeout: float = 30.0) -> Path:
    """Download ``url`` to ``dest`` atomically, verifying ``md5`` if given.

    Raises:
        urllib.error.URLError / OSError: the server could not be reached.
        ChecksumError: the bytes arrived but their MD5 differs (no file is left behind).
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.md5()
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            total = int(response.headers.get("Content-Length") or 0) or None
            with tqdm(total=total, unit="B", unit_scale=True, desc=f"download {dest.name}",
                      disable=os.environ.get("DALIB_MINI_PROGRESS", "1") == "0") as bar:
                while block := response.read(1 << 16):
                    out.write(block)
                    digest.update(block)
                    bar.update(len(block))
        if md5 is not None and digest.hexdigest() != md5:
            raise ChecksumError(f"download of {url} has MD5 {digest.hexdigest()}, expected {md5}; "
                                "the file was discarded")
        tmp.replace(dest)
    finally:
        if tmp.exists():
            tmp.unlink()
    return dest


def _missing_message(dataset: str, url: str, path: Path, reason: str) -> str:
    return (f"{dataset}: {path} does not exist and the download from {url} failed ({reason}). "
            f"Without network access, place the file at {path} yourself, or point the "
            f"DALIB_MINI_DATA environment variable at a folder that has it "
            f"(currently the data root is {data_root()}).")


def ensure_file(dataset: str, path: Path, url: str, md5: str | None = None,
                download: bool = True, verify: bool = True) -> Path:
    """Return ``path``, downloading it from ``url`` first if it is missing.

    If the file exists and ``verify`` is true, its MD5 is checked against ``md5``.
    """
    if path.exists():
        if verify and md5 is not None and (actual := md5sum(path)) != md5:
            raise ChecksumError(f"{dataset}: {path} has MD5 {actual}, expected {md5}. The file "
                                f"is damaged or not the published one; delete it and download "
                                f"it again from {url}.")
        return path
    if not download:
        raise DatasetNotFoundError(_missing_message(dataset, url, path, "download=False"))
    try:
        return download_file(url, path, md5=md5)
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        raise DatasetNotFoundError(_missing_message(dataset, url, path, str(error))) from error


def ensure_extracted(dataset: str, marker: Path, archive: Path, url: str, md5: str | None,
                     extract_to: Path, download: bool = True) -> Path:
    """Make sure an archive's content is unpacked: if ``marker`` (a path the archive creates)
    is missing, download ``archive`` (checksummed) and unpack it into ``extract_to``."""
    if marker.exists():
        return marker
    ensure_file(dataset, archive, url, md5, download=download)
    staging = Path(tempfile.mkdtemp(prefix=".extract-", dir=extract_to))
    try:
        if archive.suffix == ".zip":
            with zipfile.ZipFile(archive) as zipped:
                zipped.extractall(staging)
        else:
            with tarfile.open(archive) as tarred:
                tarred.extractall(staging, filter="data")
        for item in staging.iterdir():
            target = extract_to / item.name
            if not target.exists():
                item.replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if not marker.exists():
        raise DatasetCorruptError(f"{dataset}: unpacking {archive} did not create {marker}")
    return marker
