"""The lock files are what `make setup`, CI and production install: they must hold every pin the
hand-edited inputs ask for (an input changed without `make lock` fails here), a hash for every
package (pip's --require-hashes refuses a line without one), and the same versions in the
runtime and the development lock, so the tests run on what production installs."""

from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def logical_lines(path: Path) -> list[str]:
    """The file's requirement lines, continuations joined, comments and options left out."""
    text = path.read_text().replace("\\\n", " ")
    lines = (line.split(" #")[0].strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith(("#", "-r ", "-c "))]


def pins(path: Path) -> dict[str, tuple[str, int]]:
    """{package: (version, how many hashes)} for each line of a requirements file."""
    found = {}
    for line in logical_lines(path):
        words = line.split()
        hashes = [word for word in words if word.startswith("--hash=sha256:")]
        requirement = Requirement(" ".join(word for word in words if word not in hashes))
        [specifier] = requirement.specifier or [None]
        assert specifier is not None and specifier.operator == "==", f"{path.name}: {line}"
        found[canonicalize_name(requirement.name)] = (specifier.version, len(hashes))
    return found


def version_differences(wanted: dict, locked: dict) -> dict[str, tuple[str, str]]:
    """{package: (wanted version, locked version or "missing")} where the two differ."""
    locked_versions = {name: version for name, (version, _) in locked.items()}
    return {
        name: (version, locked_versions.get(name, "missing"))
        for name, (version, _) in wanted.items()
        if locked_versions.get(name) != version
    }


@pytest.mark.parametrize(
    ("inputs", "lock"),
    [("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")],
)
def test_the_lock_holds_every_pin_of_its_inputs(inputs, lock):
    wanted = pins(ROOT / inputs)
    if inputs == "requirements-dev.in":
        wanted |= pins(ROOT / "requirements.in")  # through its -r line
    differing = version_differences(wanted, pins(ROOT / lock))
    assert differing == {}, f"{inputs} and {lock} differ (input, lock): run make lock"


@pytest.mark.parametrize("lock", ["requirements.txt", "requirements-dev.txt"])
def test_every_locked_package_has_its_hashes(lock):
    unhashed = [name for name, (_, hashes) in pins(ROOT / lock).items() if hashes == 0]
    assert unhashed == []


def test_the_tests_run_on_the_versions_production_installs():
    runtime, development = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements-dev.txt")
    assert version_differences(runtime, development) == {}


def test_lxml_html_clean_is_installed_whatever_pip_makes_of_lxml_extras():
    # jusText asks for lxml[html_clean]; lxml 6.2 names the extra html-clean and pip 23.2, the
    # one `python -m venv` brings, skips it: without this line trafilatura cannot be imported.
    assert "lxml-html-clean" in pins(ROOT / "requirements.txt")
