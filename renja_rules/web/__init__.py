"""The verifier's desk: ``renja-rules serve``, a local web page for checking a submission.

An optional part (``pip install 'renja-rules[web]'``: Starlette, uvicorn and
python-multipart), imported only by the ``serve`` command, so that the command line's start
does not pay for it. :mod:`renja_rules.web.app` is the application, :mod:`.worker` the process
that checks one submission with the command line's own pipeline.
"""

from __future__ import annotations

__all__ = ["MISSING"]

# What to tell someone who runs `serve` without the extra installed.
MISSING = ("starlette", "uvicorn", "multipart")
