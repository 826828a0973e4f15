"""What one run keeps for the next: compiled guardrail rules and the verdict on a large file's schema, kept by
the texts they came from, in a folder only the user can write."""

from __future__ import annotations

import gc
import os
import pickle
import stat
from pathlib import Path

import pytest
from conftest import PolicyRepo

from openrubric import cache, cli, loading
from openrubric.rules import entries, guardrails, reading

# A sentence no entry of this repository's guardrails flags, and a phrase added to a quota entry so that it does.
ORDINARY = "Lemon cake is served at every session."
ADDED_PHRASE = "lemon cake"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    chosen = tmp_path / "cache"
    monkeypatch.setenv(cache.FOLDER_VARIABLE, str(chosen))
    monkeypatch.setattr(guardrails, "_READINGS", {})  # as a new process starts: nothing compiled yet
    return chosen


def check_rubric(repo: PolicyRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, str]:
    monkeypatch.chdir(repo.root)
    guardrails._READINGS.clear()
    capsys.readouterr()
    status = cli.main(["check", *(paths or ("rubrics/rubric.yaml",))])
    return status, capsys.readouterr().out


def kept(folder: Path, kind: str) -> list[Path]:
    return sorted((folder / kind).glob("*.pickle"))


def refuse_to_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    def compile_reading(*args: object, **keywords: object) -> None:
        raise AssertionError("compiled again although the same texts were kept")

    monkeypatch.setattr(entries, "compile_reading", compile_reading)


def test_a_second_run_reads_the_rules_an_earlier_run_compiled(repo, folder, monkeypatch, capsys):
    first = check_rubric(repo, monkeypatch, capsys)
    assert first[0] == 0 and len(kept(folder, "readings")) == 1 and len(kept(folder, "valid")) == 1
    refuse_to_compile(monkeypatch)
    assert check_rubric(repo, monkeypatch, capsys) == first


def test_a_second_run_reads_the_large_rule_file_as_an_earlier_run_parsed_it(repo, folder, monkeypatch, capsys):
    first = check_rubric(repo, monkeypatch, capsys)
    assert len(kept(folder, "yaml")) == 1  # the guardrails file; the others are too small to be worth keeping
    parse = loading._parse_yaml_text

    def parse_only_small(document, text):
        assert len(text) < cache.WORTH_KEEPING, f"{document.path} parsed again although its text was kept"
        parse(document, text)

    monkeypatch.setattr(loading, "_parse_yaml_text", parse_only_small)
    assert check_rubric(repo, monkeypatch, capsys) == first


def test_a_narrative_is_never_kept_however_large(repo, folder, monkeypatch, capsys):
    example = "narratives/examples/review-avery-okafor.md"
    text = repo.read(example)
    padding = "private_note: " + "a private remark about this engineer " * 700 + "\n"
    repo.write(example, text.replace("---\n", "---\n" + padding, 1))
    check_rubric(repo, monkeypatch, capsys, example)
    assert len(kept(folder, "yaml")) == 1  # the guardrails file alone
    assert all(b"private remark" not in entry.read_bytes() for entry in folder.rglob("*.pickle"))


def test_a_changed_rule_file_is_compiled_again_and_its_new_phrase_fires(repo, folder, monkeypatch, capsys):
    repo.write("policy/policy.md", f"{repo.read('policy/policy.md')}\n{ORDINARY}\n")
    assert check_rubric(repo, monkeypatch, capsys, "policy/policy.md")[0] == 0
    first_phrases = "phrases: [forc* rank*,"  # of the quota entry distribution-scheme
    repo.replace("policy/guardrails.yaml", first_phrases, f"phrases: [{ADDED_PHRASE}, forc* rank*,")
    status, out = check_rubric(repo, monkeypatch, capsys, "policy/policy.md")
    assert status == 1 and "[quota]" in out and f"matched \u201c{ORDINARY[:10]}\u201d" in out
    assert len(kept(folder, "readings")) == 2


def test_an_entry_in_a_folder_others_can_write_is_never_loaded(repo, folder, monkeypatch, capsys, tmp_path):
    check_rubric(repo, monkeypatch, capsys)
    (entry,) = kept(folder, "readings")
    marker = tmp_path / "ran"

    class Planted:  # what a pickle can do when loaded: run code
        def __reduce__(self):
            return (Path.touch, (marker,))

    entry.write_bytes(pickle.dumps(Planted()))
    (folder / "readings").chmod(0o777)
    assert check_rubric(repo, monkeypatch, capsys)[0] == 0
    assert not marker.exists()
    (folder / "readings").chmod(0o700)
    entry.chmod(0o666)
    assert check_rubric(repo, monkeypatch, capsys)[0] == 0
    assert not marker.exists()
    assert pickle.loads(entry.read_bytes()).__class__ is reading.Reading  # noqa: S301 - replaced by the run above
    # The user's own entry is trusted, as black trusts its cache: planted there, the pickle would run.
    entry.write_bytes(pickle.dumps(Planted()))
    entry.chmod(0o600)
    check_rubric(repo, monkeypatch, capsys)
    assert marker.exists()


def test_a_broken_or_foreign_entry_is_work_done_again(repo, folder, monkeypatch, capsys):
    first = check_rubric(repo, monkeypatch, capsys)
    for entry in kept(folder, "readings") + kept(folder, "valid"):
        entry.write_bytes(entry.read_bytes()[:40])  # a run cut off while writing (writes are atomic; a disk is not)
    assert check_rubric(repo, monkeypatch, capsys) == first
    for entry in kept(folder, "readings"):
        entry.write_bytes(pickle.dumps("not a reading"))
    assert check_rubric(repo, monkeypatch, capsys) == first


def test_nothing_is_kept_when_keeping_is_off_or_the_folder_cannot_be_made(repo, folder, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv(cache.OFF_VARIABLE, "1")
    first = check_rubric(repo, monkeypatch, capsys)
    assert first[0] == 0 and not folder.exists()
    monkeypatch.delenv(cache.OFF_VARIABLE)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder\n")
    monkeypatch.setenv(cache.FOLDER_VARIABLE, str(blocked))
    assert check_rubric(repo, monkeypatch, capsys) == first
    assert blocked.read_text() == "not a folder\n"


def test_the_folder_keeps_the_entries_used_last_and_deletes_nothing_it_did_not_write(folder):
    keys = [cache.key(f"rule file {number}") for number in range(cache.KEPT_PER_KIND + 3)]
    cache.keep("readings", keys[0], "first")
    (folder / "readings" / "notes.pickle").write_text("a file of the user's own\n")
    for age, entry_key in enumerate(keys[1:]):
        cache.keep("readings", entry_key, age)
        os.utime(folder / "readings" / f"{entry_key}.pickle", (1000 + age, 1000 + age))  # one second apart
        if age == 5:
            assert cache.fetch("readings", keys[0]) == "first"  # used: the last to go
    left = {path.name for path in kept(folder, "readings")}
    assert len(left - {"notes.pickle"}) == cache.KEPT_PER_KIND and "notes.pickle" in left
    assert f"{keys[0]}.pickle" in left and f"{keys[-1]}.pickle" in left and f"{keys[1]}.pickle" not in left
    assert stat.S_IMODE((folder / "readings").stat().st_mode) == 0o700


def test_a_value_that_cannot_be_kept_leaves_nothing_behind(folder):
    cache.keep("readings", cache.key("a rule file"), lambda: None)  # a function does not pickle
    assert os.listdir(folder / "readings") == []


def test_texts_never_run_into_each_other_in_a_key():
    assert cache.key("a", "La", "b", "Lb\x01c\x01Lc") != cache.key("a", "La", "b", "Lb", "c", "Lc")
    assert cache.key("ab", "c") != cache.key("a", "bc") and cache.key(None) != cache.key("")


def test_the_folder_is_private_whatever_the_umask_and_never_relative(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.FOLDER_VARIABLE, str(tmp_path / "fresh" / "cache"))
    old = os.umask(0o002)
    try:
        cache.keep("readings", cache.key("a rule file"), "kept")
    finally:
        os.umask(old)
    assert cache.fetch("readings", cache.key("a rule file")) == "kept"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(cache.FOLDER_VARIABLE, "relative-cache")
    cache.keep("readings", cache.key("a rule file"), "kept")
    assert not (tmp_path / "relative-cache").exists()


def test_another_rating_scale_is_another_reading(repo, folder, monkeypatch, capsys):
    check_rubric(repo, monkeypatch, capsys)
    scale_label = "label: Exceeds expectations"
    repo.replace("rubrics/rubric.yaml", scale_label, "label: Beyond expectations")
    check_rubric(repo, monkeypatch, capsys)
    assert len(kept(folder, "readings")) == 2


def test_a_schema_renamed_or_failing_its_metaschema_keeps_no_verdict(repo, folder, monkeypatch, capsys):
    check_rubric(repo, monkeypatch, capsys)
    assert len(kept(folder, "valid")) == 1
    # The guardrails schema made to fail the metaschema, and asked about: nothing validated, nothing kept.
    schema = repo.read(repo.own_schema("guardrails.schema.json"))
    check_rubric(repo, monkeypatch, capsys)
    assert len(kept(folder, "valid")) == 1  # the same names and texts, now the repository's own: the same key
    repo.write("schemas/guardrails.schema.json", schema.replace('"type": "object"', '"type": 7', 1))
    check_rubric(repo, monkeypatch, capsys, "schemas/guardrails.schema.json")
    assert len(kept(folder, "valid")) == 1
    # The schemas as they were but one under another name: another key, validated again and kept.
    repo.write("schemas/guardrails.schema.json", schema)
    repo.write("schemas/extra.schema.json", '{"$schema": "https://json-schema.org/draft/2020-12/schema"}\n')
    check_rubric(repo, monkeypatch, capsys)
    renamed = len(kept(folder, "valid"))
    (repo.root / "schemas" / "extra.schema.json").rename(repo.root / "schemas" / "extras.schema.json")  # same order
    check_rubric(repo, monkeypatch, capsys)
    assert len(kept(folder, "valid")) == renamed + 1


def test_a_large_shared_file_that_no_longer_passes_its_schema_is_not_taken_as_valid(repo, folder, monkeypatch, capsys):
    assert check_rubric(repo, monkeypatch, capsys)[0] == 0
    # An entry left without its rule: the file fails its schema, and the rules that need it say so, not pass.
    entry = "    - id: distribution-scheme\n      rule: quota\n"
    repo.replace("policy/guardrails.yaml", entry, entry.replace("quota", "quotas"))
    status, out = check_rubric(repo, monkeypatch, capsys, "policy/guardrails.yaml")
    assert status == 1 and "guardrails.yaml" in out
    monkeypatch.setattr(guardrails, "_READINGS", {})
    from openrubric.content import Content
    from openrubric.repository import Repository

    content = Content.load(Repository(repo.root), ["rubrics/rubric.yaml"])
    assert content.valid("guardrails") == []


def test_a_kept_reading_reads_as_the_compiled_one(repo, folder, monkeypatch, capsys):
    check_rubric(repo, monkeypatch, capsys)
    (entry,) = kept(folder, "readings")
    loaded = pickle.loads(entry.read_bytes())  # noqa: S301 - written by the run above
    assert isinstance(loaded, reading.Reading)
    sentence = "Keep Exceeds to at most 15% of each org."
    assert [match.entry.id for match in loaded.read(sentence)] != []


@pytest.mark.parametrize("collecting", [True, False])
def test_loading_an_entry_leaves_the_garbage_collector_as_it_was(repo, folder, monkeypatch, capsys, collecting):
    check_rubric(repo, monkeypatch, capsys)
    (entry,) = kept(folder, "readings")
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        loaded = cache.fetch("readings", entry.name.removesuffix(".pickle"))
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
    assert isinstance(loaded, reading.Reading)


@pytest.mark.parametrize("until_exit", [True, False])
def test_only_a_process_that_ends_after_one_command_freezes_what_it_loads(repo, folder, monkeypatch, capsys, until_exit):
    check_rubric(repo, monkeypatch, capsys)
    (entry,) = kept(folder, "readings")
    monkeypatch.setattr(cache, "_until_exit", False)
    if until_exit:
        cache.until_exit()
    gc.unfreeze()
    try:
        loaded = cache.fetch("readings", entry.name.removesuffix(".pickle"))
        assert (gc.get_freeze_count() > 0) is until_exit
    finally:
        gc.unfreeze()
    assert isinstance(loaded, reading.Reading)
