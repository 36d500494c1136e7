/* As-you-type title suggestions for search boxes marked with data-suggest-url: the
   titles fill the box's <datalist>, which browsers show accessibly. */
(function () {
  "use strict";
  var MIN_LENGTH = 2;

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var last = "";
    if (!list) { return; }
    input.addEventListener("input", function () {
      var q = input.value.trim();
      clearTimeout(timer);
      if (q.length < MIN_LENGTH || q === last) { return; }
      timer = setTimeout(function () {
        last = q;
        fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.suggestions.map(function (s) {
              var option = document.createElement("option");
              option.value = s.title;
              return option;
            }));
          })
          .catch(function () {});
      }, 200);
    });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(attach);
})();
