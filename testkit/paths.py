"""Where the repository and its demo data are."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_CATALOG = ROOT / "data" / "demo" / "catalog.csv"
DEMO_MENU = ROOT / "data" / "demo" / "menu.jsonl"
DEMO_MENU_CSV = ROOT / "data" / "demo" / "menu.csv"
