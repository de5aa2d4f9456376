"""Legacy binary Word (.doc): LibreOffice converts it to DOCX, which is then read as DOCX.

Offices still send `.doc` files saved by old Word versions. Converting with LibreOffice
(headless, a fresh profile per run so parallel runs never share one, and a time limit)
keeps one Word reader in the project. Without LibreOffice the file fails with an error
that says so. Locations are those of the converted DOCX.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pipeline.read import docx
from pipeline.read.base import RawDocument, ReadError
from pipeline.read.signatures import is_doc

CONVERT_SECONDS = float(os.environ.get("BAOCAO_CONVERT_TIMEOUT", "90"))


def can_read(data: bytes) -> bool:
    """An OLE2 compound file holding a `WordDocument` stream."""
    return is_doc(data)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, target: str, outdir: Path, seconds: float = CONVERT_SECONDS) -> Path:
    """Convert `path` with LibreOffice into `outdir`; the converted file's path."""
    binary = soffice()
    if binary is None:
        raise ReadError(
            "legacy .doc needs LibreOffice (soffice) to convert it; it is not installed"
        )
    profile = outdir / "profile"
    source = outdir / f"input{path.suffix.lower() or '.doc'}"
    shutil.copyfile(path, source)
    command = [
        binary,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        str(source),
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, so a hung conversion can be killed
    )
    try:
        _, err = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired as error:
        raise ReadError(f"LibreOffice took longer than {seconds:g} s to convert it") from error
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    result = outdir / f"input.{target.split(':')[0]}"
    if not result.exists():
        message = err.decode("utf-8", "replace").strip().splitlines()
        detail = f": {message[-1]}" if message else ""
        raise ReadError(f"LibreOffice could not convert it{detail}")
    return result


def read(path: Path) -> RawDocument:
    with tempfile.TemporaryDirectory(prefix="baocao-doc-") as folder:
        converted = convert(Path(path), "docx", Path(folder))
        raw = docx.read(converted)
    raw.format = "doc"
    raw.converted_from = "doc"
    return raw
