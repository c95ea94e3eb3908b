"""Whom to contact next: white spots, the discretised problem, lazy greedy against the exact
optimum (an integer program in PuLP), and the advice sentences.

Made-up world (Lambert 72): Aastad 91001 = wijken 91001W01 (x 0–1 km) and 91001W02
(x 1–2 km), Beedorp 91002 = 91002W01 and 91002W02 (x 2–4 km), all 1 km high.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pulp
import pytest

from geo.advice import Advice, advice_problem, advise, white_spots
from geo.max_coverage import lazy_greedy
from geo.boundaries import Boundaries
from geo.coverage import wijk_coverage
from geo.partners import Partner
from geo.reach import CoverageSettings
from tests.geo.tiny_area import partner_at as tiny_partner
from tests.geo.tiny_area import tiny_boundaries


def partner_at(naam: str, dx: float, dy: float, categorie: str = "school", status: str = "te contacteren",
               **fields) -> Partner:
    """A prospect (by default) at (X0 + dx, Y0 + dy)."""
    return tiny_partner(naam, dx, dy, categorie, status, **fields)


@pytest.fixture(scope="module")
def tiny() -> Boundaries:
    return tiny_boundaries()


def test_lazy_greedy_picks_the_largest_marginal_gain():
    # Sets: 0 = {0, 1, 2}, 1 = {2, 3}, 2 = {3, 4}, 3 = {} ; weights 1 each.
    indptr = np.array([0, 3, 5, 7, 7])
    indices = np.array([0, 1, 2, 2, 3, 3, 4])
    assert lazy_greedy(indptr, indices, np.ones(5), 3) == ([0, 2], [3.0, 2.0])  # then nothing is left to gain
    weighted = np.array([1.0, 1.0, 1.0, 5.0, 0.5])
    assert lazy_greedy(indptr, indices, weighted, 1) == ([1], [6.0])
    assert lazy_greedy(indptr, indices, weighted, 0) == ([], [])


def test_lazy_greedy_equals_plain_greedy():
    rng = np.random.default_rng(3)
    for _ in range(50):
        sets = [np.unique(rng.integers(0, 40, rng.integers(0, 12))) for _ in range(15)]
        weights = rng.uniform(0, 1, 40)
        indptr = np.concatenate([[0], np.cumsum([len(s) for s in sets])])
        indices = np.concatenate(sets).astype(int)
        picks, gains = lazy_greedy(indptr, indices, weights, 5)
        covered = np.zeros(40, dtype=bool)
        for pick, gain in zip(picks, gains):
            best = max(weights[s][~covered[s]].sum() for s in sets)
            assert gain == pytest.approx(best)
            covered[sets[pick]] = True


def exact_optimum(indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray, k: int) -> float:
    """Maximum coverage as an integer program: choose ≤ k sets, count a cell once."""
    problem = pulp.LpProblem("maximum_coverage", pulp.LpMaximize)
    chosen = [problem.add_variable(f"x{i}", cat="Binary") for i in range(len(indptr) - 1)]
    covering: dict[int, list[int]] = {}
    for i in range(len(chosen)):
        for cell in indices[indptr[i]:indptr[i + 1]]:
            covering.setdefault(int(cell), []).append(i)
    counted = {cell: problem.add_variable(f"y{cell}", cat="Binary") for cell in covering}
    scale = 1e6  # km² per cell are tiny numbers; m² keep the solver's tolerances meaningful
    problem += pulp.lpSum(weights[cell] * scale * counted[cell] for cell in counted)
    for cell, sets in covering.items():
        problem += counted[cell] <= pulp.lpSum(chosen[i] for i in sets)
    problem += pulp.lpSum(chosen) <= k
    problem.solve(pulp.PULP_CBC_CMD(msg=False))
    assert pulp.LpStatus[problem.status] == "Optimal"
    return float(pulp.value(problem.objective) or 0.0) / scale


@pytest.mark.filterwarnings("ignore:PULP_CBC_CMD is deprecated:DeprecationWarning")
def test_lazy_greedy_against_the_exact_optimum(tiny, categories):
    """Random small cases on the same discretisation: greedy ≥ (1 − 1/e) · optimum, and
    usually equal to it."""
    kinds = ["school", "jeugdbeweging", "natuur_milieu", "buurt", "mobiliteit"]
    equal, cases = 0, 0
    for seed in range(30):
        rng = np.random.default_rng(seed)
        count = int(rng.integers(4, 13))
        k = int(rng.integers(1, 5))
        prospects = [partner_at(f"P{i}", rng.uniform(-400, 2400), rng.uniform(-300, 1300),
                                categorie=str(rng.choice(kinds)), bereik_m=int(rng.integers(150, 700)))
                     for i in range(count)]
        trusted = [partner_at(f"T{i}", rng.uniform(0, 2000), rng.uniform(0, 1000), status="zet zich mee in",
                              bereik_m=int(rng.integers(100, 400))) for i in range(int(rng.integers(0, 3)))]
        problem = advice_problem(tiny, "91001", trusted + prospects, categories, CoverageSettings(), cell_m=50)
        picks, gains = lazy_greedy(problem.indptr, problem.indices, problem.weight, k)
        optimum = exact_optimum(problem.indptr, problem.indices, problem.weight, k)
        greedy = sum(gains)
        assert greedy >= (1 - 1 / math.e) * optimum - 1e-9
        assert greedy <= optimum + 1e-9
        equal += greedy >= optimum - 1e-9
        cases += 1
    print(f"lazy greedy equals the optimum in {equal} of {cases} cases")
    assert equal >= 0.8 * cases


def test_discretisation_weights_add_up(tiny, categories):
    problem = advice_problem(tiny, "91001", [], categories, CoverageSettings(), cell_m=100)
    assert problem.unit == "km²" and problem.cell_m == 100
    assert problem.weight.sum() == pytest.approx(2.0)  # two uncovered wijken of 1 km²
    assert len(problem.cell_x) == 200
    population = pd.DataFrame({"wijk_code": ["91001W01", "91001W02"], "inwoners": [300.0, 900.0]})
    problem = advice_problem(tiny, "91001", [partner_at("T", 500, 500, status="zet zich mee in", bereik_m=300)],
                             categories, CoverageSettings(), population, cell_m=50)
    assert problem.unit == "inwoners"
    west = problem.cell_wijk == 0
    # The cells left uncovered hold the uncovered inhabitants (up to the discretisation).
    assert problem.weight[west].sum() == pytest.approx(300 * (1 - math.pi * 0.09), rel=0.02)
    assert problem.weight[~west].sum() == pytest.approx(900)


def test_advise_explains_its_choice(tiny, categories):
    partners = [
        partner_at("Stad Aastad", 200, 200, categorie="school", status="zet zich mee in", bereik_m=700),
        partner_at("Chiro Oost", 1500, 500, categorie="jeugdbeweging", bereik_m=400),
        partner_at("Klein", 1900, 900, categorie="natuur_milieu", bereik_m=100),
        partner_at("Afgehaakt", 1500, 500, categorie="mobiliteit", status="haakt af", bereik_m=2000),
    ]
    advice = advise(tiny, "91001", partners, categories, CoverageSettings(), k=3)
    assert [a.naam for a in advice][:1] == ["Chiro Oost"]
    first = advice[0]
    assert isinstance(first, Advice) and first.eenheid == "km²" and first.status == "te contacteren"
    assert first.gain == pytest.approx(math.pi * 0.16, rel=1e-6)  # exact, not the 50 m cells
    assert first.share_gain == {"91001W02": pytest.approx(math.pi * 0.16, rel=1e-6)}
    assert first.wijken_nieuw_gedekt == ("91001W02",)
    assert first.reason.startswith("Dekt 50 % van wijk Oost (Aastad), waar nog geen vertrouwde partner is")
    assert "brengt de ontbrekende soort 'Jeugdbeweging'" in first.reason
    assert "km² extra gedekt" in first.reason and first.reason.endswith(".")
    assert all(a.naam != "Afgehaakt" for a in advice)


def test_advise_prefers_inhabitants_when_known(tiny, categories):
    partners = [partner_at("Groot maar leeg", 500, 500, bereik_m=450),
                partner_at("Klein maar druk", 1500, 500, bereik_m=300)]
    by_area = advise(tiny, "91001", partners, categories, CoverageSettings(), k=1)
    assert by_area[0].naam == "Groot maar leeg"
    population = pd.DataFrame({"wijk_code": ["91001W01", "91001W02"], "inwoners": [100.0, 5000.0]})
    by_people = advise(tiny, "91001", partners, categories, CoverageSettings(), k=2, population=population)
    assert [a.naam for a in by_people] == ["Klein maar druk", "Groot maar leeg"]
    assert by_people[0].eenheid == "inwoners"
    assert by_people[0].gain == pytest.approx(5000 * math.pi * 0.09, rel=1e-6)
    assert "inwoners extra gedekt" in by_people[0].reason


def test_advise_across_municipalities_and_when_all_is_covered(tiny, categories):
    partners = [partner_at("Buurman", 2100, 500, bereik_m=600), partner_at("Thuis", 500, 500, bereik_m=300)]
    both = advise(tiny, ["91001", "91002"], partners, categories, CoverageSettings(), k=5)
    assert {a.naam for a in both} == {"Buurman", "Thuis"}
    buurman = next(a for a in both if a.naam == "Buurman")
    assert set(buurman.share_gain) == {"91001W02", "91002W01"}
    covered = [partner_at("Stad", 500, 500, categorie="gemeente", status="zet zich mee in")] + partners
    assert advise(tiny, "91001", covered, categories, CoverageSettings(), k=3) == []


def test_white_spots_ranking_and_nearest_prospects(tiny, categories):
    partners = [
        partner_at("Vertrouwd", 3500, 500, status="zet zich mee in", bereik_m=490),  # ≈ 75 % of 91002W02
        partner_at("Half", 2500, 500, status="communiceert mee", bereik_m=380),       # ≈ 45 % of 91002W01
        partner_at("Dichtbij", 1200, 500),
        partner_at("Verder", 2600, 500, status="gecontacteerd"),
        partner_at("Geen prospect", 100, 100, status="haakt af"),
    ]
    settings = CoverageSettings()
    coverage = wijk_coverage(tiny, ["91001", "91002"], partners, categories, settings)
    spots = white_spots(coverage, partners, tiny, settings, k_prospects=2)
    assert spots["wijk_code"].tolist() == ["91001W01", "91001W02", "91002W01"]
    assert spots["soort"].tolist() == ["witte vlek", "witte vlek", "zwak gedekt"]
    assert spots["rang"].tolist() == [1, 2, 3]
    first = spots.iloc[0]
    assert first["prospecten"] == ("Dichtbij", "Verder")
    assert first["prospect_afstanden_m"] == pytest.approx((200.0, 1600.0), abs=0.1)
    assert spots.iloc[1]["prospect_afstanden_m"][0] == 0.0
    assert spots.iloc[2]["ongedekt_km2"] == pytest.approx(1 - math.pi * 0.38 ** 2, abs=1e-6)
    assert spots["gemeente_naam"].tolist() == ["Aastad", "Aastad", "Beedorp"]
    population = pd.DataFrame({"wijk_code": ["91001W01", "91001W02", "91002W01"], "inwoners": [10.0, 900.0, 5.0]})
    coverage = wijk_coverage(tiny, ["91001", "91002"], partners, categories, settings, population)
    ranked = white_spots(coverage, partners, tiny, settings)
    assert ranked["wijk_code"].tolist() == ["91001W02", "91001W01", "91002W01"]
    assert ranked.iloc[0]["ongedekte_inwoners"] == 900
    assert len(ranked.iloc[0]["prospecten"]) == 2  # only two prospects exist
    with pytest.raises(ValueError, match="dekkingstabel"):
        white_spots(pd.DataFrame(), partners, tiny, settings)
