"""The native module (Rust, PyO3). Use the `reviewlens` package, which wraps it."""
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

__version__: str

_Path = Union[str, os.PathLike[str]]
# A text column: list of str (None for an empty cell); a number column: (type code, bytes),
# "q" for int64 and "d" for float64 (NaN for an empty cell), as the array module reads them.
_Column = Union[List[Optional[str]], Tuple[str, bytes]]

def analyze(
    texts: Iterable[Any],
    ids: Optional[Iterable[Any]] = None,
    *,
    jobs: Optional[int] = None,
    gazetteer: Union[_Path, Sequence[_Path], None] = None,
    lexicon: Union[_Path, Sequence[_Path], None] = None,
) -> Dict[str, Dict[str, _Column]]:
    """The reviews, mentions, entities and errors tables, column by column."""

def score(text: str) -> Dict[str, Any]:
    """neg, neu, pos, compound, label, verdict_confidence."""

def explain(text: str) -> Dict[str, Any]:
    """sentences, mentions and review of one text."""
