"""Tests of ci_assess.app."""
