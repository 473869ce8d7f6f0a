"""XXGK_STORAGE_URL: a shared directory, or S3-compatible object storage through django-storages."""

from pathlib import Path

import pytest

from xxgk.settings import storage_from_url


def test_a_shared_directory():
    storage, root = storage_from_url("file:///srv/xxgk%20media", Path("/var/xxgk/media"))
    assert storage["BACKEND"].endswith("FileSystemStorage") and root == Path("/srv/xxgk media")


def test_object_storage_keeps_files_private_and_never_overwrites(monkeypatch):
    monkeypatch.setenv("XXGK_S3_ACCESS_KEY", "ak")
    monkeypatch.setenv("XXGK_S3_SECRET_KEY", "sk")
    storage, root = storage_from_url(
        "s3://xxgk-files/city?endpoint=https://oss.example.gov.cn&region=cn-east-1", Path("/var/m")
    )
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage" and root == Path("/var/m")
    assert options["bucket_name"] == "xxgk-files" and options["location"] == "city"
    assert options["endpoint_url"] == "https://oss.example.gov.cn" and options["region_name"] == "cn-east-1"
    assert options["access_key"] == "ak" and options["secret_key"] == "sk"
    assert options["querystring_auth"] is True and options["default_acl"] is None  # identity documents
    assert options["file_overwrite"] is False
    from storages.backends.s3 import S3Storage

    made = S3Storage(**options)  # django-storages accepts every option as given
    assert made.bucket_name == "xxgk-files" and made.location == "city"


def test_anything_else_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="只支持 file:// 和 s3://"):
        storage_from_url("ftp://files.example/", Path("/var/m"))
