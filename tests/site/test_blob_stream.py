"""Blobs streamed from one `git cat-file --batch`, in any order they are asked for."""

from __future__ import annotations

import subprocess

from openrubric.site.blob_stream import BlobStream


def test_blobs_come_back_whatever_the_order_they_are_asked_in(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    contents = [f"version {number}\n".encode() * (number + 1) for number in range(5)] + [b""]
    shas = [subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=tmp_path, input=content, capture_output=True, check=True).stdout.decode().strip() for content in contents]
    alone = []

    def read_alone(sha: str) -> bytes:
        alone.append(sha)
        return subprocess.run(["git", "cat-file", "blob", sha], cwd=tmp_path, capture_output=True, check=True).stdout

    with BlobStream(str(tmp_path / ".git"), shas, read_alone) as blobs:
        asked = [shas[1], shas[0], shas[2], shas[5], shas[0], shas[4], shas[3]]
        read = [blobs.read(sha) for sha in asked]

    assert read == [contents[shas.index(sha)] for sha in asked]
    assert alone == [shas[0]]  # only the blob asked for again after its turn


def test_a_missing_blob_reads_as_empty(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    missing = "0" * 39 + "1"

    with BlobStream(str(tmp_path / ".git"), [missing], lambda sha: b"never") as blobs:
        assert blobs.read(missing) == b""
