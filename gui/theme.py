"""Colors that hold on every desktop: contrast and perceptual distance, read against the palette.

Every color the window draws either comes from the widget's palette or is a
fixed hue checked against it here: :func:`readable` moves a hue's lightness
until it reaches the WCAG contrast ratio against the background it sits on,
and :func:`mix` blends a hue into the palette's base for tints. The window
never assumes a white background.
"""

from __future__ import annotations

import math

from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextFormat

#: WCAG 2 AA contrast for ordinary text.
TEXT_CONTRAST = 4.5


def _linear(channel: int) -> float:
    c = channel / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: QColor) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    return 0.2126 * _linear(color.red()) + 0.7152 * _linear(color.green()) + 0.0722 * _linear(color.blue())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two opaque colors, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(color: QColor) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB color."""
    r, g, b = _linear(color.red()), _linear(color.green()), _linear(color.blue())
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: QColor, b: QColor) -> float:
    """CIEDE2000 color difference: about 2 is just noticeable, over 10 plainly different."""
    return delta_e_lab(lab(a), lab(b))


def delta_e_lab(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """CIEDE2000 difference of two L*a*b* colors (Sharma, Wu and Dalal 2005)."""
    (l1, a1, b1), (l2, a2, b2) = first, second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    dl, dc = l2 - l1, c2p - c1p
    dh_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    rotation = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    rt = -math.sin(math.radians(2 * rotation)) * rc
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dh_big / sh) ** 2 + rt * (dc / sc) * (dh_big / sh))


def mix(base: QColor, color: QColor, amount: float) -> QColor:
    """``color`` laid over ``base`` at opacity ``amount`` (0..1), as one opaque color."""
    return QColor(*(round(b + (c - b) * amount) for b, c in
                    ((base.red(), color.red()), (base.green(), color.green()), (base.blue(), color.blue()))))


def is_dark(palette: QPalette) -> bool:
    """Whether text is drawn light on dark in ``palette``."""
    return luminance(palette.color(QPalette.ColorRole.Base)) < luminance(palette.color(QPalette.ColorRole.Text))


def readable(color: QColor, background: QColor, ratio: float = TEXT_CONTRAST) -> QColor:
    """``color``, made darker or lighter (same hue) until it reaches ``ratio`` against ``background``."""
    if contrast_ratio(color, background) >= ratio:
        return QColor(color)
    toward_black = luminance(background) > 0.18
    h, s, l_, a = color.getHslF()
    step = -0.02 if toward_black else 0.02
    candidate = QColor(color)
    while 0.0 <= l_ <= 1.0:
        l_ += step
        candidate = QColor.fromHslF(h if h >= 0 else 0.0, s, min(max(l_, 0.0), 1.0), a)
        if contrast_ratio(candidate, background) >= ratio:
            return candidate
    return QColor("black" if toward_black else "white")


def muted_text(palette: QPalette, background: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """A secondary-text color: halfway to the background, yet readable on it."""
    bg = palette.color(background)
    return readable(mix(palette.color(QPalette.ColorRole.WindowText), bg, 0.35), bg)


def error_text(palette: QPalette) -> QColor:
    """The red of error messages, readable on the window background."""
    return readable(QColor("#b00020"), palette.color(QPalette.ColorRole.Window))


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style (screenshots and tests; users bring their own)."""
    p = QPalette()
    roles = QPalette.ColorRole
    for role, color in ((roles.Window, "#2d2d2d"), (roles.WindowText, "#e6e6e6"), (roles.Base, "#1f1f1f"),
                        (roles.AlternateBase, "#2a2a2a"), (roles.Text, "#e6e6e6"), (roles.Button, "#353535"),
                        (roles.ButtonText, "#e6e6e6"), (roles.ToolTipBase, "#3a3a3a"),
                        (roles.ToolTipText, "#f0f0f0"), (roles.Highlight, "#3d6fb4"),
                        (roles.HighlightedText, "#ffffff"), (roles.PlaceholderText, "#9a9a9a"),
                        (roles.Link, "#8ab4f8"), (roles.Mid, "#404040"), (roles.Dark, "#1a1a1a"),
                        (roles.Light, "#505050"), (roles.Midlight, "#454545"), (roles.Shadow, "#000000"),
                        (roles.BrightText, "#ff6b6b")):
        p.setColor(role, QColor(color))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#808080"))
    return p


#: The marked span that links the two panes (what a click maps to): amber on every palette.
LINK_COLOR = QColor("#ffd54f")


def link_format(palette: QPalette) -> QTextCharFormat:
    """Character format of the linked span: amber background, text readable on it, an outline."""
    fmt = QTextCharFormat()
    fmt.setBackground(LINK_COLOR)
    fmt.setForeground(readable(palette.color(QPalette.ColorRole.Text), LINK_COLOR))
    fmt.setProperty(QTextFormat.Property.OutlinePen, QColor("#e65100"))
    return fmt
