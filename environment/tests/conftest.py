import sys
from pathlib import Path

# nbrun.py lives one folder up; make it importable for the tests.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
