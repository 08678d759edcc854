"""Run the web app: the Gradio UI at / and the JSON API at /api (OpenAPI docs at /docs).

    python app.py [--host 127.0.0.1] [--port 7860] [--db data/index]

Every other setting comes from ASSISTANT_* environment variables (see assistant/config.py); set
ASSISTANT_ADMIN_USER and ASSISTANT_ADMIN_PASSWORD to enable the Admin tab and /api/admin routes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# No usage analytics and no outbound calls: set before gradio is imported (assistant.web imports it).
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main(argv: list[str] | None = None) -> int:
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    from assistant.config import Settings

    try:
        defaults = Settings()
    except (ValidationError, SettingsError) as exc:
        print(f"invalid ASSISTANT_* setting: {exc}", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(description="AI Diagnostic Fund assistant: web UI and JSON API")
    parser.add_argument("--host", default=defaults.host, help=f"interface to listen on (default {defaults.host})")
    parser.add_argument("--port", type=int, default=defaults.port, help=f"port (default {defaults.port})")
    parser.add_argument("--db", type=Path, default=defaults.db, help=f"index folder (default {defaults.db})")
    args = parser.parse_args(argv)
    try:
        settings = Settings(host=args.host, port=args.port, db=args.db)  # flags win over ASSISTANT_* variables
    except ValidationError as exc:
        parser.error(str(exc))

    from assistant.web import serve

    serve(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
