"""Files in and out: YAML with line numbers, loading into models, atomic writes,
bundled resources, schemas and the consultancy's branding files.
"""
