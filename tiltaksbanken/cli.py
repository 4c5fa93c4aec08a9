"""The ``tiltaksbanken`` command: a thin shell over the library.

Every command parses its options, calls one library function and formats
the result; ``--json`` gives machine-readable output where a command prints data.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from tiltaksbanken.domain.accounts import ACCOUNT_ROLES, AccountError, User
from tiltaksbanken.domain.facets import facets
from tiltaksbanken.domain.kinds import KIND_NAMES
from tiltaksbanken.domain.privacy import ANONYMOUS, EXPORT_ALL, visible_record
from tiltaksbanken.ingest import FileResult, collect_files, ingest_file
from tiltaksbanken.search import index_records
from tiltaksbanken.search.stats import compute_stats
from tiltaksbanken.store import ENV_VAR, StoreError, accounts, default_location, open_store

err = Console(stderr=True)
out = Console()

db_option = click.option(
    "--db",
    "db",
    default=None,
    help=f"Store path or URL (default: ${ENV_VAR} or data/tiltaksbanken.sqlite).",
)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group()
@click.version_option(package_name="tiltaksbanken")
def main() -> None:
    """Tiltaksbanken: ingest, export and serve reports on local NAV/municipal measures."""


def _plural(n: int, noun: str) -> str:
    """«1 record», «4 records»."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _file_line(result: FileResult) -> str:
    """One file's result: status, records, and which format and reader took it (and its bid)."""
    if not result.ok:
        return f"[red]✗[/] {result.file}: {result.error}"
    if result.reader is None:
        return f"[green]✓[/] {result.file}: {result.status}"
    pages = f", {_plural(result.pages, 'page')}" if result.pages else ""
    return (f"[green]✓[/] {result.file}: {result.status}, {_plural(result.records, 'record')} "
            f"(format {result.format}{pages}; reader {result.reader}, bid {result.bid:.2f})")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@click.option("--force", is_flag=True, help="Re-read files even if they are unchanged.")
@click.option("--json", "as_json", is_flag=True, help="Print the per-file results as JSON.")
@click.option("--max-size", "max_size", type=float, default=None,
              help="Largest file to read, in MB (default: $TILTAKSBANKEN_MAX_FILE_MB, else 50 for"
                   " text and tables, 200 for PDFs, scans and office files).")
def ingest(paths: tuple[str, ...], db: str | None, force: bool, as_json: bool,
           max_size: float | None) -> None:
    """Read files and folders into the store (exit code 2 if any file could not be read)."""
    files = collect_files(paths)
    if not files:
        err.print(f"[red]No files to read in {', '.join(paths)}.[/]")
        sys.exit(2)
    results: list[FileResult] = []
    with (
        open_store(db) as store,
        Progress(
            TextColumn("[bold]Leser inn"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=err,
            transient=True,
            disable=as_json or not err.is_terminal,
        ) as progress,
    ):
        task = progress.add_task("", total=len(files))
        for file in files:
            progress.update(task, description=file.name)

            def on_page(done: int, pages: int, name: str = file.name) -> None:
                progress.update(task, description=f"{name}: side {done} av {pages}")

            result = ingest_file(store, file, force=force, indexer=index_records,
                                 progress=on_page, max_mb=max_size)
            results.append(result)
            progress.advance(task)
            if not as_json:
                err.print(_file_line(result))
                for note in result.notes:
                    err.print(f"  [yellow]![/] {note}")
    if as_json:
        _print_json([r.__dict__ for r in results])
    failed = [r for r in results if not r.ok]
    if failed:
        err.print(f"[red]{len(failed)} of {len(results)} files could not be read.[/]")
        sys.exit(2)


@main.command()
@db_option
@click.option("--kind", type=click.Choice(KIND_NAMES))
@click.option(
    "--include-personal-data",
    is_flag=True,
    help="Keep contact e-mails and names (for authorised use only).",
)
def export(db: str | None, kind: str | None, include_personal_data: bool) -> None:
    """Print records as JSON Lines, one record per line."""
    with open_store(db) as store:
        for record in store.records(kind):
            data = visible_record(record, EXPORT_ALL if include_personal_data else ANONYMOUS)
            click.echo(json.dumps(data, ensure_ascii=False))


@main.command()
@click.argument("record_id")
@db_option
@click.option("--json", "as_json", is_flag=True)
@click.option("--include-personal-data", is_flag=True)
def show(record_id: str, db: str | None, as_json: bool, include_personal_data: bool) -> None:
    """Show one record with the source lines of each field."""
    with open_store(db) as store:
        record = store.get(record_id)
        if record is None:
            err.print(f"[red]No record with id {record_id!r}.[/]")
            sys.exit(1)
        data = visible_record(record, EXPORT_ALL if include_personal_data else ANONYMOUS)
    if as_json:
        _print_json(data)
        return
    out.print(f"[bold]{data['title']}[/]  ({data['kind']}, {data['id']})")
    for key, value in data["fields"].items():
        if value in (None, [], {}):
            continue
        where = ", ".join(f"{a}-{b}" for a, b in data["field_sources"].get(key, []))
        out.print(f"[cyan]{key}[/] [dim]{data['source']['file']}:{where}[/]")
        out.print(
            f"  {value}" if not isinstance(value, str) else "  " + value.replace("\n", "\n  ")
        )


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True)
def stats(db: str | None, as_json: bool) -> None:
    """Counts per kind, county (2020–2023 and from 2024) and report type."""
    with open_store(db) as store:
        data = compute_stats(store.records())
    if as_json:
        _print_json(data)
        return
    for shown in data["tables"]:  # labelled for people (search/stats.py)
        table = Table(title=shown["title"])
        table.add_column(shown["title"].split(" (")[0])
        table.add_column("Antall", justify="right")
        for name, count in shown["rows"]:
            table.add_row(name, str(count))
        out.print(table)
    out.print(f"I alt: {data['total']} poster")


def _parse_filters(values: tuple[str, ...]) -> dict[str, list[str]]:
    """``name=value`` filters; the names are the registered facets (``domain/facets.py``)."""
    filters: dict[str, list[str]] = {}
    known = facets()
    for item in values:
        if "=" not in item:
            raise click.BadParameter(f"{item!r}: write a filter as name=value, e.g. county=Viken")
        name, value = (part.strip() for part in item.split("=", 1))
        if name not in known:
            raise click.BadParameter(f"{name!r} is not a facet; use one of {', '.join(known)}")
        filters.setdefault(name, []).append(value)
    return filters


@main.command("search")
@click.argument("query", required=False, default="")
@db_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--filter", "filters", multiple=True,
              help=f"name=value, e.g. county=Viken (repeatable); names: {', '.join(facets())}.")
@click.option("--batch", type=click.File("r", encoding="utf-8"),
              help='JSON Lines of {"id", "query"}; prints {"id", "hits"} per line.')
@click.option("--json", "as_json", is_flag=True)
def search_command(query: str, db: str | None, limit: int, filters: tuple[str, ...],
                   batch: Any, as_json: bool) -> None:
    """Search the bank (Bokmål, Nynorsk or English)."""
    from tiltaksbanken.search import Searcher

    parsed = _parse_filters(filters)
    with open_store(db) as store:
        searcher = Searcher(store)
        if batch is not None:
            for line in batch:
                if not line.strip():
                    continue
                item = json.loads(line)
                result = searcher.search(item["query"], parsed, limit=limit)
                click.echo(json.dumps({"id": item.get("id"), "hits": [h.to_dict() for h in result.hits]},
                                      ensure_ascii=False))
            return
        result = searcher.search(query, parsed, limit=limit)
    if as_json:
        _print_json(result.to_dict())
        return
    if result.also_searched:
        out.print(f"Søkte også etter: {', '.join(result.also_searched)}")
    out.print(f"{result.total} treff")
    for n, hit in enumerate(result.hits, 1):
        out.print(f"{n:3d}. [bold]{hit.title}[/] ({hit.kind}, {hit.id}) [dim]{hit.file}[/]",
                  highlight=False)


@main.command("fix-ocr")
@click.argument("source", default="-", type=click.File("r", encoding="utf-8"))
@click.option("--explain", is_flag=True, help="List every change and why on standard error.")
def fix_ocr(source: Any, explain: bool) -> None:
    """Repair Norwegian OCR damage in FILE (or standard input) and print the text."""
    from tiltaksbanken.ocr import Repairer

    text = source.read()
    result = Repairer(text).repair_text(text)
    sys.stdout.write(result.text)
    if explain:
        for change in result.changes:
            err.print(f"{change.line}:{change.start + 1} {change.original!r} → "
                      f"{change.repaired!r} ({change.reason})", highlight=False, markup=False)


@main.command("build-lexicon")
@click.option("--if-missing", is_flag=True, help="Do nothing for a cache that exists.")
def build_lexicon_command(if_missing: bool) -> None:
    """Build the lexicon caches: the OCR repair's Norwegian words (from Debian's word lists)
    and the person names privacy masks (from the names-dataset package)."""
    from tiltaksbanken.domain import persons
    from tiltaksbanken.ocr.lexicon import LexiconMissing, build_lexicon, lexicon_path

    path = lexicon_path()
    if not (if_missing and path.exists()):
        try:
            built = build_lexicon(path)
        except LexiconMissing as exc:
            err.print(f"[red]{exc}[/]")
            sys.exit(1)
        err.print(f"Lexicon built: {built}")
    if not (if_missing and persons.lexicon_path().exists()):
        err.print(f"Person names built: {persons.build_person_lexicon()}")


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 32),
              help="Server processes (one per core serves the most requests).")
def serve(db: str | None, host: str, port: int, workers: int) -> None:
    """Serve the web app and the JSON API (OpenAPI docs at /api/docs)."""
    import uvicorn

    from tiltaksbanken.web.app import create_app

    location = db or default_location()
    with open_store(location) as store:
        if not any(u.role == "administrator" and not u.disabled for u in store.users()):
            err.print("Ingen administrator ennå. Lag den første med: tiltaksbanken users add"
                      " EPOST --name NAVN --role administrator"
                      f" --base-url http://{host}:{port}")
    err.print(f"Tiltaksbanken på http://{host}:{port} (store: {location}, {workers} prosess(er))")
    if workers == 1:
        uvicorn.run(create_app(location, warm=True), host=host, port=port, log_level="warning")
    else:  # each worker process opens the store named in the environment
        os.environ[ENV_VAR] = location
        uvicorn.run("tiltaksbanken.web.app:app_from_env", factory=True, workers=workers,
                    host=host, port=port, log_level="warning")


# ---------------------------------------------------------------- users

base_url_option = click.option(
    "--base-url", default="http://127.0.0.1:8000", show_default=True,
    help="Where the web app is served, for the invitation link.")


def _user_row(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "name": user.display_name,
            "role": user.role, "offices": list(user.offices), "counties": list(user.counties),
            "disabled": user.disabled, "has_password": user.has_password,
            "created_at": user.created_at}


def _account_error(exc: Exception) -> None:
    err.print(f"[red]✗[/] {exc}")
    sys.exit(1)


@main.group()
def users() -> None:
    """Accounts: add (prints a one-time invitation link), list, disable, set-role."""


@users.command("add")
@click.argument("username")
@db_option
@click.option("--name", "display_name", default="", help="Display name (default: the username).")
@click.option("--role", required=True, help=f"One of: {', '.join(ACCOUNT_ROLES)}.")
@click.option("--office", "offices", multiple=True, help="A reporter's NAV office (repeatable).")
@click.option("--county", "counties", multiple=True,
              help="A grant administrator's county (repeatable).")
@base_url_option
def users_add(username: str, db: str | None, display_name: str, role: str,
              offices: tuple[str, ...], counties: tuple[str, ...], base_url: str) -> None:
    """Add an account and print its one-time invitation link (no mail is sent)."""
    with open_store(db) as store:
        try:
            user, token = accounts.invite(store, username, display_name, role, offices,
                                          counties, actor="kommandolinjen")
        except (AccountError, StoreError) as exc:
            _account_error(exc)
    err.print(f"[green]✓[/] {user.username} ({user.role}) lagt til. Invitasjonslenke (gyldig i 7"
              " dager, kan brukes én gang):")
    click.echo(accounts.invitation_link(base_url, token))


@users.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True)
def users_list(db: str | None, as_json: bool) -> None:
    """Every account with its role, offices/counties and state."""
    with open_store(db) as store:
        rows = [_user_row(u) for u in store.users()]
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "username", "name", "role", "offices/counties", "state")
    for r in rows:
        state = "disabled" if r["disabled"] else ("active" if r["has_password"] else "invited")
        table.add_row(str(r["id"]), r["username"], r["name"], r["role"],
                      ", ".join(r["offices"] + r["counties"]), state)
    out.print(table)


@users.command("disable")
@click.argument("user")
@db_option
@click.option("--enable", is_flag=True, help="Enable the account again.")
def users_disable(user: str, db: str | None, enable: bool) -> None:
    """Disable an account (by id or username): it can no longer log in, its sessions end."""
    with open_store(db) as store:
        try:
            found = accounts.find_user(store, user)
            accounts.set_disabled(store, found.id, not enable, actor="kommandolinjen")
        except (AccountError, StoreError) as exc:
            _account_error(exc)
    err.print(f"[green]✓[/] {found.username} {'aktivert' if enable else 'deaktivert'}")


@users.command("set-role")
@click.argument("user")
@click.argument("role")
@db_option
@click.option("--office", "offices", multiple=True, help="A reporter's NAV office (repeatable).")
@click.option("--county", "counties", multiple=True,
              help="A grant administrator's county (repeatable).")
def users_set_role(user: str, role: str, db: str | None, offices: tuple[str, ...],
                   counties: tuple[str, ...]) -> None:
    """Give an account (by id or username) another role, with its offices or counties."""
    with open_store(db) as store:
        try:
            found = accounts.find_user(store, user)
            changed = accounts.set_role(store, found.id, role, offices, counties,
                                        actor="kommandolinjen")
        except (AccountError, StoreError) as exc:
            _account_error(exc)
    err.print(f"[green]✓[/] {changed.username} er nå {changed.role}")


# ---------------------------------------------------------------- copy, backup, restore


@main.command("copy")
@click.option("--from", "source", required=True, help="The store to copy (path or URL).")
@click.option("--to", "target", required=True, help="The empty store to copy into (path or URL).")
def copy_command(source: str, target: str) -> None:
    """Copy a whole bank into an empty store (any backend to any), verified table by table."""
    from tiltaksbanken.store.copying import copy_store

    try:
        with open_store(source) as src, open_store(target) as dst:
            copied = copy_store(src, dst)
    except StoreError as exc:
        err.print(f"[red]✗[/] {exc}")
        sys.exit(1)
    table = Table(title="Kopiert")
    table.add_column("Tabell")
    table.add_column("Rader", justify="right")
    for done in copied:
        table.add_row(done.table, str(done.rows))
    out.print(table)
    out.print(f"verified: antall rader og sjekksum like i alle {len(copied)} tabeller")


@main.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
def backup_command(file: str, db: str | None) -> None:
    """Back the bank up to FILE (SQLite: online backup; PostgreSQL: pg_dump -Fc)."""
    from tiltaksbanken.store.backup import backup

    try:
        backup(db or default_location(), file)
    except StoreError as exc:
        err.print(f"[red]✗[/] {exc}")
        sys.exit(1)
    err.print(f"[green]✓[/] sikkerhetskopi skrevet til {file}")


@main.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@db_option
@click.option("--force", is_flag=True, help="Replace a store that already holds a bank.")
def restore_command(file: str, db: str | None, force: bool) -> None:
    """Restore the backup FILE into an empty store (or, with --force, over one)."""
    from tiltaksbanken.store.backup import restore

    try:
        restore(file, db or default_location(), force=force)
    except StoreError as exc:
        err.print(f"[red]✗[/] {exc}")
        sys.exit(1)
    err.print(f"[green]✓[/] gjenopprettet fra {file}")


if __name__ == "__main__":
    main()
