/* bantin public pages: view beacon, star rating, menu, print (idle warning: idle.js).
   No inline script anywhere, so the pages work under a strict Content-Security-Policy. */
(function () {
  "use strict";

  // POST with the CSRF cookie: defined by idle.js, which loads first.
  var post = window.bantin.post;

  // Count the view once the page is shown; the response also sets the CSRF cookie.
  var body = document.body;
  var beacon = body.dataset.pageId
    ? post(body.dataset.hitUrl, { page: body.dataset.pageId }).catch(function () {})
    : Promise.resolve();

  // The page may come from the page cache: after the beacon has counted this view, fetch
  // the figures it shows (views, comments, rating, visitor statistics) as they are now.
  var figureNodes = document.querySelectorAll("[data-figure]");
  if (figureNodes.length && body.dataset.figuresUrl) {
    var keys = [];
    figureNodes.forEach(function (node) {
      if (keys.indexOf(node.dataset.figure) < 0 && keys.length < 60) keys.push(node.dataset.figure);
    });
    beacon.then(function () {
      return fetch(body.dataset.figuresUrl + "?k=" + encodeURIComponent(keys.join(",")),
                   { credentials: "same-origin" });
    }).then(function (r) { return r.ok ? r.json() : { figures: {} }; }).then(function (data) {
      figureNodes.forEach(function (node) {
        if (!node.dataset.figure) return;  // updated since (a vote): newer than these
        var value = data.figures[node.dataset.figure];
        // The figure is the element's last text (after an icon or a label, if any).
        var target = node;
        while (target.lastChild) target = target.lastChild;
        if (value !== undefined && target.nodeType === 3 && target.nodeValue !== value) {
          target.nodeValue = value;
        }
      });
    }).catch(function () {});
  }

  var toggle = document.querySelector(".nav-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var list = document.getElementById(toggle.getAttribute("aria-controls"));
      var open = list.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  var printButton = document.getElementById("print-article");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });

  var rating = document.querySelector(".rating[data-rate-url]");
  if (rating) {
    var line = document.getElementById("rating-line");
    var message = document.getElementById("rating-message");
    rating.querySelectorAll(".star").forEach(function (star) {
      star.addEventListener("click", function () {
        beacon.then(function () {
          return post(rating.dataset.rateUrl, { page: rating.dataset.pageId, value: star.dataset.value });
        }).then(function (r) {
          return r.json().then(function (data) { return { ok: r.ok, data: data }; });
        }).then(function (res) {
          if (res.ok) {
            line.removeAttribute("data-figure");
            line.textContent = res.data.line;
            message.textContent = res.data.message;
            rating.querySelectorAll(".star").forEach(function (s) {
              s.classList.toggle("on", Number(s.dataset.value) <= Number(star.dataset.value));
            });
          } else {
            message.textContent = res.data.error || "Không gửi được đánh giá.";
          }
        }).catch(function () { message.textContent = "Không gửi được đánh giá, vui lòng thử lại."; });
      });
    });
  }

  // Public forms (comments, opinions on drafts, contact): sent without reloading (each
  // also works as a plain POST); the captcha question, when the unit asks for one, is
  // fetched fresh (the page may be cached). Fields named in data-clear empty on success.
  document.querySelectorAll("form.public-form").forEach(function (publicForm) {
    if (!window.fetch || !window.FormData) return;
    var formMessage = publicForm.querySelector(".public-form-message");
    var captchaUrl = publicForm.dataset.captchaUrl;
    var setCaptcha = function (data) {
      if (!data || !data.token) return;
      publicForm.querySelector(".captcha-question").textContent = data.question;
      publicForm.querySelector("[name=captcha_token]").value = data.token;
      publicForm.querySelector("[name=captcha_answer]").value = "";
    };
    var loadCaptcha = function () {
      return fetch(captchaUrl, { credentials: "same-origin" })
        .then(function (r) { return r.json(); }).then(setCaptcha).catch(function () {});
    };
    if (captchaUrl) loadCaptcha();
    var showErrors = function (errors) {
      publicForm.querySelectorAll("[data-error-for]").forEach(function (node) {
        var list = errors[node.dataset.errorFor];
        node.textContent = list ? list.join(" ") : "";
        node.hidden = !list;
      });
    };
    publicForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = publicForm.querySelector("button[type=submit]");
      button.disabled = true;
      formMessage.textContent = "Đang gửi…";
      fetch(publicForm.action, {
        method: "POST", credentials: "same-origin",
        headers: { "Accept": "application/json" }, body: new FormData(publicForm)
      }).then(function (r) {
        return r.json().then(function (data) { return { ok: r.ok, data: data }; });
      }).then(function (res) {
        showErrors(res.data.errors || {});
        if (res.ok) {
          (publicForm.dataset.clear || "").split(" ").forEach(function (name) {
            var field = name && publicForm.querySelector("[name=" + name + "]");
            if (field) field.value = "";
          });
          var note = publicForm.querySelector(".reply-to");
          if (note) note.remove();
          formMessage.textContent = res.data.message;
          if (captchaUrl) loadCaptcha();
        } else {
          formMessage.textContent = res.data.error ||
            "Chưa gửi được. Vui lòng sửa các lỗi được nêu; nội dung bạn đã nhập vẫn được giữ.";
          if (res.data.captcha) setCaptcha(res.data.captcha);
        }
      }).catch(function () {
        formMessage.textContent = "Không gửi được, vui lòng thử lại.";
      }).finally(function () { button.disabled = false; });
    });
  });
  var commentForm = document.querySelector(".comments form.public-form");
  if (commentForm) {
    document.querySelectorAll(".comment-reply[data-reply-to]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        commentForm.querySelector("[name=parent]").value = link.dataset.replyTo;
        var note = commentForm.querySelector(".reply-to");
        if (!note) {
          note = document.createElement("p");
          note.className = "reply-to";
          commentForm.insertBefore(note, commentForm.firstChild);
        }
        note.textContent = "Trả lời bình luận của " + link.dataset.replyName;
        commentForm.querySelector("[name=name]").focus();
      });
    });
  }
})();
