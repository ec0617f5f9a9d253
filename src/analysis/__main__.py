"""``python -m analysis`` is the same as the ``voortgang`` console script."""

from analysis.pipeline.cli import main

if __name__ == "__main__":
    main()
