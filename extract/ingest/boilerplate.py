"""A small, documented data list of share/follow/subscribe lines that carry no content.

Structural boilerplate (navigation, footers, share widgets) is removed from HTML by tag and class in
:mod:`extract.ingest.html`; this list catches the same furniture when it arrives as plain lines of text, as it does in
WeChat and blog exports. A pattern only applies to a *short* line, so an article sentence that mentions 关注 or
"subscribe" is never dropped. Edit the tuples below to extend it; each pattern says what it catches.
"""

from __future__ import annotations

import re

__all__ = ["is_boilerplate"]

# Chinese call-to-action lines (WeChat / Weibo / blog exports), applied to lines up to _MAX_ZH characters.
_ZH_PATTERNS: tuple[str, ...] = (
    r"关注(我|我们|公众号|本号)",  # 点这里关注我, 欢迎关注我们
    r"(设为|加个?)?星标|标星",  # 记得标星哦
    r"一键三连",  # 一键三连「点赞」、「分享」和「在看」
    r"点赞.{0,8}(分享|在看|转发|收藏)",  # 点赞、分享、在看
    r"「?在看」?吗",  # 你也「在看」吗?
    r"点(击|这里).{0,10}(关注|阅读|查看|下方|上方|蓝字|原文|报名|订阅)",  # 点击下方图片即可阅读
    r"阅读原文",
    r"扫(描|一扫)?.{0,4}(二维码|码)",  # 扫码关注, 扫描二维码
    r"长按.{0,8}(识别|二维码|关注|保存)",
    r"左右滑动|上下滑动",  # carousel hints
    r"^(今日荐文|推荐阅读|往期推荐|往期回顾|相关阅读|延伸阅读|精彩推荐|热门文章)[:：]?$",  # section labels
    r"转载请(联系|注明)|未经授权.{0,6}转载",
    r"(欢迎|记得)(转发|分享|点赞)",
)

# English equivalents, applied to lines up to _MAX_EN characters.
_EN_PATTERNS: tuple[str, ...] = (
    r"^subscribe\b",  # Subscribe to our newsletter / podcast
    r"^follow (us|me|[\w .'-]{1,40}) on\b",  # Follow The Gradient on Twitter
    r"^share (this|on|via)\b",
    r"^(sign up|subscribe) (for|to) (our|the)\b",
    r"^click here\b",
    r"^read more\b",
    r"^advertisement$",
    r"^(related|recommended) (articles|posts|stories|reading)\b",
    r"^(accept|manage) (all )?cookies\b",
    r"^(like|share|comment)( and| ,|,) (share|subscribe|comment)\b",
)

_MAX_ZH = 40
_MAX_EN = 120

_ZH = re.compile("|".join(f"(?:{p})" for p in _ZH_PATTERNS))
_EN = re.compile("|".join(f"(?:{p})" for p in _EN_PATTERNS), re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """True when ``line`` is a short share/follow/subscribe line (see the pattern lists above)."""
    body = line.removeprefix("- ").strip()
    if len(body) <= _MAX_ZH and _ZH.search(body):
        return True
    return len(body) <= _MAX_EN and bool(_EN.search(body))
