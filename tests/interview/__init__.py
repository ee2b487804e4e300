"""Tests of ci_assess.interview."""
