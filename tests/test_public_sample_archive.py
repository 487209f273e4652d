"""The public pages over the sample archive, imported the way an editor would import it.

A copy of the seed day (2012-02-8, with its source snapshot) and one busy day of 2026 is
imported once for the class; every test reads the pages it produced.
"""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import TestCase

from events.archive.importer import import_archive

SEED_DAY = "/news/2012/02/8/"
SEED_SLUG = (
    "wang-lijun-former-police-chief-of-the-central-chinese-city-of-chongqing-unexpectedly-"
    "leaves-his-position-and-goes-to-the-chongqing-u-s-co"
)
SEED_EVENT = f"{SEED_DAY}{SEED_SLUG}/"
BUSY_DAY = "/news/2026/01/5/"
UNRESOLVED = [
    "Wang Lijun, the former vice mayor and police chief of Chongqing, faces charges",
    "Wang Lijun, the former police chief and vice-mayor of Chongqing, China, is sentenced",
    "Canadian Prime Minister Stephen Harper meets privately with Chongqing party boss",
    "Chen Min&#39;er replaces Sun Zhengcai as Communist Party Secretary of Chongqing",
    "Chinese state media reports that all 33 miners trapped underground have been found dead",
]


def copy_of_sample_days(target: Path) -> Path:
    source = Path(settings.DEMO_ARCHIVE_DIR) / "news"
    for day in ("2012/02/8", "2026/01/5"):
        shutil.copytree(source / day, target / "news" / day)
    return target


class SampleArchivePagesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        with tempfile.TemporaryDirectory() as folder:
            report = import_archive(copy_of_sample_days(Path(folder)))
        assert not report.refused, report.refused

    def page(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def test_seed_day_shows_its_event_with_bbc_source_and_cover(self):
        page = self.page(SEED_DAY)
        self.assertIn("Wednesday 8 February 2012", page)
        self.assertIn(f'<a href="{SEED_EVENT}">Wang Lijun, former police chief', page)
        self.assertIn(
            '<a href="http://www.bbc.co.uk/news/world-asia-china-16940146" '
            'rel="noopener nofollow ugc">BBC</a>',
            page,
        )
        self.assertIn(
            'src="http://ichef-1.bbci.co.uk/news/1024/media/images/58373000/jpg/'
            '_58373831_013943116-1.jpg" alt=""',
            page,
        )
        self.assertIn("A top Chinese policeman in charge of a major crackdown", page)
        self.assertIn('href="/topics/chongqing/">Chongqing</a>', page)

    def test_seed_event_lists_five_unresolved_related_headlines_as_text(self):
        page = self.page(SEED_EVENT)
        related = page[page.index('id="related-heading"') :]
        related = related[: related.index("</section>")]
        self.assertEqual(related.count('<span class="unlinked">'), 5)
        self.assertNotIn("<a ", related)
        for headline in UNRESOLVED:
            self.assertIn(f'<span class="unlinked">{headline}', related)
        self.assertEqual(related.count("(not in this archive)"), 5)
        self.assertIn("Topics in common: Chongqing, Wang Lijun", related)

    def test_seed_event_shows_its_archived_source_snapshot(self):
        page = self.page(SEED_EVENT)
        self.assertIn("<h3>Chongqing policeman Wang Lijun mystery deepens</h3>", page)
        self.assertIn("The mystery surrounding one of China&#39;s top police chiefs", page)

    def test_busy_day_lists_every_event_in_the_index_order(self):
        page = self.page(BUSY_DAY)
        self.assertIn("12 events.", page)
        first = page.index("Four Palestinians are killed in an Israeli airstrike")
        last = page.index("Delcy Rodríguez is formally sworn in")
        self.assertLess(first, last)
        # The two days are years apart: each links to the other as its neighbour.
        self.assertIn('rel="prev" href="/news/2012/02/8/"', page)
        self.assertIn('rel="next" href="/news/2026/01/5/"', self.page(SEED_DAY))

    def test_related_events_of_the_same_day_are_links(self):
        page = self.page(
            f"{BUSY_DAY}a-venezuelan-decree-authorizes-a-national-manhunt-for-those-involved-"
            "in-the-american-attack/"
        )
        related = page[page.index('id="related-heading"') :]
        self.assertIn(f'<a href="{BUSY_DAY}switzerland-freezes-all-assets', related)
        self.assertIn('<span class="unlinked">United States president Donald Trump', related)

    def test_topic_page_search_and_old_addresses(self):
        topic = self.page("/topics/venezuela/")
        self.assertIn("<h1>Venezuela</h1>", topic)
        self.assertIn("A Venezuelan decree authorizes a national manhunt", topic)
        results = self.page("/search/?q=Maduro")
        self.assertIn("De jure Venezuelan president Nicolás <mark>Maduro</mark>", results)
        old = self.client.get(f"{SEED_DAY}{SEED_SLUG}.md")
        self.assertEqual((old.status_code, old["Location"]), (301, SEED_EVENT))
        index = self.client.get(f"{SEED_DAY}index.md")
        self.assertEqual((index.status_code, index["Location"]), (301, SEED_DAY))
