"""Use cases callable from Python: assess one file, validate, run a batch.

The command line (``ci_assess.cli``) is a thin layer over these functions; a Python
user calls them directly. They load (``files``), score (``core``) and render
(``render``), and raise ``CiAssessError`` subclasses for anything the user must fix.
"""
