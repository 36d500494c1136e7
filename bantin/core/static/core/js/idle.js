/* Idle-session warning for logged-in users, on the public pages and in the admin.
   Shown `warning` seconds before the server ends the session (bantin.accounts.middleware
   enforces BANTIN_IDLE_SECONDS); clicking keeps the session, otherwise the user is logged
   out. The element #idle-warning carries the timings and the two URLs. It also gives
   portal.js its POST helper (window.bantin.post), so it loads first. */
(function () {
  "use strict";

  function cookie(name) {
    var m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": cookie("csrftoken") },
      body: JSON.stringify(data || {})
    });
  }
  window.bantin = window.bantin || {};
  window.bantin.post = post;

  // Idle-session warning for logged-in users: shown `warning` seconds before the server
  // ends the session; clicking keeps it, otherwise the user is logged out.
  var idle = document.body.classList.contains("login") ? null
    : document.getElementById("idle-warning");
  if (idle) {
    var idleSeconds = Number(idle.dataset.idleSeconds);
    var warning = Number(idle.dataset.warningSeconds);
    var countdown = document.getElementById("idle-countdown");
    var warnTimer = null, tick = null, lastKeepalive = Date.now();

    // The server's idle clock restarts at each request it sees (the page load or a
    // keepalive), so the warning is timed from the last of those.
    var schedule = function () {
      clearTimeout(warnTimer);
      var due = lastKeepalive + Math.max(0, idleSeconds - warning) * 1000 - Date.now();
      warnTimer = setTimeout(showWarning, Math.max(0, due));
    };
    var showWarning = function () {
      var left = warning;
      countdown.textContent = left;
      idle.hidden = false;
      tick = setInterval(function () {
        left -= 1;
        countdown.textContent = Math.max(0, left);
        if (left <= 0) {
          clearInterval(tick);
          post(idle.dataset.logoutUrl).finally(function () { window.location.reload(); });
        }
      }, 1000);
    };
    var keep = function () {
      clearInterval(tick);
      idle.hidden = true;
      lastKeepalive = Date.now();
      post(idle.dataset.keepaliveUrl).then(function (r) {
        if (r.status === 401) window.location.reload();
      });
      schedule();
    };
    document.getElementById("idle-keep").addEventListener("click", keep);
    // Activity on the page counts as use while the warning is not yet shown; it refreshes
    // the server session at most once a minute.
    ["keydown", "pointerdown", "scroll"].forEach(function (ev) {
      window.addEventListener(ev, function () {
        if (idle.hidden && Date.now() - lastKeepalive > 60000) keep();
      }, { passive: true });
    });
    schedule();
  }
})();
