// Draws one Mermaid diagram in the page the build's Chromium opened, and
// measures it. Called with [id, source, settings]; returns {svg, minFontPx,
// overlaps} or {error}. The SVG is attached to the page only to read the
// computed font size of every piece of text in it, and where each subgraph
// title ended up, then removed.
//
// overlaps: [title, label] for each subgraph title drawn over a node or an
// edge label. Mermaid wraps a title wider than its subgraph but lays the
// subgraph out for one line, so the title's second line runs into the first
// node.
async ([id, source, settings]) => {
  try {
    await document.fonts.ready;
    mermaid.initialize({ ...settings, startOnLoad: false });
    const { svg } = await mermaid.render(id, source);
    const host = document.createElement("div");
    host.innerHTML = svg;
    document.body.appendChild(host);
    let minFontPx = Infinity;
    for (const el of host.querySelectorAll("text, foreignObject span, foreignObject p, foreignObject div")) {
      if (!el.textContent.trim()) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size > 0 && size < minFontPx) minFontPx = size;
    }
    const text = (el) => el.textContent.replace(/\s+/g, " ").trim();
    const labels = [...host.querySelectorAll("g.node, g.edgeLabel")]
      .filter((el) => text(el))
      .map((el) => [el, el.getBoundingClientRect()]);
    const overlaps = [];
    for (const title of host.querySelectorAll("g.cluster-label")) {
      if (!text(title)) continue;
      const box = title.getBoundingClientRect();
      for (const [label, other] of labels) {
        const across = Math.min(box.right, other.right) - Math.max(box.left, other.left);
        const down = Math.min(box.bottom, other.bottom) - Math.max(box.top, other.top);
        // A pixel or two is a line's anti-aliasing touching a box, not an overlap.
        if (across > 2 && down > 2) overlaps.push([text(title), text(label)]);
      }
    }
    host.remove();
    return { svg, minFontPx: Number.isFinite(minFontPx) ? minFontPx : 0, overlaps };
  } catch (error) {
    // Mermaid leaves its error drawing in the page; clear it for the next diagram.
    document.getElementById("d" + id)?.remove();
    return { error: String((error && error.message) || error).split("\n")[0] };
  }
}
