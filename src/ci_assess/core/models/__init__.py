"""Pydantic models: strict inputs (questionnaire, answers) and the frozen report."""
