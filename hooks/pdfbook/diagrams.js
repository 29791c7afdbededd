// Renders every Mermaid diagram of the print document into inline SVG (vector
// in the PDF), one after another as Mermaid expects, and reports progress in
// window.__book for the exporter to wait on. Fonts first: Mermaid measures
// label text, and a late font would leave labels cut off.
window.__book = { done: false, total: 0, rendered: 0, errors: [] };
(async () => {
  const book = window.__book;
  const blocks = [...document.querySelectorAll("pre.mermaid")];
  book.total = blocks.length;
  try {
    await document.fonts.ready;
    if (blocks.length && typeof mermaid === "undefined") {
      throw new Error("Mermaid's script did not load");
    }
    if (blocks.length) {
      const font = '"Noto Sans CJK SC", "DejaVu Sans", sans-serif';
      mermaid.initialize({
        startOnLoad: false,
        securityLevel: "strict",
        theme: "default",
        fontFamily: font,
        themeVariables: { fontFamily: font },
        // Fixed ids keep the SVG (and so the PDF) the same for the same source.
        deterministicIds: true,
        // A broken diagram must fail the export, not print "Syntax error".
        suppressErrorRendering: true,
      });
    }
    for (const [index, pre] of blocks.entries()) {
      const source = pre.textContent;
      try {
        const { svg } = await mermaid.render(`book-diagram-${index + 1}`, source);
        const figure = document.createElement("div");
        figure.className = "book-diagram";
        figure.dataset.src = pre.dataset.src || "";
        figure.innerHTML = svg;
        pre.replaceWith(figure);
        book.rendered += 1;
      } catch (error) {
        book.errors.push(`${pre.dataset.src || "?"}: diagram ${index + 1}: ${String(error && error.message || error).split("\n")[0]}`);
        pre.classList.add("book-diagram--failed");
      }
    }
  } catch (error) {
    book.errors.push(String(error && error.message || error));
  }
  book.done = true;
})();
