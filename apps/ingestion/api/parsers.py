"""Multipart parsing that keeps each uploaded file's name as the client sent it.

Django reduces a file name to its last component while it parses ("../../x.txt" arrives as
"x.txt", ".." not at all), so a view could not refuse a name with a path as the API promises.
This parser does the same parsing and also sets ``submitted_name`` on each uploaded file: the
name before that reduction, for the view to judge.
"""

from __future__ import annotations

import html

from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.http.multipartparser import MultiPartParserError
from rest_framework.exceptions import ParseError
from rest_framework.parsers import DataAndFiles, MultiPartParser, get_encoding

PLACEHOLDER = "unnamed"  # what a name Django would drop (".." or "a/") is stored as


class _NameKeepingParser(DjangoMultiPartParser):
    _submitted = ""

    def sanitize_file_name(self, file_name):
        # Called for each file part just before its upload handlers start on it.
        self._submitted = html.unescape(file_name)
        return super().sanitize_file_name(file_name) or (PLACEHOLDER if file_name else None)

    def handle_file_complete(self, old_field_name, counters):
        before = {key: len(files) for key, files in self._files.lists()}
        super().handle_file_complete(old_field_name, counters)
        for key, files in self._files.lists():
            for uploaded in files[before.get(key, 0) :]:
                uploaded.submitted_name = self._submitted


class NameKeepingMultiPartParser(MultiPartParser):
    """DRF's multipart parser, with ``submitted_name`` on every uploaded file."""

    def parse(self, stream, media_type=None, parser_context=None):
        # DRF's own ``parse`` with the name-keeping Django parser in place of Django's.
        parser_context = parser_context or {}
        request = parser_context["request"]
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        encoding = get_encoding(parser_context)
        try:
            parser = _NameKeepingParser(meta, stream, request.upload_handlers, encoding)
            data, files = parser.parse()
        except MultiPartParserError as exc:
            raise ParseError(f"Multipart form parse error - {exc}") from exc
        return DataAndFiles(data, files)
