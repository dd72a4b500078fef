/* Rich-text editing of a draft's sections (templates/documents/draft_edit.html).
 * Each plain textarea (the no-JavaScript fallback) is replaced by a Quill editor holding the
 * section's HTML; on submit the editor's HTML goes into the hidden "body_html" field beside it.
 * The server sanitises it to the tags the PDF prints (documents/richtext.py). */
(function () {
  "use strict";
  if (typeof Quill === "undefined") { return; }
  var form = document.getElementById("draft-edit-form");
  if (!form) { return; }
  var editors = [];
  // Quill names its toolbar buttons in English ("bold", "list: ordered"); name them in Vietnamese.
  var LABELS = {
    "ql-bold": "Đậm",
    "ql-italic": "Nghiêng",
    "ql-underline": "Gạch chân",
    "ql-list ordered": "Danh sách đánh số",
    "ql-list bullet": "Danh sách gạch đầu dòng",
    "ql-clean": "Xóa định dạng"
  };
  function labelToolbar(quill) {
    var toolbar = quill.getModule("toolbar");
    if (!toolbar || !toolbar.container) { return; }
    toolbar.container.setAttribute("aria-label", "Định dạng nội dung");
    toolbar.container.querySelectorAll("button").forEach(function (button) {
      var value = button.getAttribute("value");
      var key = (button.className.match(/ql-[a-z]+/) || [""])[0] + (value ? " " + value : "");
      if (LABELS[key]) {
        button.setAttribute("aria-label", LABELS[key]);
        button.setAttribute("title", LABELS[key]);
      }
    });
  }
  form.querySelectorAll("textarea.draft-body").forEach(function (textarea) {
    var hidden = textarea.parentNode.querySelector("input.draft-body-html");
    var holder = document.createElement("div");
    holder.className = "draft-editor bg-white";
    holder.setAttribute("aria-label", textarea.labels && textarea.labels[0] ? textarea.labels[0].textContent : "");
    textarea.parentNode.insertBefore(holder, textarea);
    var quill = new Quill(holder, {
      theme: "snow",
      modules: { toolbar: [["bold", "italic", "underline"], [{ list: "ordered" }, { list: "bullet" }], ["clean"]] },
      formats: ["bold", "italic", "underline", "list"]
    });
    labelToolbar(quill);
    var initial = textarea.getAttribute("data-html") || "";
    if (initial) {
      quill.clipboard.dangerouslyPasteHTML(initial, "silent");  // server-sanitised HTML
    }
    if (textarea.labels && textarea.labels[0]) {
      textarea.labels[0].addEventListener("click", function () { quill.focus(); });
    }
    textarea.hidden = true;
    editors.push({ quill: quill, hidden: hidden });
  });
  form.addEventListener("submit", function () {
    editors.forEach(function (e) {
      e.hidden.value = e.quill.getLength() > 1 ? e.quill.getSemanticHTML() : "<p></p>";
    });
  });
})();
