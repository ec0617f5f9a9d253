"""Renderers of an edition's report from its Quarto book project.

- :mod:`analysis.pipeline.render.quarto_project`  the generated ``_quarto.yml`` and ``quarto render``
- :mod:`analysis.pipeline.render.offline`         built-in renderer without Quarto (HTML, DOCX, PDF)
- :mod:`analysis.pipeline.render.project`         reading ``_quarto.yml`` for the built-in renderer
- :mod:`analysis.pipeline.render.notebook`        executed notebook -> markdown (nbconvert)
- :mod:`analysis.pipeline.render.pandoc_ast`      chapters as pandoc documents, joined into a book
- :mod:`analysis.pipeline.render.docx_style`      DOCX reference document and cell shading

The house style lives in ``analysis/templates/`` (CSS, typst template, Lua
filters, nbconvert template, ``house_style.yaml``).
"""
