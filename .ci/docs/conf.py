"""Sphinx settings for rasfast's API reference, built from the docstrings.

    python -m sphinx -W --keep-going -b html .ci/docs build/api

CI builds it with warnings as errors (.ci/steps/37-types-and-docs.sh)."""
project = "rasfast"
author = "rasfast developers"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon"]
# Google-style "Raises:" sections.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": True}
# The compiled module and cffi have no documentation of their own.
autodoc_mock_imports: list = []
exclude_patterns = ["_build"]
html_theme = "alabaster"
