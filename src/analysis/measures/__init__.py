"""Layer 3, measures: indicators, cohorts, prevalence, patterns and regional figures (frames in, frames out).

Pure functions on the validated inputs; no file is read and no Dutch sentence
written here. Person-level data go in, counts (numerators and denominators)
come out; the disclosure gate comes after."""
