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
           "download_file", "ensure_file", "ensure_extracted", "md5sum", "sha256sum",
           "verify_sha256", "checksum_error", "corrupt_file_error"]


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


def sha256sum(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _what_to_do(url: str | None) -> str:
    again = f"delete it and download it again from {url}" if url else "delete it and restore it"
    return (f"{again}, or point the DALIB_MINI_DATA environment variable at a folder with a good "
            f"copy (the data root is now {data_root()}), or pass verify=False if you know the "
            f"file is what you want")


def checksum_error(dataset: str, path: Path, expected: str, found: str, url: str | None,
                   kind: str = "SHA-256") -> ChecksumError:
    """The :class:`ChecksumError` for ``path``: the file, both digests and what to do."""
    return ChecksumError(f"{dataset}: {path} has {kind} {found}, expected {expected}. The file is "
                         f"damaged or not the one the course was checked on; {_what_to_do(url)}.")


def verify_sha256(dataset: str, path: Path, expected: str, url: str | None = None) -> Path:
    """Return ``path`` if its SHA-256 is ``expected``, else raise :class:`ChecksumError`."""
    if (found := sha256sum(path)) != expected:
        raise checksum_error(dataset, path, expected, found, url)
    return path


def corrupt_file_error(dataset: str, path: Path, problem: str,
                       url: str | None = None) -> DatasetCorruptError:
    """The :class:`DatasetCorruptError` for a file that cannot be read: it names the file."""
    again = f"download it again from {url}" if url else "restore it from a good copy"
    return DatasetCorruptError(f"{dataset}: {path} is damaged ({problem}); delete it and {again}, "
                               f"or point DALIB_MINI_DATA at a folder with a good copy.")


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


def _missing_message(dataset: str, url: str, path: Path, reason: str | None,
                     accepted: str = "") -> str:
    """Why ``path`` is missing: ``reason`` is the download's error, ``None`` for
    ``download=False`` (nothing was tried). ``accepted``: other layouts the loader reads."""
    if reason is None:
        head = (f"{dataset}: {path} does not exist (download=False, so nothing was downloaded; "
                f"download=True fetches it from {url}).")
    else:
        head = (f"{dataset}: {path} does not exist and the download from {url} failed "
                f"({reason}). Without network access, place the file there yourself.")
    return (f"{head}{' ' + accepted if accepted else ''} Or point the DALIB_MINI_DATA environment "
            f"variable at a folder that has it (currently the data root is {data_root()}).")


def ensure_file(dataset: str, path: Path, url: str, md5: str | None = None,
                download: bool = True, verify: bool = True, sha256: str | None = None,
                accepted: str = "") -> Path:
    """Return ``path``, downloading it from ``url`` first if it is missing.

    If the file exists and ``verify`` is true, its MD5 is checked against ``md5`` (published
    upstream) and its SHA-256 against ``sha256`` (the course's own digest of the file, where
    upstream publishes none); a mismatch raises :class:`ChecksumError`. ``accepted`` is added to
    the message for a missing file (other layouts the loader reads).
    """
    if path.exists():
        if verify and md5 is not None and (actual := md5sum(path)) != md5:
            raise checksum_error(dataset, path, md5, actual, url, kind="MD5")
        if verify and sha256 is not None:
            verify_sha256(dataset, path, sha256, url)
        return path
    if not download:
        raise DatasetNotFoundError(_missing_message(dataset, url, path, None, accepted))
    try:
        download_file(url, path, md5=md5)
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        raise DatasetNotFoundError(_missing_message(dataset, url, path, str(error),
                                                    accepted)) from error
    if verify and sha256 is not None:
        try:
            verify_sha256(dataset, path, sha256, url)
        except ChecksumError:
            path.unlink()
            raise
    return path


def ensure_extracted(dataset: str, marker: Path, archive: Path, url: str, md5: str | None,
                     extract_to: Path, download: bool = True, accepted: str = "") -> Path:
    """Make sure an archive's content is unpacked: if ``marker`` (a path the archive creates)
    is missing, download ``archive`` (checksummed) and unpack it into ``extract_to``.
    ``accepted`` is added to the message when the archive is missing too."""
    if marker.exists():
        return marker
    ensure_file(dataset, archive, url, md5, download=download, accepted=accepted)
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
