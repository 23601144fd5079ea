"""The ``rag`` command group: ingest, browse, search and ask (``rag serve`` is added by
``api.cli``, which sits above both the pipeline and the service).

Every command reads and writes its data in ``RAG_DATA_DIR`` (default ``.data``).
``--json`` output is stable and documented in the README.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from tqdm import tqdm

from index.errors import StoreError
from index.types import Filters

from .config import Settings
from .engine import Engine
from .errors import RagError
from .ingest.batch import expand_paths
from .ingest.pipeline import FileResult
from .records import DocumentSummary, doc_label, plain
from .retrieval.filters import make_filters

log = logging.getLogger(__name__)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@contextmanager
def engine_for(ctx: click.Context) -> Iterator[Engine]:
    """The engine of the command's settings; pipeline errors become click errors."""
    settings: Settings = ctx.obj["settings"]
    try:
        engine = Engine(settings)
    except (StoreError, RagError) as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        yield engine
    except (StoreError, RagError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        engine.close()


def embed_with_progress(engine: Engine, rebuild: bool = False) -> int:
    """Embed passages waiting for a vector (progress bar on stderr); returns how many."""
    todo = engine.pending()
    with tqdm(
        total=todo, desc="Embedding passages", unit="passage", file=sys.stderr, disable=todo == 0
    ) as bar:

        def progress(done: int, total: int) -> None:
            bar.update(done - bar.n)

        return engine.index(progress, rebuild=rebuild)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    envvar="RAG_DATA_DIR",
    type=click.Path(file_okay=False),
    help="Folder for the store and indexes [env: RAG_DATA_DIR; default: .data].",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(package_name="vn-gov-rag")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, verbose: int) -> None:
    """Vietnamese-first search and cited answers over government documents.

    Typical use: `rag ingest docs_corpus/`, then `rag search "đệm lót sinh học"` or
    `rag ask "Huyện nào đã ứng dụng đệm lót sinh học?"`.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    overrides: dict[str, Any] = {"data_dir": data_dir} if data_dir else {}
    try:
        ctx.obj = {"settings": Settings(**overrides)}
    except ValueError as exc:
        raise click.ClickException(f"Invalid settings: {exc}") from exc


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--no-embed", is_flag=True, help="Store passages only; embed later with `rag reindex`."
)
@click.option("--json", "as_json", is_flag=True, help="Print the per-file report as JSON.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], no_embed: bool, as_json: bool) -> None:
    """Add files or folders (recursively) to the collection.

    Supported: .txt .md .pdf .docx .html. A file already ingested with the same
    content is skipped; a changed file replaces its old passages. One bad file never
    stops the others: the summary lists each failure with its reason.
    """
    with engine_for(ctx) as engine:
        files = expand_paths(paths)
        with tqdm(total=len(files), desc="Ingesting", unit="file", file=sys.stderr) as bar:

            def progress(result: FileResult) -> None:
                bar.set_postfix_str(result.source[-30:])
                bar.update(1)

            report = engine.ingest(paths, progress)
        embedded = 0 if no_embed else embed_with_progress(engine)
        if as_json:
            _echo_json({"results": plain(report.results), "embedded": embedded})
        else:
            counts = ", ".join(
                f"{report.count(s)} {s}"
                for s in ("added", "updated", "unchanged", "duplicate", "failed")
            )
            click.echo(f"{len(report.results)} files: {counts}; {embedded} passages embedded.")
            for r in report.failed:
                click.echo(f"  FAILED {r.source}: {r.reason}", err=True)
            for r in report.results:
                if r.status == "duplicate":
                    click.echo(f"  DUPLICATE {r.source}: {r.reason}", err=True)
            for r in report.results:  # partly scanned files, legacy encodings, conversions
                for note in r.notes:
                    click.echo(f"  NOTE {r.source}: {note}", err=True)
        if report.failed and len(report.failed) == len(report.results):
            ctx.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.pass_context
def docs(ctx: click.Context, as_json: bool) -> None:
    """List the documents in the collection with their metadata."""
    with engine_for(ctx) as engine:
        documents = engine.documents()
    if as_json:
        _echo_json([d.to_dict() for d in documents])
        return
    if not documents:
        click.echo("No documents yet. Add some with `rag ingest PATH`.")
    for d in documents:
        place = ", ".join(x for x in (d.locality, d.province) if x)
        click.echo(f"{d.id[:12]}  {doc_label(d, d.source)}")
        click.echo(f"    {d.source} · {place or '-'} · {d.passages} passages")


@cli.command()
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx: click.Context, doc_id: str, as_json: bool) -> None:
    """Show one document: metadata and passages with heading paths."""
    with engine_for(ctx) as engine:
        doc = engine.document(doc_id)
        passages = engine.passages(doc_id)
    data = DocumentSummary.of(doc).to_dict() | {
        "notes": list(doc.info.notes),
        "passages": plain(passages),
    }
    if as_json:
        _echo_json(data)
        return
    for key in (
        "source",
        "doc_type",
        "number",
        "date",
        "issuer",
        "locality",
        "province",
        "title",
        "signer",
    ):
        click.echo(f"{key:>10}: {data[key] or '-'}")
    click.echo(f"{'references':>10}: {', '.join(data['references']) or '-'}")
    for p in data["passages"]:
        flag = "" if p["indexed"] else "  [boilerplate, not indexed]"
        click.echo(f"\n[{p['ordinal']}] {p['heading'] or '(no heading)'}{flag}")
        click.echo(p["text"])


@cli.command()
@click.argument("doc_id")
@click.pass_context
def remove(ctx: click.Context, doc_id: str) -> None:
    """Delete a document and its passages from the store and the indexes."""
    with engine_for(ctx) as engine:
        engine.remove(doc_id)
    click.echo(f"Removed {doc_id}.")


_FILTER_KEYS = ("province", "locality", "doc_type", "since", "until")


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The shared --province/--locality/--type/--since/--until options, handed to the
    command as one ``filters`` argument (a :class:`~index.types.Filters`)."""

    @functools.wraps(func)
    def with_filters(*args: Any, **kwargs: Any) -> Any:
        kwargs["filters"] = make_filters(**{key: kwargs.pop(key) for key in _FILTER_KEYS})
        return func(*args, **kwargs)

    command: Callable[..., Any] = with_filters
    for opt in reversed(
        [
            click.option("--province", help="Only documents of this province (e.g. 'Thanh Hóa')."),
            click.option("--locality", help="Only documents of this locality (e.g. 'Bỉm Sơn')."),
            click.option("--type", "doc_type", help="Only this document type (e.g. 'báo cáo')."),
            click.option("--since", help="Only documents dated this year (YYYY) or later."),
            click.option("--until", help="Only documents dated up to this year (YYYY)."),
        ]
    ):
        command = opt(command)
    return command


@cli.command()
@click.argument("query")
@click.option(
    "-k", "k", default=10, show_default=True, type=click.IntRange(1, 200), help="Hits per page."
)
@click.option("--page", default=1, show_default=True, type=click.IntRange(1), help="Page number.")
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits.")
@click.pass_context
def search(
    ctx: click.Context,
    query: str,
    k: int,
    page: int,
    filters: Filters,
    as_json: bool,
) -> None:
    """Search passages (with or without diacritics, abbreviations, English)."""
    with engine_for(ctx) as engine:
        embed_with_progress(engine)
        results = engine.search(
            query,
            k=k,
            offset=(page - 1) * k,
            filters=filters,
        )
    if as_json:
        _echo_json([r.to_dict() for r in results])
        return
    if not results:
        click.echo("No matching passages.")
    for i, r in enumerate(results, start=(page - 1) * k + 1):
        cite = " · ".join(x for x in (r.number, r.date, r.issuer or r.locality, r.source) if x)
        click.echo(f"\n{i}. [{r.score:.3f}] {cite}")
        if r.heading:
            click.echo(f"   {r.heading}")
        click.echo("   " + _marked(r.text, r.highlights)[:600].replace("\n", "\n   "))


def _marked(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    out, pos = [], 0
    for a, b in spans:
        out += [text[pos:a], click.style(text[a:b], bold=True, fg="yellow")]
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _emphasised(answer: Any) -> str:
    """The answer text with each quote's key span (the date, the amount …) in bold."""
    lines = answer.answer.split("\n")
    for c in answer.citations:
        if c.key_start is None or c.key_end is None:
            continue
        key = c.quote[c.key_start - c.start : c.key_end - c.start]
        for i, line in enumerate(lines):
            if f"[{c.n}]" in line and key and key in line:
                lines[i] = line.replace(key, click.style(key, bold=True), 1)
                break
    return "\n".join(lines)


def _print_answer(answer: Any) -> None:
    click.echo(_emphasised(answer))
    shown = answer.citations if answer.found else answer.closest
    if shown:
        click.echo("\nNguồn / Sources:" if answer.found else "\nĐoạn gần nhất / Closest passages:")
    for c in shown:
        page = f", p. {c.page}" if c.page else ""
        click.echo(f"[{c.n}] {doc_label(c, c.source)}{page}")
        if c.heading:
            click.echo(f"    {c.heading}")
    for note in answer.notes:
        log.info("answer note: %s", note)


@cli.command()
@click.argument("question")
@click.option(
    "--kind",
    type=click.Choice(["list", "fact", "precedent", "document"]),
    help="Override the routing: a list, a fact, precedent wording, or a document.",
)
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Print the answer object as JSON.")
@click.pass_context
def ask(
    ctx: click.Context,
    question: str,
    kind: str | None,
    filters: Filters,
    as_json: bool,
) -> None:
    """Answer a question with verbatim, cited quotes.

    "Huyện nào …" / "Which districts …" questions list localities; others quote the
    sentence that answers; drafts or "tìm cách diễn đạt …" find precedent wording. When
    nothing answers, it says so and shows the closest passages.
    """
    with engine_for(ctx) as engine:
        embed_with_progress(engine)
        answer = engine.ask(
            question,
            kind,  # type: ignore[arg-type]
            filters,
        )
    if as_json:
        _echo_json(answer.to_dict())
    else:
        _print_answer(answer)


@cli.command()
@click.argument("text")
@filter_options
@click.option("--json", "as_json", is_flag=True, help="Print the answer object as JSON.")
@click.pass_context
def similar(
    ctx: click.Context,
    text: str,
    filters: Filters,
    as_json: bool,
) -> None:
    """Find how other documents worded something (precedent wording for drafters).

    Results are grouped by document with its number, date and issuer; phrasing shared
    by many documents is marked as standard wording.
    """
    with engine_for(ctx) as engine:
        embed_with_progress(engine)
        answer = engine.similar(text, filters)
    if as_json:
        _echo_json(answer.to_dict())
    else:
        _print_answer(answer)


@cli.command()
@click.option(
    "--rebuild",
    is_flag=True,
    default=True,
    show_default=True,
    help="Rebuild the FAISS index from the store's vectors.",
)
@click.pass_context
def reindex(ctx: click.Context, rebuild: bool) -> None:
    """Embed any passage without a vector and rebuild the vector index from the store.

    Run it after changing RAG_EMBEDDER, or if the index file was lost or damaged.
    """
    with engine_for(ctx) as engine:
        done = embed_with_progress(engine, rebuild=rebuild)
        count = engine.vector_count()
        click.echo(
            f"Vector index rebuilt with {engine.embedder.name}: {count} passages "
            f"({done} newly embedded)."
        )


def main() -> None:
    """Run the command group without ``serve`` (the ``rag`` script is ``api.cli:main``)."""
    cli(prog_name="rag")
