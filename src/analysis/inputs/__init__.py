"""Layer 1, inputs: reading and validating every file the project reads.

Every read of a file happens here, and each module names the files it reads
(``READS``, ``edition_reads``, ``run_reads``) so that a chapter's cache key holds exactly its
inputs (:mod:`analysis.pipeline.dependencies`). Bad input raises one
:class:`~analysis.errors.VoortgangError` that names the file, the record or row
and the field. See ``docs/architecture.md`` for the module map."""
