"""One module per template artefact (a "sheet"), each in the same shape: ``*View``
dataclasses → a ``*Context`` dataclass → a layout → ``*_context()`` → ``*_html()`` /
``*_svg()`` → one template pair ``templates/<kind>.{html,svg}.j2``.

===============  ======================================================
module           artefact
===============  ======================================================
:mod:`.card`     persona card, one per page
:mod:`.wall`     persona cards, several per big sheet (reuses the card)
:mod:`.poster`   journey-map poster
:mod:`.heatmap`  coverage heatmap
:mod:`.report`   printed check report
:mod:`.index`    the wall pack's index page
:mod:`.page`     a printable page around engine-made SVG
===============  ======================================================

:mod:`._findings` holds the finding views the poster and the report share. The poster
draws its parts in :mod:`._poster_cells` (the lanes' cells) and :mod:`._poster_emotion`
(the emotion lane), from the views and frame in :mod:`._poster_views`. The public names
are re-exported by :mod:`personajourney.render.html`.
"""
