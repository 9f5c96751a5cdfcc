"""Files on disk -> a validated corpus: loading, YAML with line marks, the content model,
validation, references and dates.
"""
