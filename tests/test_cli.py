"""The command line: ingest, export, show, stats (a thin shell over the library)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from tiltaksbanken.cli import main

from .conftest import SAMPLE


def test_ingest_reports_each_file_and_exits_2_on_bad_input(tmp_path: Path) -> None:
    (tmp_path / "god.txt").write_text("Et notat\n\nOm bolig.\n", encoding="utf-8")
    (tmp_path / "tom.txt").write_bytes(b"")
    db = str(tmp_path / "c.sqlite")
    result = CliRunner().invoke(main, ["ingest", "--db", db, "--json", str(tmp_path)])
    assert result.exit_code == 2
    files = {r["file"]: r["status"] for r in json.loads(result.stdout)}
    assert files == {"god.txt": "added", "tom.txt": "error"}


def test_export_hides_contact_emails_unless_asked(sample_db: str) -> None:
    runner = CliRunner()
    public = runner.invoke(main, ["export", "--db", sample_db, "--kind", "tiltak"])
    assert public.exit_code == 0
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", public.stdout)
    rows = [json.loads(line) for line in public.stdout.splitlines()]
    assert len(rows) == 143 and "contact_email" not in rows[0]["fields"]
    full = runner.invoke(
        main, ["export", "--db", sample_db, "--kind", "tiltak", "--include-personal-data"]
    )
    assert json.loads(full.stdout.splitlines()[0])["fields"]["contact_email"]


def test_show_and_stats(sample_db: str) -> None:
    runner = CliRunner()
    first = json.loads(runner.invoke(main, ["export", "--db", sample_db]).stdout.splitlines()[0])
    shown = runner.invoke(main, ["show", first["id"], "--db", sample_db, "--json"])
    assert json.loads(shown.stdout)["id"] == first["id"]
    assert runner.invoke(main, ["show", "nope", "--db", sample_db]).exit_code == 1
    stats = json.loads(runner.invoke(main, ["stats", "--db", sample_db, "--json"]).stdout)
    assert stats["kinds"]["tiltak"] == 143
    assert sum(stats["counties"].values()) == 143
    assert set(stats["report_types"]) >= {"status", "final"}


def test_readme_documents_every_command() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    for command in main.commands:
        assert f"tiltaksbanken {command}" in readme, command
    assert SAMPLE.exists()


def test_fix_ocr_repairs_text_and_keeps_every_line(tmp_path: Path) -> None:
    f = tmp_path / "ocr.txt"
    f.write_text("Malgruppen er familier med darlig gkonomi.\n\nVi gnsker & hjelpe.\n", "utf-8")
    result = CliRunner().invoke(main, ["fix-ocr", str(f), "--explain"])
    assert result.exit_code == 0
    assert result.stdout == "Målgruppen er familier med dårlig økonomi.\n\nVi ønsker å hjelpe.\n"
    assert "gkonomi" in result.stderr  # the explanation names what changed


def test_ingest_finds_files_under_a_relative_path_with_dots(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "inn"
    folder.mkdir(parents=True)
    (folder / "notat.txt").write_text("Et notat\n\nOm bolig.\n", "utf-8")
    (folder / ".skjult.txt").write_text("Skjult\n", "utf-8")
    dotted = str(tmp_path / "a" / ".." / "a" / "inn")
    db = str(tmp_path / "d.sqlite")
    result = CliRunner().invoke(main, ["ingest", "--db", db, "--json", dotted])
    assert result.exit_code == 0
    assert [r["file"] for r in json.loads(result.stdout)] == ["notat.txt"]
    empty = tmp_path / "tom"
    empty.mkdir()
    assert CliRunner().invoke(main, ["ingest", "--db", db, str(empty)]).exit_code == 2


def test_ingest_says_one_record_and_which_reader_took_the_file(tmp_path: Path) -> None:
    (tmp_path / "notat.txt").write_text("Et notat\n\nOm bolig for unge.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "c.sqlite"), str(tmp_path)])
    assert result.exit_code == 0
    assert "notat.txt: added, 1 record (" in result.output and "reader plain" in result.output


def test_users_add_prints_a_one_time_link_and_list_disable_set_role_work(tmp_path: Path) -> None:
    from tiltaksbanken.store import open_store
    from tiltaksbanken.store.accounts import accept_invitation, log_in

    db = str(tmp_path / "u.sqlite")
    runner = CliRunner()
    added = runner.invoke(main, ["users", "add", "Kari@nav.no", "--db", db, "--name", "Kari N",
                                 "--role", "rapportor", "--office", "NAV Frogner",
                                 "--base-url", "https://bank.example"])
    assert added.exit_code == 0, added.output
    link = added.stdout.strip()
    assert link.startswith("https://bank.example/invitasjon/")
    with open_store(db) as store:
        accept_invitation(store, link.rsplit("/", 1)[1], "et langt passord", "et langt passord")
    listed = json.loads(runner.invoke(main, ["users", "list", "--db", db, "--json"]).stdout)
    assert [(u["username"], u["role"], u["offices"], u["has_password"]) for u in listed] == \
        [("kari@nav.no", "rapportør", ["NAV Frogner"], True)]
    refused = runner.invoke(main, ["users", "add", "x@nav.no", "--db", db, "--role", "rapportør"])
    assert refused.exit_code == 1 and "NAV-kontor" in refused.output
    moved = runner.invoke(main, ["users", "set-role", "kari@nav.no", "tilskuddsforvalter",
                                 "--county", "Oslo", "--db", db])
    assert moved.exit_code == 0, moved.output
    assert runner.invoke(main, ["users", "disable", "1", "--db", db]).exit_code == 0
    with open_store(db) as store:
        user = store.user(1)
        assert user is not None and user.disabled and user.role == "tilskuddsforvalter"
        assert log_in(store, "kari@nav.no", "et langt passord", "cli").outcome == "refused"
    assert runner.invoke(main, ["users", "disable", "nobody", "--db", db]).exit_code == 1
