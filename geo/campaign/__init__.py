"""The campaign: joint actions (acties) with partners — an information evening, a car-sharing
salon, a stand at a market, an article, a test drive … — and its progress over time.

One job per module: :mod:`~geo.campaign.kinds` (the kinds, as data), :mod:`~geo.campaign.records`
(the model and its validation), :mod:`~geo.campaign.actions` (save and delete with the
concurrency check, pages and CLI), :mod:`~geo.campaign.table_io` (CSV/XLSX import and
export), :mod:`~geo.campaign.views` (what a session may see, filters, the wijken reached),
:mod:`~geo.campaign.history` (the partners as they stood at a moment, the funnel),
:mod:`~geo.campaign.progress` (coverage and white spots over time, what changed since a date),
:mod:`~geo.campaign.sentences` (that change in Dutch sentences).
"""
