"""ci-assess: customer-intimacy maturity assessments and gap reports.

Kept import-free on purpose: ``ci-assess --version`` must not pay for pydantic,
jinja2 or the questionnaire models.
"""

__version__ = "0.1.0"
