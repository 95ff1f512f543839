"""Readers of the official open-data formats, one module per data family.

Each reader returns a :class:`~..provenance.ReadResult` (normalised data + report) and raises
:class:`~..errors.InputFormatError` / :class:`~..errors.InputDataError` with a message that names
the file, the problem and what to do. Readers never write to their input.
"""
