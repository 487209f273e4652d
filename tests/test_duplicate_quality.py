"""The duplicate finder measured on labelled pairs from the sample archive.

tests/data/duplicate_pairs.csv holds 337 pairs of events within three days of each other,
labelled by hand by the rule in tests/data/duplicate_pairs.md: every pair scoring 70 or more,
and random samples of the pairs scoring 60-70, 50-60 and under 50. The pairs' files are
imported as the importer would; each pair counts as found when `similar_to` names the second
event on saving the first, exactly as the save warning does. The figures are asserted exactly:
a change to the score or the threshold must restate them (docs/editorial.md, duplicates.py).
"""

import csv
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import TestCase

from events.archive.importer import import_archive
from events.editorial import duplicates
from events.models import Event

LABELS = Path(__file__).parent / "data" / "duplicate_pairs.csv"


def labelled_pairs() -> list[dict]:
    with LABELS.open(newline="", encoding="utf-8") as labels:
        return list(csv.DictReader(labels))


def copy_files(paths: set[str], target: Path) -> Path:
    archive = Path(settings.DEMO_ARCHIVE_DIR)
    for path in paths:
        destination = target / path.lstrip("/")
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(archive / path.lstrip("/"), destination)
    return target


class DuplicateFinderQualityTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pairs = labelled_pairs()
        paths = {row[side] for row in cls.pairs for side in ("first", "second")}
        with tempfile.TemporaryDirectory() as folder:
            report = import_archive(copy_files(paths, Path(folder)))
        assert not report.refused, report.refused
        cls.events = {event.archive_path: event for event in Event.objects.all()}

    def found(self, row) -> bool:
        first, second = self.events[row["first"]], self.events[row["second"]]
        return any(other.pk == second.pk for other, _score in duplicates.similar_to(first))

    def test_precision_and_recall_at_the_threshold(self):
        true_positives = false_positives = false_negatives = 0
        for row in self.pairs:
            found, duplicate = self.found(row), row["duplicate"] == "1"
            true_positives += found and duplicate
            false_positives += found and not duplicate
            false_negatives += duplicate and not found
        precision = true_positives / (true_positives + false_positives)
        recall = true_positives / (true_positives + false_negatives)
        print(
            f"\nduplicates at {duplicates.SIMILAR_SCORE}: {len(self.pairs)} labelled pairs, "
            f"{true_positives} found duplicates, {false_positives} false alarms, "
            f"{false_negatives} missed: precision {precision:.3f}, recall {recall:.3f}"
        )
        self.assertEqual((true_positives, false_positives, false_negatives), (9, 154, 0))

    def test_the_labelled_set_is_what_its_rule_says(self):
        self.assertEqual(len(self.pairs), 337)
        self.assertEqual(sum(row["duplicate"] == "1" for row in self.pairs), 9)
        for row in self.pairs:
            first, second = self.events[row["first"]], self.events[row["second"]]
            self.assertLessEqual(abs((second.date - first.date).days), duplicates.WINDOW_DAYS)
            low, high = map(int, row["stratum"].split("-"))
            score = duplicates.score(first.headline, second.headline)
            self.assertTrue(low <= score < high, (row, score))
