// The verifier's desk: choose or drop files, send them to this machine's server, show the
// answer. Every text from a plan reaches the page through textContent (never innerHTML);
// the report itself is shown in a sandboxed frame made from the server's escaped HTML.
"use strict";

(function () {
  const body = document.body;
  const words = JSON.parse(body.dataset.kata);
  const limits = {
    files: Number(body.dataset.maxFiles),
    text: Number(body.dataset.maxText),
    book: Number(body.dataset.maxBook),
    total: Number(body.dataset.maxTotal),
  };
  const BOOK = /\.(xlsx|xlsm|xls|ods)$/i;
  const MIB = 1024 * 1024;
  const $ = (id) => document.getElementById(id);
  const form = $("kiriman");
  const input = $("berkas");
  const zone = $("zona");
  const list = $("daftar");
  const chosen = []; // File objects, in the order chosen
  const made = []; // object URLs to let go of before the next answer

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
  }

  function show(id, on) {
    $(id).hidden = !on;
  }

  function say(text) {
    $("status").textContent = text;
  }

  function fail(text) {
    const box = $("galat");
    box.textContent = text;
    show("galat", true);
    show("kemajuan", false);
    $("periksa").disabled = false;
  }

  function render() {
    list.replaceChildren();
    if (chosen.length === 0) {
      const empty = document.createElement("li");
      empty.className = "kosong";
      empty.textContent = words.none_chosen;
      list.append(empty);
      return;
    }
    chosen.forEach((file, index) => {
      const item = document.createElement("li");
      item.textContent = `${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB)`;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "×";
      remove.setAttribute("aria-label", `${words.clear_files}: ${file.name}`);
      remove.addEventListener("click", () => {
        chosen.splice(index, 1);
        render();
      });
      item.append(remove);
      list.append(item);
    });
  }

  function add(files) {
    for (const file of files) {
      if (!chosen.some((other) => other.name === file.name && other.size === file.size)) {
        chosen.push(file);
      }
    }
    render();
  }

  function tooMuch() {
    if (chosen.length > limits.files) {
      return fill(words.too_many_client, { n: limits.files });
    }
    let total = 0;
    for (const file of chosen) {
      const limit = BOOK.test(file.name) ? limits.book : limits.text;
      if (file.size > limit) {
        return fill(words.too_large_client, { name: file.name, mib: Math.floor(limit / MIB) });
      }
      total += file.size;
    }
    if (total > limits.total) {
      return fill(words.total_too_large_client, { mib: Math.floor(limits.total / MIB) });
    }
    return null;
  }

  input.addEventListener("change", () => {
    add(input.files);
    input.value = "";
  });
  ["dragenter", "dragover"].forEach((name) =>
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add("aktif");
    })
  );
  ["dragleave", "drop"].forEach((name) =>
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.remove("aktif");
    })
  );
  zone.addEventListener("drop", (event) => add(event.dataTransfer.files));
  $("kosongkan").addEventListener("click", () => {
    chosen.length = 0;
    render();
    show("hasil", false);
    show("galat", false);
  });

  function download(id, data, type) {
    const link = $(id);
    if (data === null || data === undefined) {
      link.removeAttribute("href");
      link.setAttribute("aria-disabled", "true");
      return;
    }
    const url = URL.createObjectURL(new Blob([data], { type }));
    made.push(url);
    link.href = url;
    link.removeAttribute("aria-disabled");
  }

  function bytes(base64) {
    const text = atob(base64);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i += 1) {
      out[i] = text.charCodeAt(i);
    }
    return out;
  }

  function result(answer, notes) {
    const sum = answer.ringkasan;
    $("ringkasan").textContent = fill(words.summary, {
      files: sum.berkas, errors: sum.kesalahan, warnings: sum.peringatan, infos: sum.info,
    });
    const verdict = $("putusan");
    verdict.className = sum.kode_keluar === 0 ? "baik" : "buruk";
    verdict.textContent =
      sum.kode_keluar === 2 ? `${words.verdict_broken} ${fill(words.unreadable, { n: sum.tidak_terbaca })}`
        : sum.kode_keluar === 1 ? words.verdict_bad : words.verdict_ok;
    const noteList = $("catatan");
    noteList.replaceChildren();
    const allNotes = notes.slice();
    if (answer.unduhan.xlsx === null) {
      allNotes.push(words.no_workbook);
    }
    for (const note of allNotes) {
      const item = document.createElement("li");
      item.textContent = note;
      noteList.append(item);
    }
    const files = $("berkas-hasil");
    files.replaceChildren();
    for (const file of answer.berkas) {
      const item = document.createElement("li");
      if (file.galat) {
        item.className = "galat-berkas";
        item.textContent = file.galat;
      } else {
        item.textContent = `${file.nama}: ${file.temuan} ${words.findings}`;
      }
      files.append(item);
    }
    const unduhan = answer.unduhan;
    download("unduh-xlsx", unduhan.xlsx === null ? null : bytes(unduhan.xlsx),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    download("unduh-html", unduhan.html, "text/html;charset=utf-8");
    download("unduh-json", unduhan.json, "application/json");
    download("unduh-sarif", unduhan.sarif, "application/sarif+json");
    const frame = $("laporan");
    frame.src = $("unduh-html").href;
    show("kemajuan", false);
    show("hasil", true);
    $("periksa").disabled = false;
    $("hasil").scrollIntoView({ block: "start" });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    show("galat", false);
    if (chosen.length === 0) {
      fail(words.no_files);
      return;
    }
    const problem = tooMuch();
    if (problem) {
      fail(problem);
      return;
    }
    while (made.length) {
      URL.revokeObjectURL(made.pop());
    }
    const data = new FormData();
    for (const file of chosen) {
      data.append("berkas", file, file.name);
    }
    for (const file of $("konfigurasi").files) {
      data.append("konfigurasi", file, file.name);
    }
    for (const file of Array.from($("konfigurasi-folder").files).filter((f) => /\.(ya?ml|toml)$/i.test(f.name))) {
      // A folder chosen whole: each file with its path inside it, so that the configuration's
      // rules (rules: [aturan-tim/]) are found where it says.
      data.append("konfigurasi", file, file.webkitRelativePath || file.name);
    }
    data.append("lang", $("bahasa-laporan").value);
    data.append("min_severity", $("ambang").value);
    const lang = $("bahasa-laporan").value === "en" ? "en" : "id";

    const request = new XMLHttpRequest();
    let seen = 0; // characters of the answer already read
    let finished = false;
    const notes = [];
    function lines(final) {
      const text = request.responseText;
      let end = text.lastIndexOf("\n");
      if (final && end < text.length - 1) {
        end = text.length;
      }
      if (end < seen) {
        return;
      }
      for (const line of text.slice(seen, end).split("\n")) {
        if (!line.trim()) {
          continue;
        }
        const message = JSON.parse(line);
        if (message.catatan) {
          notes.push(...message.catatan);
        } else if (message.tahap === "antre") {
          say(words.queued);
        } else if (message.tahap === "memeriksa") {
          $("bar").max = Math.max(1, message.jumlah);
          $("bar").value = message.selesai;
          say(fill(words.checking, { done: message.selesai, total: message.jumlah }));
        } else if (message.tahap === "laporan") {
          $("bar").removeAttribute("value");
          say(words.reporting);
        } else if (message.galat) {
          finished = true;
          fail(`${words.failed}: ${message.galat}`);
        } else if (message.hasil) {
          finished = true;
          result(message.hasil, notes);
        }
      }
      seen = end + 1;
    }
    request.upload.addEventListener("progress", (progress) => {
      if (progress.lengthComputable) {
        $("bar").max = 100;
        const percent = Math.round((100 * progress.loaded) / progress.total);
        $("bar").value = percent;
        say(fill(words.uploading, { percent }));
      }
    });
    request.addEventListener("progress", () => {
      if (request.status === 200) {
        lines(false);
      }
    });
    request.addEventListener("load", () => {
      if (request.status !== 200) {
        let message = request.statusText;
        try {
          message = JSON.parse(request.responseText).galat;
        } catch (error) {
          message = request.responseText || message;
        }
        fail(`${words.failed}: ${message}`);
        return;
      }
      lines(true);
      if (!finished) {
        fail(`${words.failed}: ${words.network}`);
      }
    });
    request.addEventListener("error", () => fail(words.network));
    request.open("POST", `/periksa?lang=${lang}`);
    request.send(data);
    $("periksa").disabled = true;
    show("hasil", false);
    show("kemajuan", true);
    $("bar").removeAttribute("value");
    say(fill(words.uploading, { percent: 0 }));
  });

  render();
})();
