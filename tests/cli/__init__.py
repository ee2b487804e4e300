"""Tests of ci_assess.cli."""
