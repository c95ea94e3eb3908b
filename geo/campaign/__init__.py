"""Joint actions (acties) with partners: an information evening, a car-sharing salon, a stand
at a market, an article, a test drive …

One job per module: :mod:`~geo.campaign.kinds` (the kinds, as data), :mod:`~geo.campaign.records`
(the model and its validation), :mod:`~geo.campaign.actions` (save and delete with the
concurrency check, pages and CLI), :mod:`~geo.campaign.table_io` (CSV/XLSX import and
export), :mod:`~geo.campaign.views` (what a session may see, filters, the wijken reached).
"""
