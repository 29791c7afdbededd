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
    // A label's text as written, to find in the source: its lines (tspans)
    // joined, with a space where a line broke between two Latin words.
    const text = (el) => {
      const lines = [...el.querySelectorAll("tspan.text-outer-tspan")].map((line) => line.textContent.trim());
      if (!lines.length) return el.textContent.replace(/\s+/g, " ").trim();
      return lines.reduce((all, line) => all + (/[\w)]$/.test(all) && /^[\w(]/.test(line) ? " " : "") + line);
    };
    // Nodes, edge labels and the titles of other (nested) subgraphs.
    const labels = [...host.querySelectorAll("g.node, g.edgeLabel, g.cluster-label")]
      .map((el) => ({ el, box: el.getBoundingClientRect(), text: text(el) }))
      .filter((label) => label.text);
    const overlaps = [];
    for (const title of labels.filter((label) => label.el.matches("g.cluster-label"))) {
      for (const other of labels) {
        if (other === title) continue;
        const across = Math.min(title.box.right, other.box.right) - Math.max(title.box.left, other.box.left);
        const down = Math.min(title.box.bottom, other.box.bottom) - Math.max(title.box.top, other.box.top);
        // A pixel or two is a line's anti-aliasing touching a box, not an overlap.
        // Two titles over each other are one problem, reported once.
        const reported = overlaps.some(([a, b]) => a === other.text && b === title.text);
        if (across > 2 && down > 2 && !reported) overlaps.push([title.text, other.text]);
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
