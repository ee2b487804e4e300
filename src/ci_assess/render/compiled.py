"""A disk cache of the bundled templates, compiled, so that one report skips compiling.

Compiling the HTML report's templates costs about as much as everything else a
one-report run does beyond importing its libraries (some 45 ms), and they are the
same on every run. Jinja keeps the compiled code in the user's cache folder
(``$XDG_CACHE_HOME/ci-assess`` or ``~/.cache/ci-assess``), one file per template.

Jinja itself checks a cached file only against the template's source (so an edited
template is simply compiled again) and against its bytecode format number and the
Python version: not against Jinja's own version, nor against how the environment
compiles (autoescape, trim_blocks, its filters...). So the folder is named after the
versions of ci-assess and Jinja, and each file after ``environment_key``, a digest of
the environment's compile-time settings: code compiled one way is never loaded by an
environment that compiles another way.

A cache is an optimisation and never a reason to fail: a folder that cannot be
created, read or written, or a damaged file, only means compiling as before.
Templates from a user's ``--template`` folder are not cached (they are small, may be
edited between runs, and would leave a file per folder behind).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import marshal
import os
import pickle
import types
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, bc_magic

from ci_assess import __version__

# Set to any value to compile the templates on every run (tests, debugging).
NO_CACHE_ENV = "CI_ASSESS_NO_TEMPLATE_CACHE"


class _TolerantCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, except that trouble with a cache file means a cache miss."""

    def load_bytecode(self, bucket: Bucket) -> None:
        # Jinja's own loader hands the open file to marshal.load, which reads it in
        # many small calls (some 12 M instructions for the HTML report's templates);
        # one read and marshal.loads do the same checks for a fraction. The format
        # is Jinja's: its magic, the pickled source checksum, the marshalled code.
        # The bucket stays empty (compile) unless every check passes.
        bucket.reset()
        try:
            with open(self._get_cache_filename(bucket), "rb") as f:  # noqa: PTH123 - a str
                data = f.read()
            stream = io.BytesIO(data)
            stream.seek(len(bc_magic))
            if not data.startswith(bc_magic) or pickle.load(stream) != bucket.checksum:
                return  # another format, or the template changed
            code = marshal.loads(memoryview(data)[stream.tell() :])
        except Exception:  # missing, unreadable or damaged: compile instead
            return
        if isinstance(code, types.CodeType):  # anything else would fail in the render
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        # Jinja writes a temporary file and renames it: never half a file. A folder
        # that is read-only or full only means that the next run compiles again.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def cache_folder() -> Path:
    """Where compiled templates are kept: a folder in the user's cache folder.

    That is ``files.paths.cache_dir()``, the platform's own place (on Linux
    ``$XDG_CACHE_HOME/ci-assess`` or ``~/.cache/ci-assess``, on macOS
    ``~/Library/Caches/ci-assess``, on Windows ``%LOCALAPPDATA%\\ci-assess\\Cache``).
    RuntimeError when there is none (no home folder).
    """
    from ci_assess.files.paths import cache_dir

    return cache_dir() / f"templates-{__version__}-jinja2-{jinja2.__version__}"


def environment_key(env: jinja2.Environment) -> str:
    """``html-`` or ``text-`` and a digest of everything that decides how ``env`` compiles.

    That is the lexer's options, autoescape, finalize, the undefined type, extensions,
    and the filters and tests by name and function (the compiler looks them up, and
    whether a filter takes the context is decided when compiling), a digest of the
    code generator's modules, and the language the constant messages are translated
    into, with its catalogue (``translated``).
    """
    from ci_assess.render.translated import cache_key

    settings: list[Any] = [
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        env.sandboxed,
        _name(env.autoescape),
        _name(env.finalize),
        _name(env.undefined),
        _name(env.code_generator_class),
        _generator(),
        sorted(env.extensions),
        sorted((k, _name(f)) for k, f in env.filters.items()),
        sorted((k, _name(f)) for k, f in env.tests.items()),
        cache_key(env),
    ]
    digest = hashlib.sha256(repr(settings).encode()).hexdigest()[:16]
    return f"{'html' if env.autoescape else 'text'}-{digest}"


@functools.cache
def _generator() -> str:
    """A short digest of the modules whose code decides what a template compiles to (the
    generator, the translation pass, the filters it names): code compiled by another
    commit of the same version is never loaded."""
    from ci_assess.files.resources import code_digest, module_files
    from ci_assess.render import codegen, templates, translated

    return code_digest(module_files(codegen, translated, templates))


def _name(value: object) -> str:
    """A setting as text that is the same on every run (a function by where it is defined)."""
    if value is None or isinstance(value, bool | str):
        return repr(value)
    module = getattr(value, "__module__", "")
    qualname = getattr(value, "__qualname__", type(value).__qualname__)
    passes = getattr(value, "jinja_pass_arg", None)
    return f"{module}.{qualname}" + (f"[{passes.name}]" if passes is not None else "")


def bytecode_cache(mode: str) -> jinja2.BytecodeCache | None:
    """The cache for the bundled templates compiled in ``mode``, or None when there can be none.

    Jinja keys a cached template by its name and source only, not by how it was
    compiled; ``_text.j2`` is compiled with autoescape for HTML and without it for
    Markdown, so each way of compiling keeps its own files: ``mode`` names it (the
    renderers pass ``environment_key(env)``). Sharing them let a Markdown run's code
    render HTML unescaped.
    """
    from ci_assess.files.paths import caches_enabled

    if os.environ.get(NO_CACHE_ENV) or not caches_enabled():
        return None
    try:
        folder = cache_folder()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (OSError, RuntimeError):
        return None
    return _TolerantCache(str(folder), pattern=f"__jinja2_{mode}_%s.cache")
