"""Layer 7, pipeline: from ``voortgang build`` to the published PDF.

Plan and validate (:mod:`~analysis.pipeline.plan`), compute each run's
dependencies (:mod:`~analysis.pipeline.dependencies`), execute
(:mod:`~analysis.pipeline.execute`, :mod:`~analysis.pipeline.execution`), gate
and render and publish (:mod:`~analysis.pipeline.national`,
:mod:`~analysis.pipeline.rendering`, :mod:`~analysis.pipeline.render`,
:mod:`~analysis.pipeline.manifest`, :mod:`~analysis.pipeline.publish`), regional
reports (:mod:`~analysis.pipeline.regional`), and the command line
(:mod:`~analysis.pipeline.cli`). Nothing below this layer imports from it."""
