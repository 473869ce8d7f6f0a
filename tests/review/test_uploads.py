import io
import zipfile

from xxgk.review.uploads import MAX_FILE, expand


def make_zip(members: dict[str, bytes], *, gbk_names: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    data = buffer.getvalue()
    if gbk_names:
        # Rewrite the names as GBK bytes without the UTF-8 flag, as Chinese Windows zips them.
        for name in members:
            data = data.replace(
                name.encode("utf-8"), name.encode("gbk").ljust(len(name.encode("utf-8")), b"_")
            )
            data = data.replace(b"\x00\x08", b"\x00\x00")
    return data


def test_plain_files_and_unsupported_types():
    out = expand("a.txt", b"x")
    out = expand("b.xls", b"x", out)
    assert [u.name for u in out.uploads] == ["a.txt"]
    assert out.rejected[0][0] == "b.xls" and "不支持" in out.rejected[0][1]


def test_zip_members_are_read_in_memory_and_dangerous_ones_refused():
    data = make_zip(
        {
            "报告/区发改委.txt": b"report",
            "../../etc/passwd.txt": b"evil",
            "/abs/x.html": b"evil",
            "readme.md": b"skip",
            "dir/": b"",
        }
    )
    out = expand("batch.zip", data)
    assert [(u.name, u.source) for u in out.uploads] == [("区发改委.txt", "batch.zip!报告/区发改委.txt")]
    reasons = dict(out.rejected)
    assert "路径不安全" in reasons["batch.zip!../../etc/passwd.txt"]
    assert "路径不安全" in reasons["batch.zip!/abs/x.html"]
    assert "不支持" in reasons["batch.zip!readme.md"]


def test_zip_bomb_is_refused():
    data = make_zip({"bomb.txt": b"0" * (MAX_FILE + 10), "ok.txt": b"fine"})
    out = expand("bomb.zip", data)
    assert [u.name for u in out.uploads] == ["ok.txt"]
    assert "超过" in dict(out.rejected)["bomb.zip!bomb.txt"]
    ratio = make_zip({"ratio.txt": b"\0" * (5 * 1024 * 1024)})
    assert "压缩炸弹" in dict(expand("r.zip", ratio).rejected)["r.zip!ratio.txt"]


def test_damaged_zip_and_oversized_file():
    assert "不是有效的 ZIP" in expand("x.zip", b"PK\x03\x04junk").rejected[0][1]
    assert "超过" in expand("big.pdf", b"0" * (MAX_FILE + 1)).rejected[0][1]
