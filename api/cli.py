"""The ``rag`` console script: the pipeline's command group plus ``rag serve``.

``serve`` lives here, above both the pipeline and the service, so that no import runs
from ``rag`` up to ``api``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from tqdm import tqdm

from rag.cli import cli, embed_with_progress, engine_for
from rag.config import Settings
from rag.ingest.batch import expand_paths

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    envvar="RAG_HOST",
    help="Address to listen on [env: RAG_HOST]. Other than loopback needs API keys.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    envvar="RAG_PORT",
    help="Port [env: RAG_PORT].",
)
@click.option(
    "--workers",
    default=min(2, os.cpu_count() or 1),
    show_default="2 (1 on a single core)",
    type=click.IntRange(1, 16),
    envvar="RAG_WORKERS",
    help="Worker processes [env: RAG_WORKERS]; each loads its own copy of the index.",
)
@click.option(
    "--corpus",
    default="docs_corpus",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder ingested on first start, when the collection is empty.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int, corpus: str) -> None:
    """Start the API and the web page (http://HOST:PORT/).

    On first start the shipped corpus is ingested and indexed (with progress bars).
    Without RAG_API_KEYS the service only listens on 127.0.0.1.
    """
    import uvicorn

    from .app import create_app

    settings: Settings = ctx.obj["settings"]
    keys = settings.key_roles
    if not keys and host not in LOOPBACK:
        raise click.ClickException(
            f"Refusing to listen on {host} without API keys: set RAG_API_KEYS="
            "'reader:KEY1,editor:KEY2' or use --host 127.0.0.1."
        )
    if not keys:
        click.echo(
            "No API keys configured: authentication is off and the service listens "
            "on 127.0.0.1 only.",
            err=True,
        )
    with engine_for(ctx) as engine:
        if engine.count_documents() == 0 and Path(corpus).is_dir():
            click.echo(f"First start: indexing {corpus}/", err=True)
            files = expand_paths([corpus])
            with tqdm(total=len(files), desc="Ingesting", unit="file", file=sys.stderr) as bar:
                engine.ingest([corpus], lambda r: bar.update(1))
        embed_with_progress(engine)
        embedder = engine.embedder
    click.echo(f"Serving on http://{host}:{port}/ (API docs at /docs)", err=True)
    if workers > 1:  # worker processes build the app themselves from the same settings
        os.environ["RAG_DATA_DIR"] = str(settings.data_dir)
        uvicorn.run(
            "api.app:create_app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
        return
    uvicorn.run(create_app(settings, embedder=embedder), host=host, port=port, log_level="warning")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="rag")


if __name__ == "__main__":
    main()
