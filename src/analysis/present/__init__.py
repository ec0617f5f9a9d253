"""Layer 5, present: Dutch wording and number formatting, findings, charts, tables and display.

Everything a reader sees is worded here: numbers (:mod:`~analysis.present.numbers`),
sentences (:mod:`~analysis.present.wording`), labels (:mod:`~analysis.present.labels`),
the marks of synthetic data (:mod:`~analysis.present.notices`), charts
(:mod:`~analysis.present.charts`) and the blocks a chapter returns
(:mod:`~analysis.present.display`)."""
