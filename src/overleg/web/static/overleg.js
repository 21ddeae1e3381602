// Small enhancements only; every page works without this script.
// A tap on a footnote marker shows its text first (a second tap follows the link);
// Escape hides an open footnote text (WCAG 1.4.13: dismissible).
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.nootlink");
  if (!link) return;
  var holder = link.parentElement;
  if (window.matchMedia("(hover: none)").matches && !holder.classList.contains("open")) {
    event.preventDefault();
    document.querySelectorAll(".noot.open").forEach(function (n) { n.classList.remove("open"); });
    holder.classList.add("open");
  }
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape") {
    document.body.classList.add("geen-tips");
    document.querySelectorAll(".noot.open").forEach(function (n) { n.classList.remove("open"); });
  }
});
document.addEventListener("focusin", function () { document.body.classList.remove("geen-tips"); });
// On a narrow screen the contents and downloads start folded, so the report itself comes first.
document.addEventListener("DOMContentLoaded", function () {
  if (window.matchMedia("(max-width: 59.99rem)").matches) {
    document.querySelectorAll("details.inklapbaar").forEach(function (d) { d.removeAttribute("open"); });
  }
});
