"""Embed the documents in corpus/ (or --source folders) into the Chroma index. See --help."""

import sys

from assistant.cli import ingest_main

if __name__ == "__main__":
    sys.exit(ingest_main())
