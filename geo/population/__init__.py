"""Inhabitants per wijk, built in: Statbel's population per statistical sector summed over the
link table from sector to wijk.

- :mod:`geo.population.statbel`: read Statbel's sector file (zip or ``|``-separated text), bounded;
- :mod:`geo.population.link_table`: read ``statsec_ggw7.xlsx`` (sector → wijk) of the boundary source;
- :mod:`geo.population.aggregate`: the vectorised join, sums per wijk and the report per municipality;
- :mod:`geo.population.builtin`: the settings, the download with cache and fallback, the result.
"""

from geo.population.aggregate import Aggregation, PopulationRefused, aggregate
from geo.population.builtin import BuiltinPopulation, PopulationUnavailable, load_builtin, population_source

__all__ = ["Aggregation", "BuiltinPopulation", "PopulationRefused", "PopulationUnavailable", "aggregate",
           "load_builtin", "population_source"]
