"""Scans made from PDFs whose text is known: each page rendered to a grayscale image, turned
by a small angle and given scanner noise, then saved as an image-only PDF (no text layer),
as an office's scanner would make it. Used by the OCR tests and scripts/bench_ocr.py."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image


def page_images(
    source: Path,
    dpi: int = 300,
    angle: float = 0.0,
    noise: float = 0.0,
    pages: list[int] | None = None,
    seed: int = 0,
) -> list[Image.Image]:
    """The pages of `source` as a scanner would give them: `angle` degrees
    counter-clockwise, Gaussian noise of `noise` grey levels."""
    rng = np.random.default_rng(seed)
    document = pypdfium2.PdfDocument(str(source))
    images = []
    try:
        numbers = pages or list(range(1, len(document) + 1))
        for number in numbers:
            page = document[number - 1]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            if angle:
                image = image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
            if noise:
                pixels = np.asarray(image).astype(np.int16)
                pixels += rng.normal(0, noise, pixels.shape).astype(np.int16)
                image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
            images.append(image)
    finally:
        document.close()
    return images


def make_scan(source: Path, target: Path, dpi: int = 300, **how: object) -> Path:
    """An image-only PDF of `source`'s pages (see `page_images` for `how`)."""
    images = page_images(source, dpi, **how)
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return target
