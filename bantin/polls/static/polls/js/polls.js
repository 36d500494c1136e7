// Polls: vote without reloading, and draw the live results (from the never-cached JSON
// endpoint) as bars. Without this script the form posts normally and the poll's own page
// shows the results.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;
  var REFRESH_MS = 60000;

  function draw(form, data) {
    var box = form.querySelector("[data-poll-results]");
    if (!box) return;
    box.textContent = "";
    if (!data || !data.visible && !data.choices) {
      if (data && data.message) {
        var note = document.createElement("p");
        note.className = "muted";
        note.textContent = data.message;
        box.appendChild(note);
        box.hidden = false;
      }
      return;
    }
    var results = data.choices ? data : data.results;
    var table = document.createElement("table");
    table.className = "poll-chart";
    var body = document.createElement("tbody");
    results.choices.forEach(function (choice) {
      var row = document.createElement("tr");
      var label = document.createElement("th");
      label.scope = "row";
      label.className = "poll-chart-label";
      label.textContent = choice.label;
      var cell = document.createElement("td");
      var bar = document.createElement("span");
      bar.className = "poll-bar";
      bar.setAttribute("aria-hidden", "true");
      var fill = document.createElement("span");
      fill.style.width = choice.percent + "%";
      bar.appendChild(fill);
      var figure = document.createElement("span");
      figure.className = "poll-figure";
      figure.textContent = choice.count + " (" + String(choice.percent).replace(".", ",") + "%)";
      cell.appendChild(bar);
      cell.appendChild(figure);
      row.appendChild(label);
      row.appendChild(cell);
      body.appendChild(row);
    });
    table.appendChild(body);
    var total = document.createElement("p");
    total.className = "muted";
    total.textContent = results.voters + " người đã bình chọn";
    box.appendChild(table);
    box.appendChild(total);
    box.hidden = false;
  }

  function refresh(form) {
    fetch(form.dataset.resultsUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) draw(form, data); })
      .catch(function () {});
  }

  document.querySelectorAll("form[data-poll]").forEach(function (form) {
    var message = form.querySelector(".poll-message");
    refresh(form);
    setInterval(function () { if (!document.hidden) refresh(form); }, REFRESH_MS);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      fetch(form.action, {
        method: "POST", credentials: "same-origin",
        headers: { "Accept": "application/json" }, body: new FormData(form)
      }).then(function (r) {
        return r.json().then(function (data) { return { ok: r.ok, data: data }; });
      }).then(function (answer) {
        message.textContent = answer.data.message || answer.data.error || "";
        message.className = "poll-message notice-" + (answer.ok ? "success" : "error");
        if (answer.ok && answer.data.results) draw(form, answer.data.results);
        else refresh(form);
      }).catch(function () {
        message.textContent = "Không gửi được. Vui lòng thử lại.";
      }).then(function () { button.disabled = false; });
    });
  });
})();
