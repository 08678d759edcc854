"""Store self-repair on folders alone (no Chroma needed): garbage collection and damaged pointers."""

from __future__ import annotations

import json

import pytest

from assistant.store import IndexStore, Manifest, StoreError
from conftest import make_settings


def _versions(tmp_path, names, manifest=True):
    store = IndexStore(make_settings(tmp_path))
    for name in names:
        folder = store.versions_dir / name
        folder.mkdir(parents=True)
        if manifest:
            (folder / "manifest.json").write_text(Manifest(name, "now", "m", 384, 1000, 150).to_json())
    return store


def _left(store):
    return sorted(p.name for p in store.versions_dir.iterdir())


@pytest.mark.parametrize("pointer", ['{"version": "garbage"}', "{not json", '{"version": 7}', '["v000001"]', "\xff\xfe"])
def test_unreadable_or_invalid_pointer_is_an_error_and_collects_nothing(tmp_path, pointer):
    store = _versions(tmp_path, [f"v{n:06d}" for n in range(1, 7)])
    store.pointer.write_text(pointer, encoding="latin-1")
    with pytest.raises(StoreError, match="--rebuild"):
        store.current_manifest()
    store.collect_garbage()
    assert len(_left(store)) == 6  # the live and last good versions are unknown: nothing is deleted
    assert store.manifest_for_rebuild() is None
    assert store.next_version() == "v000007"


def test_missing_pointer_keeps_the_newest_complete_versions(tmp_path):
    store = _versions(tmp_path, [f"v{n:06d}" for n in range(1, 6)])
    (store.versions_dir / "v000006").mkdir()  # an incomplete build, no manifest
    store.collect_garbage()
    assert _left(store) == ["v000003", "v000004", "v000005"]


def test_valid_pointer_keeps_the_live_version_and_two_before(tmp_path):
    store = _versions(tmp_path, [f"v{n:06d}" for n in range(1, 7)])
    store.pointer.write_text(json.dumps({"version": "v000005"}))
    store.collect_garbage()
    assert _left(store) == ["v000003", "v000004", "v000005"]


@pytest.mark.parametrize("text", ["", "{", '{"version": "v000001"}', '{"version": "v000002", "created_at": "x", "embedding_model": "m", '
                                  '"embedding_dim": 1, "chunk_size": 1, "chunk_overlap": 0, "documents": {}}'])
def test_corrupt_manifest_is_a_store_error_naming_the_repair(tmp_path, text):
    store = _versions(tmp_path, ["v000001"], manifest=False)
    (store.versions_dir / "v000001" / "manifest.json").write_text(text)
    store.pointer.write_text(json.dumps({"version": "v000001"}))
    with pytest.raises(StoreError, match="corrupt manifest.*--rebuild"):
        store.current_manifest()
