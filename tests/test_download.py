"""The download path, for real, against a small HTTP server on 127.0.0.1."""
import hashlib
import http.server
import threading
import zipfile
from functools import partial

import pytest

import dalib_mini as dm
from dalib_mini.data._download import ensure_extracted, ensure_file


@pytest.fixture
def server(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{httpd.server_address[1]}", httpd
    httpd.shutdown()
    httpd.server_close()


def test_download_writes_the_file_when_the_checksum_matches(server, tmp_path):
    served, url, _ = server
    payload = b"digits" * 1000
    (served / "data.bin").write_bytes(payload)
    dest = tmp_path / "cache" / "data.bin"
    dm.download_file(f"{url}/data.bin", dest, md5=hashlib.md5(payload).hexdigest())
    assert dest.read_bytes() == payload
    assert [p.name for p in dest.parent.iterdir()] == ["data.bin"]


def test_checksum_mismatch_leaves_no_file_behind(server, tmp_path):
    served, url, _ = server
    (served / "data.bin").write_bytes(b"tampered")
    dest = tmp_path / "cache" / "data.bin"
    with pytest.raises(dm.ChecksumError, match="expected 0+"):
        dm.download_file(f"{url}/data.bin", dest, md5="0" * 32)
    assert list(dest.parent.iterdir()) == []


def test_server_gone_gives_an_error_naming_dataset_url_and_path(server, tmp_path):
    _, url, httpd = server
    httpd.shutdown()
    httpd.server_close()
    dest = tmp_path / "cache" / "u.data"
    with pytest.raises(dm.DatasetNotFoundError) as error:
        ensure_file("MovieLens 100K", dest, f"{url}/u.data", md5=None)
    message = str(error.value)
    assert "MovieLens 100K" in message and f"{url}/u.data" in message and str(dest) in message
    assert not dest.exists()


def test_missing_file_on_the_server_is_a_clear_error(server, tmp_path):
    _, url, _ = server
    with pytest.raises(dm.DatasetNotFoundError, match="404"):
        ensure_file("toy", tmp_path / "x.bin", f"{url}/x.bin")


def test_archive_is_downloaded_checksummed_and_unpacked(server, tmp_path):
    served, url, _ = server
    archive = served / "toy.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("toy/u.data", "1\t1\t5\t0\n")
    root = tmp_path / "root"
    root.mkdir()
    marker = ensure_extracted("toy", root / "toy" / "u.data", root / "toy.zip", f"{url}/toy.zip",
                              hashlib.md5(archive.read_bytes()).hexdigest(), extract_to=root)
    assert marker.read_text() == "1\t1\t5\t0\n"
    assert sorted(p.name for p in root.iterdir()) == ["toy", "toy.zip"]


def test_data_root_prefers_argument_then_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DALIB_MINI_DATA", str(tmp_path / "env"))
    assert dm.data_root(tmp_path / "arg") == tmp_path / "arg"
    assert dm.data_root() == tmp_path / "env"
    monkeypatch.setenv("DALIB_MINI_DATA", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert dm.data_root() == tmp_path / "cache" / "dalib_mini"
