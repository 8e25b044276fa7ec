"""Where the repository and its demo data are."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_CATALOG = ROOT / "data" / "demo" / "catalog.csv"
