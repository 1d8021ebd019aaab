"""The examples in the docstrings run and show what they say."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import personajourney


def _modules() -> list[str]:
    names = [personajourney.__name__]
    for info in pkgutil.walk_packages(personajourney.__path__, prefix="personajourney."):
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert failures == 0, f"{failures} docstring example(s) of {name} fail; run it with -s"
