"""Storage and retrieval: embedders, the FAISS vector index, the lexical index, the store."""
