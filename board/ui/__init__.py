"""The Textual client of the core."""

import os

# Textual paints at most TEXTUAL_FPS frames a second (60 by default), so a key's
# result waits up to a frame before it is drawn: at 120 a cursor step reaches
# the screen in ~9 ms instead of ~17, a filter keystroke in ~46 instead of
# ~61 (benchmarks/run.py at 10,000 people). Only changed frames are drawn, so
# an idle board costs nothing more. A value the user set is kept. (Textual
# reads it once, when first imported: this module comes before it.)
os.environ.setdefault("TEXTUAL_FPS", "120")
