"""One module per chapter: ``build(...)`` loads its inputs, computes, protects and words, and returns the blocks.

A notebook under ``notebooks/`` has a parameters cell of literals and one call,
``<chapter>.build(...)``, whose :class:`~analysis.present.display.ChapterOutput`
it displays. The chapters are the only place where inputs, measures, the
disclosure gate and the Dutch presentation meet.

- :mod:`~analysis.chapters.kernindicatoren`  the programme in cijfers, titled by the programme (``01-kernindicatoren``)
- :mod:`~analysis.chapters.factsheet`        Factsheet actielijn N (``10-factsheet``)
- :mod:`~analysis.chapters.cohort_18plus`    Factsheet actielijn 4 from the 18+ cohorts (``20-cohort-18plus``)
- :mod:`~analysis.chapters.patronen`         Patronen: leeftijd, geslacht en regio (``30-patronen``)
- :mod:`~analysis.chapters.uitkomsten`       Uitkomsten van jeugdhulp (``35-uitkomsten``, also per region)
- :mod:`~analysis.chapters.regio`            a regional report (``40-regio``)
- :mod:`~analysis.chapters.evaluatieagenda`  Evaluatieagenda (``80-evaluatieagenda``)
- :mod:`~analysis.chapters.mijlpalen`        Mijlpalen (``81-mijlpalen``)
- :mod:`~analysis.chapters.maatregelen`      Maatregelen and their monitoring (``82-maatregelen``)
- :mod:`~analysis.chapters.aanbevelingen`    Aanbevelingen over editions (``83-aanbevelingen``)
- :mod:`~analysis.chapters.knelpunten`       Leercycli: knelpunten, acties, lessen (``84-knelpunten``)
- :mod:`~analysis.chapters.opening`          the opening (programme title, own text) those three share
- :mod:`~analysis.chapters.methoden`         Bijlage: methoden en kanttekeningen (``90-methoden``)
- :mod:`~analysis.chapters.wijzigingen`      Wijzigingen ten opzichte van de vorige editie (``95-wijzigingen``)
- :mod:`~analysis.chapters.inleiding`        Inleiding en leeswijzer (the book's ``index.qmd``, not a notebook)"""
