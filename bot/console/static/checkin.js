// Saves the check-in draft while typing (the server validates each field as the chat does).
(function () {
  "use strict";
  var form = document.getElementById("checkin");
  if (!form) { return; }
  var status = document.getElementById("save-status");
  var token = form.querySelector("input[name=csrf]").value;
  var timer = null;

  function show(result) {
    form.querySelectorAll("[data-error]").forEach(function (el) {
      var hint = result.errors[el.getAttribute("data-error")];
      el.textContent = hint || "";
      el.hidden = !hint;
    });
    status.textContent = result.message;
  }

  function save() {
    var data = new FormData(form);
    data.delete("case_material");
    data.delete("report_files");
    fetch(form.getAttribute("data-save"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRF-Token": token }
    }).then(function (response) { return response.json(); }).then(show).catch(function () {
      status.textContent = "自动保存失败，请检查网络；提交时会一并保存。";
    });
  }

  form.addEventListener("input", function (event) {
    if (event.target.type === "file") { return; }
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  });
}());
