"""Small helpers the page tests share: run and check, read messages, find a widget by label."""

from __future__ import annotations

import re

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest, app_test


def run(target) -> AppTest:
    """Run the app (``target`` is the AppTest or a widget just changed); never an exception."""
    at = target.run()
    assert not at.exception, at.exception
    return at


def shown(elements) -> list[str]:
    """The texts of messages or headings as the reader sees them (Markdown escapes removed)."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in elements]


def figures(at: AppTest) -> dict[str, str]:
    """The key figures of a page's one-line summary ("Wijken: **12** · Partners: **26**"), by label."""
    found = {}
    for element in at.markdown:
        if " · " in element.value or re.fullmatch(r"[^*]+: \*\*[^*]+\*\*", element.value):
            found.update(re.findall(r"([^·*]+?): \*\*([^*]+)\*\*", element.value))
    return {label.strip(): value for label, value in found.items()}


def labelled(widgets, label: str):
    """The one widget with ``label``."""
    found = [w for w in widgets if w.label == label]
    assert len(found) == 1, [w.label for w in widgets]
    return found[0]


class RecordingMediaStorage(MemoryMediaFileStorage):
    """AppTest's in-memory media storage, remembered so a test can read what a download button serves."""

    made: list["RecordingMediaStorage"] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        RecordingMediaStorage.made.append(self)


@pytest.fixture
def record_media(monkeypatch) -> None:
    """Use :class:`RecordingMediaStorage` in AppTest (``pytestmark = pytest.mark.usefixtures("record_media")``)."""
    RecordingMediaStorage.made = []
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", RecordingMediaStorage)


def map_script(at: AppTest) -> str:
    """The script of the page's one folium map, as the component receives it."""
    import json

    components = [c for c in at.get("component_instance") if "st_folium" in c.proto.component_name]
    assert len(components) == 1, components
    return json.loads(components[0].proto.json_args)["script"]
