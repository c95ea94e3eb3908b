"""The printable coverage report for the mobility council: A4 landscape, PDF and PNG.

Drawn with matplotlib in Belgian Lambert 72, so the scale bar is exact and nothing is
fetched from the network (there is no basemap). ``python -m geo rapport`` and the
Dekking page both build it the same way:

>>> content = coverage_report(boundaries, "12025", partners, categories, settings)  # doctest: +SKIP
>>> pdf, png = render_pdf(content), render_png(content)  # doctest: +SKIP

- :mod:`geo.report.content`: what the report says (coverage, white spots, advice as rows);
- :mod:`geo.report.layout`: measuring and wrapping text, sizing columns, flowing tables
  over pages;
- :mod:`geo.report.render`: drawing the pages, the map, its legend and scale bar.
"""

from geo.report.content import SHARE_CLASSES, ReportContent, coverage_report, share_class
from geo.report.render import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, render_pdf, render_png

__all__ = ["MARGIN", "PAGE_HEIGHT", "PAGE_WIDTH", "SHARE_CLASSES", "ReportContent", "coverage_report", "render_pdf",
           "render_png", "share_class"]
