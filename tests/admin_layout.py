"""What a browser test asks of an admin page's layout beyond its width: no two pieces of text
drawn over each other, no text cut off by the box it sits in, no word broken across lines in
a table (as "admi n" or "Publishe d")."""

# Each piece of text as drawn (one rectangle per line of a text node), leaving out text no one
# sees: hidden, transparent, or inside a box clipped to a pixel (screen-reader-only labels).
TEXT_BOXES = r"""() => {
  const seen = (element) => {
    const shown = {contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true};
    if (!element.checkVisibility(shown)) return false;  // closed <details>, display: none
    for (let e = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.visibility === "hidden" || style.opacity === "0") return false;
      if (parseFloat(style.textIndent) <= -999) return false;  // an icon's text, moved away
      const box = e.getBoundingClientRect();
      if (style.overflow !== "visible" && (box.width <= 1 || box.height <= 1)) return false;
      if (style.clip !== "auto" && style.position === "absolute") return false;
    }
    return true;
  };
  // The boxes that clip an element's text (overflow other than visible), innermost first.
  const clippers = (element) => {
    const found = [];
    for (let e = element; e && e !== document.body; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.overflowX !== "visible" || style.overflowY !== "visible") found.push(e);
    }
    return found;
  };
  // Cut short on purpose, with an ellipsis: a headline clamped to two lines.
  const shortened = (element) => {
    for (let e = element; e && e !== document.body; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.webkitLineClamp !== "none" || style.textOverflow === "ellipsis") return true;
    }
    return false;
  };
  const within = (r, limit) => ({
    left: Math.max(r.left, limit.left), right: Math.min(r.right, limit.right),
    top: Math.max(r.top, limit.top), bottom: Math.min(r.bottom, limit.bottom),
  });
  const classes = (e) => typeof e.className === "string" && e.className.trim()
    ? "." + e.className.trim().split(/\s+/).join(".") : "";
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + classes(e);
  const boxes = [];
  let count = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const element = node.parentElement;
    const unseen = ["SCRIPT", "STYLE", "OPTION", "TEXTAREA", "TITLE"];
    if (!text || !element || unseen.includes(element.tagName)) continue;
    if (!seen(element)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const boxes_clipping = clippers(element);
    let cutBy = null;
    for (const line of range.getClientRects()) {
      if (line.width < 2 || line.height < 2) continue;
      let r = line;
      for (const box of boxes_clipping) {
        const limit = box.getBoundingClientRect();
        const inside = within(r, limit);
        const narrower = inside.right - inside.left < r.right - r.left - 1;
        if (narrower || inside.bottom - inside.top < r.bottom - r.top - 1) {
          cutBy = cutBy || box;
        }
        r = inside;
      }
      if (r.right - r.left < 2 || r.bottom - r.top < 2) continue;
      boxes.push({
        x: r.left + scrollX, y: r.top + scrollY, w: r.right - r.left, h: r.bottom - r.top,
        text: text.slice(0, 40), where: name(element), node: count,
      });
    }
    count += 1;
    if (cutBy && !shortened(element)) {
      boxes.push({cut: true, text: text.slice(0, 40), where: name(element), by: name(cutBy)});
    }
    const address = /^\S*[\/.]\S*$/.test(text);  // a URL or path may break anywhere
    if (!address && element.closest("td, th") && range.getClientRects().length > 1) {
      for (const match of node.textContent.matchAll(/[A-Za-z]{2,}/g)) {
        const start = match.index;
        const word = document.createRange();
        word.setStart(node, start);
        word.setEnd(node, start + match[0].length);
        const drawn = [...word.getClientRects()].filter((r) => r.width >= 1);
        const lines = new Set(drawn.map((r) => Math.round(r.top)));
        if (lines.size > 1) boxes.push({broken: true, text: match[0], where: name(element)});
      }
    }
  }
  return boxes;
}"""

# Rectangles closer than this are not counted as drawn over each other: lines of text touch.
TOLERANCE = 2


def overlap(a, b) -> bool:
    return (
        a["x"] + a["w"] - TOLERANCE > b["x"]
        and b["x"] + b["w"] - TOLERANCE > a["x"]
        and a["y"] + a["h"] - TOLERANCE > b["y"]
        and b["y"] + b["h"] - TOLERANCE > a["y"]
    )


def drawn_over_each_other(page) -> list[str]:
    """Each clash on the page as drawn: text over text, text cut off, a word broken apart."""
    found = page.evaluate(TEXT_BOXES)
    clashes = [
        f"text {item['text']!r} ({item['where']}) cut off by {item['by']}"
        for item in found
        if item.get("cut")
    ]
    clashes += [
        f"word {item['text']!r} broken across lines in {item['where']}"
        for item in found
        if item.get("broken")
    ]
    boxes = sorted((item for item in found if "x" in item), key=lambda box: box["y"])
    for n, first in enumerate(boxes):
        for second in boxes[n + 1 :]:
            if second["y"] >= first["y"] + first["h"]:
                break
            if first["node"] != second["node"] and overlap(first, second):
                clashes.append(
                    f"text {first['text']!r} ({first['where']}) over"
                    f" {second['text']!r} ({second['where']})"
                )
    return clashes
