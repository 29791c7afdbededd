// Draws one Mermaid diagram in the page the build's Chromium opened, and
// measures it. Called with [id, source, settings]; returns {svg, minFontPx} or
// {error}. The SVG is attached to the page only to read the computed font size
// of every piece of text in it, then removed.
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
    host.remove();
    return { svg, minFontPx: Number.isFinite(minFontPx) ? minFontPx : 0 };
  } catch (error) {
    // Mermaid leaves its error drawing in the page; clear it for the next diagram.
    document.getElementById("d" + id)?.remove();
    return { error: String((error && error.message) || error).split("\n")[0] };
  }
}
