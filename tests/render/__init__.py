"""Tests of ci_assess.render."""
