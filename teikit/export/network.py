"""``--to gexf`` and ``--to graphml``: the person co-occurrence network, through networkx.

Nodes are persons (``label`` the fullest name, ``names``, ``roles``, ``mentions``: how often
they are mentioned); an edge joins two persons mentioned in the same paragraph (its notes
left out, as :meth:`teikit.Corpus.cooccurrence` counts), ``weight`` the number of paragraphs
they share. Open ``persons.gexf`` in Gephi, or
``persons.graphml`` in Cytoscape, yEd or networkx. networkx is the optional extra
``teikit[network]``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from teikit.errors import UsageError
from teikit.export.read import Collection, display_name


def _networkx() -> Any:
    try:
        return importlib.import_module("networkx")  # optional: teikit[network]
    except ModuleNotFoundError:
        raise UsageError("network export needs networkx: pip install 'teikit[network]'") from None


def graph(collection: Collection) -> Any:
    """The co-occurrence network as a ``networkx.Graph`` (nodes and edges in sorted order)."""
    nx = _networkx()
    g = nx.Graph(name="persons named in the same paragraph")
    for person in collection.persons:
        g.add_node(
            person.id,
            label=display_name(person),
            names=" | ".join(person.names),
            roles=" | ".join(person.titles),
            mentions=person.mention_count,
        )
    for (a, b), weight in collection.pairs.items():
        g.add_edge(a, b, weight=weight)
    return g


def _lines(generated: Iterator[str]) -> bytes:
    return ("\n".join(generated) + "\n").encode("utf-8")


def write_gexf(collection: Collection, folder: Path, progress: object = None) -> None:
    nx = _networkx()
    data = _lines(nx.generate_gexf(graph(collection)))
    # networkx stamps today's date into <meta>; dropped so reruns give the same bytes.
    data = re.sub(rb' lastmodifieddate="[^"]*"', b"", data, count=1)
    (folder / "persons.gexf").write_bytes(data)


def write_graphml(collection: Collection, folder: Path, progress: object = None) -> None:
    nx = _networkx()
    (folder / "persons.graphml").write_bytes(_lines(nx.generate_graphml(graph(collection))))
