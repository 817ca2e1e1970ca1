"""The fonts every PDF is drawn with (the sign-in sheet, certificates): DejaVu Sans, which has Polish,
Ukrainian and Arabic letters. Shipped with the code (see LICENSE)."""
from pathlib import Path

FONTS = Path(__file__).resolve().parent
FAMILY = "DejaVu"
