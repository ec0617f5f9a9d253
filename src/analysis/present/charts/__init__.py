"""House-style charts for the factsheets: data in, ``(Figure, alt text)`` out.

Every factsheet panel ("Feiten & Cijfers") is one figure made here, so all
charts share one look:

- readable in greyscale: each series has its own grey value (at least 0,1
  apart in luma), marker, line style and, for bars, hatch;
- Dutch axis labels and numbers (``4.194``, ``10,5%``) via
  :mod:`analysis.present.numbers`;
- a Dutch alt text for every figure, naming the chart type, the title, the
  series and their values with units;
- charts from synthetic data carry the words "synthetische data" on the figure
  and in the alt text.

Conventions
-----------
- ``unit="percent"``: values are percentages in ``[0, 100]`` (not proportions
  in ``[0, 1]``); ``unit="count"``: non-negative numbers of persons, cases etc.
- Periods (or groups) on the x-axis are strings as published (``2016``,
  ``2017/2018``, ``2015Q3``) and keep the order in which they first appear in
  the frame; they are never parsed or sorted.
- Value labels use the published precision of the values
  (:func:`analysis.inputs.published.decimals_of`, the largest in the frame) unless
  ``decimals`` is given.
- The y-axis starts at 0 (bars and lines alike).

A chapter shows a chart with ``out.figure(*line_chart(...))``
(:class:`analysis.present.display.ChapterOutput`). Figures are made with
:class:`matplotlib.figure.Figure` and an Agg canvas, not with pyplot: nothing is
registered globally, and rendering does not depend on the notebook backend.
Drawing uses matplotlib directly; seaborn supplies the base theme (seaborn's
``barplot``/``lineplot`` estimate from raw observations, and have neither
stacked bars nor broken series; we plot published aggregates).


Modules: :mod:`~analysis.present.charts.style` (house style, series styles,
Dutch axis formatters), :mod:`~analysis.present.charts.base` (the shared frame
checks, axes and alt text), :mod:`~analysis.present.charts.line`,
:mod:`~analysis.present.charts.bar` and :mod:`~analysis.present.charts.funnel`."""
