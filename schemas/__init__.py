"""teikit's schemas, installed as the data package ``teikit.schemas``.

The files live in the repository's top-level ``schemas/`` folder and are mapped into the
package by ``pyproject.toml``, so ``pip install teikit`` users have them too.
"""
