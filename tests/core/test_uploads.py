"""Safe uploads (chuluc/core/uploads.py): the refusal of a file too large."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from chuluc.core.errors import ApplicationError
from chuluc.core.uploads import PDF, check_upload


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("vi", "Tệp quá lớn: 17,8 KB, tối đa 10,0 KB."),
        ("en", "The file is too large: 17.8 KB (maximum 10.0 KB)."),
    ],
)
def test_a_file_too_large_is_refused_with_sizes_in_the_readers_format(language, says):
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 " + b"x" * 18_218)

    with translation.override(language), pytest.raises(ApplicationError) as refused:
        check_upload(upload, allowed=(PDF,), max_bytes=10_240)

    assert refused.value.message == says
