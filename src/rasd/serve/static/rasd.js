// rasd pages: shows a highlighted span's details on hover, focus or click, and flashes the
// span a quotation or event link points at. Reads data-* attributes and writes textContent
// only (no HTML from the page's text is ever parsed).
(function () {
  "use strict";
  function show(el) {
    var info = document.getElementById("info");
    if (!info || !el) return;
    var text = el.getAttribute("data-info") || "";
    var kind = el.getAttribute("data-kind") || "";
    info.textContent = text ? text : kind;
    info.setAttribute("data-for", el.getAttribute("data-key") || "");
    var old = document.querySelectorAll(".hl.active");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("active");
    el.classList.add("active");
  }
  function innermost(target) {
    return target && target.closest ? target.closest(".text .hl") : null;
  }
  document.addEventListener("mouseover", function (ev) { var el = innermost(ev.target); if (el) show(el); });
  document.addEventListener("focusin", function (ev) { var el = innermost(ev.target); if (el) show(el); });
  document.addEventListener("click", function (ev) {
    var el = innermost(ev.target);
    if (el) { show(el); return; }
    var link = ev.target.closest ? ev.target.closest("a.to-span") : null;
    if (!link) return;
    var span = document.getElementById(link.getAttribute("data-target"));
    if (!span) return;
    span.classList.remove("flash");
    void span.offsetWidth;  // restart the animation
    span.classList.add("flash");
    show(span);
  });
  // Filters: changing a select submits the form, so the table follows at once.
  var filters = document.getElementById("filters");
  if (filters) {
    var selects = filters.querySelectorAll("select");
    for (var i = 0; i < selects.length; i++) {
      selects[i].addEventListener("change", function () { filters.submit(); });
    }
  }
})();
