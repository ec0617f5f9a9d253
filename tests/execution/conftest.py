"""Fixtures of the execution-engine tests: the kernel name and a shared warm pool."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from analysis.pipeline.execution.pool import KernelPool
from analysis.pipeline.kernel import check_kernelspec


@pytest.fixture(scope="session")
def kernel_name() -> str:
    return check_kernelspec()


@pytest.fixture(scope="session")
def pool2(kernel_name: str) -> Iterator[KernelPool]:
    """Two warm kernels shared by the tests that do not care which kernel runs what."""
    with KernelPool(2, kernel_name=kernel_name) as pool:
        yield pool
