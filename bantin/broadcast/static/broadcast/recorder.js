/* "Ghi âm": record a programme in the browser and hand the take to the audio file input.
   Without MediaRecorder (or DataTransfer) the recorder stays hidden: the file input works
   as before. */
(function () {
  "use strict";

  var TYPES = ["audio/webm;codecs=opus", "audio/webm"];

  function supported() {
    return typeof window.MediaRecorder === "function" && navigator.mediaDevices &&
      typeof navigator.mediaDevices.getUserMedia === "function" &&
      typeof window.DataTransfer === "function";
  }

  function pickType() {
    if (typeof MediaRecorder.isTypeSupported !== "function") return "";
    for (var i = 0; i < TYPES.length; i++) {
      if (MediaRecorder.isTypeSupported(TYPES[i])) return TYPES[i];
    }
    return "";
  }

  function stamp() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + two(d.getMonth() + 1) + two(d.getDate()) + "-" +
      two(d.getHours()) + two(d.getMinutes()) + two(d.getSeconds());
  }

  function setUp(box) {
    var input = document.getElementById(box.getAttribute("data-recorder-for"));
    if (!input || box.dataset.ready) return;
    box.dataset.ready = "1";
    var start = box.querySelector("[data-recorder-start]");
    var stop = box.querySelector("[data-recorder-stop]");
    var use = box.querySelector("[data-recorder-use]");
    var status = box.querySelector("[data-recorder-status]");
    var player = box.querySelector("[data-recorder-audio]");
    var recorder = null, stream = null, chunks = [], take = null, began = 0;

    function say(text) { status.textContent = text; }

    function release() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
    }

    start.addEventListener("click", function () {
      start.disabled = true;
      use.disabled = true;
      say("Đang xin quyền dùng micrô…");
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (media) {
        stream = media;
        var type = pickType();
        recorder = type ? new MediaRecorder(media, { mimeType: type }) : new MediaRecorder(media);
        chunks = [];
        recorder.ondataavailable = function (event) {
          if (event.data && event.data.size) chunks.push(event.data);
        };
        recorder.onstop = function () {
          release();
          take = new Blob(chunks, { type: "audio/webm" });
          if (player.src) URL.revokeObjectURL(player.src);
          player.src = URL.createObjectURL(take);
          player.hidden = false;
          var seconds = Math.max(1, Math.round((Date.now() - began) / 1000));
          say("Đã ghi " + seconds + " giây. Nghe lại, rồi bấm «Dùng bản ghi này» hoặc ghi lại.");
          start.disabled = false;
          start.textContent = "Ghi lại";
          use.disabled = take.size === 0;
        };
        recorder.start(250);
        began = Date.now();
        stop.disabled = false;
        say("Đang ghi âm… bấm «Dừng» khi xong.");
      }).catch(function () {
        release();
        start.disabled = false;
        say("Không dùng được micrô (chưa cho phép hoặc không có micrô). Hãy chọn tệp âm thanh.");
      });
    });

    stop.addEventListener("click", function () {
      stop.disabled = true;
      if (recorder && recorder.state !== "inactive") recorder.stop();
    });

    use.addEventListener("click", function () {
      if (!take) return;
      var file = new File([take], "ghi-am-" + stamp() + ".webm", { type: "audio/webm" });
      var transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      say("Đã đưa bản ghi vào ô tệp âm thanh: " + file.name + ". Lưu chương trình để tải lên.");
    });

    box.hidden = false;
  }

  function init(root) {
    if (!supported()) return;
    (root || document).querySelectorAll(".bantin-recorder").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); });
  } else {
    init();
  }
  window.bantinRecorder = { init: init };
})();
