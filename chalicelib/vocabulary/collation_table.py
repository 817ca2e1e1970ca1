"""The DUCET as pyuca's Collator looks it up, read in a fifth of the time pyuca takes to parse it.

pyuca parses its 1.8 MB text table (`allkeys-<UCA version>.txt`) line by line with a regular
expression into a trie of objects: about 110 ms of a cold start, paid by the first list sorted by
name (the organizer's registrations table). The deployment package carries the same trie instead,
built at packaging time (infra/package.py calls `write`), as one pickle of plain nested tuples
and dicts, which loads in about 20 ms; pyuca's text table then stays out of the zip. Without the
prebuilt file (local runs, tests from a checkout) pyuca reads its own table as before.

Only the table is loaded differently: the algorithm (`collation_elements`, `sort_key`, the
implicit weights of characters the table lacks) stays pyuca's, over `PrebuiltTable`, which answers
`find_prefix` as pyuca's Trie does.
"""
from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parent

# A node: (its collation elements or None, {code point: node} or None) — pyuca's Node, as tuples.
Node = tuple[Any, Any]


def prebuilt_path(folder: Path | None = None) -> Path:
    """Where the package carries (in `folder`, by default this one) the table for the UCA version
    pyuca's Collator reads."""
    from pyuca import Collator

    return (folder or FOLDER) / f"ducet-{Collator.UCA_VERSION}.pickle"


class PrebuiltTable:
    """pyuca's Trie over nested tuples: `find_prefix` gives the longest key prefix with a value."""

    __slots__ = ("root",)

    def __init__(self, root: Node) -> None:
        self.root = root

    def find_prefix(self, key: list[int]) -> tuple[list[int], Any, list[int]]:
        """(the longest prefix of `key` in the table, its collation elements or None, the rest of `key`)."""
        children = self.root[1]
        found, value = 0, None
        for index, part in enumerate(key):
            node = children.get(part) if children else None
            if node is None:
                break
            elements, children = node
            if elements:
                found, value = index + 1, elements
        return key[:found], value, key[found:]


def collator(prebuilt: Path | None = None) -> Any:
    """pyuca's Collator over the prebuilt table when there is one (`prebuilt`, by default where the
    package puts it), else over the table pyuca reads from its text file."""
    import pyuca

    path = prebuilt or prebuilt_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return pyuca.Collator()
    implicit_weights, root = pickle.loads(data)  # written by `write` at packaging, with this very module
    loaded = object.__new__(pyuca.Collator)  # the algorithm without its loader
    loaded.__dict__.update(table=PrebuiltTable(root), implicit_weights=implicit_weights)
    return loaded


def write(target: Path, source: Path | None = None) -> Path:
    """Parse pyuca's text table (`source`, by default the one its Collator reads) with pyuca's own
    loader and write it to `target` (a folder) as `collation` reads it; returns the file."""
    import pyuca

    parsed = pyuca.Collator(str(source)) if source else pyuca.Collator()
    path = prebuilt_path(target)
    data = tuple(tuple(weights) for weights in parsed.implicit_weights), _plain(parsed.table.root)
    path.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def _plain(node: Any) -> Node:
    """A pyuca trie node as nested tuples and dicts (its collation elements as tuples of weights)."""
    elements = None if node.value is None else tuple(tuple(weights) for weights in node.value)
    children = None if node.children is None else {part: _plain(child) for part, child in node.children.items()}
    return elements, children
