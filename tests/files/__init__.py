"""Tests of ci_assess.files."""
