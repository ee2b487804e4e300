"""Tests of ci_assess.core."""
