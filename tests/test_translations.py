"""The German catalogue is complete: every string the templates and code mark for translation is
in src/cadence/locale/de/LC_MESSAGES/django.po, translated, not fuzzy, with the same placeholders,
and compiled into django.mo. A failure here means: run `make messages`, translate the new entries
(empty msgstr) and commit both files (docs/translations.md)."""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

import cadence

SOURCE = Path(cadence.__file__).parent
CATALOGUE = SOURCE / "locale" / "de" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")
HOW_TO_FIX = "run `make messages`, translate the new entries and commit django.po and django.mo"


def _key(entry: polib.POEntry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def _translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> polib.POFile:
    """A fresh extraction of the source, made in a copy so the committed catalogue is untouched."""
    if not (shutil.which("xgettext") and shutil.which("msgmerge")):
        pytest.fail("GNU gettext is missing (xgettext, msgmerge): run `make gettext`.")
    copy = tmp_path_factory.mktemp("extract") / "cadence"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc"))
    (copy / "locale").mkdir()
    cwd = Path.cwd()
    try:
        # makemessages writes into LOCALE_PATHS[0] for files below it, and reads from the cwd.
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            os.chdir(copy)
            call_command("makemessages", locale=["de"], verbosity=0)
    finally:
        os.chdir(cwd)
    return polib.pofile(str(copy / "locale" / "de" / "LC_MESSAGES" / "django.po"))


@pytest.fixture(scope="module")
def committed() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def test_every_string_is_in_the_catalogue(extracted: polib.POFile, committed: polib.POFile) -> None:
    missing = {_key(e) for e in extracted} - {_key(e) for e in committed if not e.obsolete}
    assert not missing, f"Not in the German catalogue ({HOW_TO_FIX}): {sorted(m[1] for m in missing)}"


def test_the_catalogue_has_no_stale_strings(extracted: polib.POFile, committed: polib.POFile) -> None:
    stale = {_key(e) for e in committed} - {_key(e) for e in extracted}
    assert not stale, f"No longer in the code ({HOW_TO_FIX}): {sorted(s[1] for s in stale)}"


def test_every_string_has_a_german_translation(committed: polib.POFile) -> None:
    untranslated = [e.msgid for e in committed if not all(t.strip() for t in _translations(e))]
    fuzzy = [e.msgid for e in committed if "fuzzy" in e.flags]
    assert not untranslated, f"No German translation: {untranslated}"
    assert not fuzzy, f"Fuzzy (a guess by msgmerge; check and remove the flag): {fuzzy}"
    assert not committed.metadata_is_fuzzy


def test_translations_keep_their_placeholders(committed: polib.POFile) -> None:
    wrong = []
    for entry in committed:
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        for i, text in enumerate(_translations(entry)):
            source = sources[min(i, len(sources) - 1)]
            if sorted(set(PLACEHOLDER.findall(source))) != sorted(set(PLACEHOLDER.findall(text))):
                wrong.append((source, text))
    assert not wrong, f"Placeholders differ: {wrong}"


def test_the_compiled_catalogue_matches(committed: polib.POFile) -> None:
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    as_compiled = {(e.msgctxt, e.msgid): _translations(e) for e in compiled if e.msgid}
    as_written = {(e.msgctxt, e.msgid): _translations(e) for e in committed if not e.obsolete}
    assert as_compiled == as_written, f"django.mo is out of date: {HOW_TO_FIX}"
