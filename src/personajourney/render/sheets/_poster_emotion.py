"""The poster's emotion lane: the −2…+2 scale, each touchpoint's score as a dot, and the
stage means joined by a smooth curve (broken where a stage has no score)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ... import i18n
from ..jinja import _n_filter
from ..scene import Group, Shape, Text, _Block, circle, line, path
from ._poster_views import StageView, _PosterFrame


def _smooth(points: Sequence[tuple[float, float]], low: float, high: float) -> str:
    """An SVG path through ``points``: Catmull-Rom turned into cubic Béziers, kept between
    ``low`` and ``high`` (y)."""
    if not points:
        return ""
    n = _n_filter
    d = f"M {n(points[0][0])} {n(points[0][1])}"
    for i in range(len(points) - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < len(points) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, min(high, max(low, p1[1] + (p2[1] - p0[1]) / 6)))
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, min(high, max(low, p2[1] - (p3[1] - p1[1]) / 6)))
        d += f" C {n(c1[0])} {n(c1[1])}, {n(c2[0])} {n(c2[1])}, {n(p2[0])} {n(p2[1])}"
    return d


def _signed(value: float, locale: str) -> str:
    text = i18n.decimal(abs(value), 1, locale).replace(",0", "").replace(".0", "")
    if value > 0.05:
        return "+" + text
    if value < -0.05:
        return "−" + text
    return "0"


def _emotion_scale(
    fr: _PosterFrame, ey: Callable[[float], float]
) -> tuple[list[Shape], list[Text]]:
    """The +2, 0 and −2 guide lines across the stages, labelled on the left."""
    f = fr.f
    shapes: list[Shape] = []
    texts: list[Text] = []
    for v, dash in (
        (2, None),
        (0, f"{_n_filter(0.5 * f)} {_n_filter(0.4 * f)}"),
        (-2, None),
    ):
        shapes.append(line(fr.xs[0], ey(v), fr.xs[-1] + fr.cw, ey(v), fr.st.line, 0.08 * f, dash))
        texts.append(
            fr.pen.text(
                {2: "+2", 0: "0", -2: "−2"}[v],
                fr.m + fr.lw - 3 * f,
                ey(v) - 0.45 * f,
                2.6 * f,
                0.6 * f,
                colour=fr.st.muted,
                align="end",
                max_lines=1,
                leading=1.5,
                tag="span",
            )
        )
    return shapes, texts


def _emotion_dots(
    fr: _PosterFrame, stage: StageView, centre: float, ey: Callable[[float], float]
) -> list[Shape]:
    """Each touchpoint's score as a dot, side by side around the stage's centre."""
    count = len(stage.emotions)
    step = min(fr.cw * 0.7 / max(1, count), 1.6 * fr.f)
    dots = []
    for i, value in enumerate(stage.emotions):
        dx = (i - (count - 1) / 2) * step
        colour = fr.st.good if value > 0 else fr.st.bad if value < 0 else fr.st.muted
        dots.append(circle(centre + dx, ey(value), 0.32 * fr.f, fill=colour, opacity=0.55))
    return dots


def _emotion_value(
    fr: _PosterFrame,
    stage: StageView,
    mean: float,
    centre: float,
    top: float,
    ey: Callable[[float], float],
) -> Text:
    """The stage's mean score, above the marker and the dots (below them at the top)."""
    f = fr.f
    above = min(ey(mean) - 0.55 * f, min(ey(v) for v in stage.emotions) - 0.32 * f)
    below = max(ey(mean) + 0.55 * f, max(ey(v) for v in stage.emotions) + 0.32 * f)
    label_h = 0.7 * f * 1.3
    label_y = above - label_h - 0.1 * f
    if label_y < top:
        label_y = below + 0.1 * f
    return fr.pen.text(
        _signed(mean, fr.loc),
        centre - 3 * f,
        label_y,
        6 * f,
        0.7 * f,
        colour=fr.st.text,
        bold=True,
        align="middle",
        max_lines=1,
        leading=1.3,
        tag="span",
    )


def _no_emotion(fr: _PosterFrame, x: float, ey: Callable[[float], float]) -> Text:
    """``no data`` in a stage none of whose touchpoints has a score."""
    return fr.pen.text(
        i18n.text("sheet.no-data", fr.loc),
        x,
        ey(0) - 1.3 * fr.f,
        fr.cw,
        0.62 * fr.f,
        colour=fr.st.muted,
        italic=True,
        align="middle",
        max_lines=1,
        leading=1.3,
        tag="span",
    )


def _emotion_curve(
    fr: _PosterFrame,
    stages: Sequence[StageView],
    top: float,
    low: float,
    high: float,
    ey: Callable[[float], float],
) -> Group:
    """The dots, the stage means joined by a smooth line (broken where a stage has no
    score), and the value of each mean."""
    f, st = fr.f, fr.st
    runs: list[list[tuple[float, float]]] = [[]]
    dots: list[Shape] = []
    marks: list[Text] = []
    for k, stage in enumerate(stages):
        centre = fr.xs[k] + fr.cw / 2
        mean = stage.emotion_mean
        if mean is None:
            if runs[-1]:
                runs.append([])
            marks.append(_no_emotion(fr, fr.xs[k], ey))
            continue
        dots += _emotion_dots(fr, stage, centre, ey)
        runs[-1].append((centre, ey(mean)))
        marks.append(_emotion_value(fr, stage, mean, centre, top, ey))
    curve = [
        path(_smooth(run, low, high), stroke=st.accent, width=0.3 * f)
        for run in runs
        if len(run) > 1
    ]
    points = [
        circle(px, py, 0.55 * f, fill=st.background, stroke=st.accent, width=0.22 * f)
        for run in runs
        for px, py in run
    ]
    return Group("emotion-curve", "emotion", "div", tuple(curve + dots + points), tuple(marks))


def _emotion_lane(
    fr: _PosterFrame, stages: Sequence[StageView], top: float, extra: float
) -> _Block:
    """The emotion lane: the scale, then the curve; 1.5 times the extra room of a lane."""
    f = fr.f
    height = 6.5 * f + extra * 1.5
    low, high = top + 0.6 * f, top + height - 0.6 * f

    def ey(v: float) -> float:
        return low + (2 - v) / 4 * (high - low)

    shapes, texts = _emotion_scale(fr, ey)
    curve = _emotion_curve(fr, stages, top, low, high, ey)
    return _Block(top + height, shapes, texts, [curve])
