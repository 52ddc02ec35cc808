"""The page's words, in Bahasa Indonesia and English: the page, its script and the server's answers."""

from __future__ import annotations

__all__ = ["WORDS", "word"]

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Meja verifikasi renja-rules",
        "lead": "Periksa kiriman perangkat daerah: buku kerja (XLSX), CSV, teks tabel PDF atau YAML rencana. "
                "Berkas diperiksa di komputer ini saja; tidak ada yang dikirim ke mana pun.",
        "other_lang": "English",
        "other_lang_href": "?lang=en",
        "drop": "Tarik berkas ke sini, atau",
        "choose": "pilih berkas",
        "drop_hint": "Beberapa berkas sekaligus diperiksa sebagai satu set dokumen (seperti satu folder): "
                     "mis. Tabel 2.1 dan Tabel 3.1.",
        "chosen": "Berkas yang dipilih",
        "none_chosen": "Belum ada berkas.",
        "options": "Pilihan",
        "language": "Bahasa laporan",
        "threshold": "Tampilkan temuan",
        "threshold_info": "semua (kesalahan, peringatan, info)",
        "threshold_warning": "kesalahan dan peringatan",
        "threshold_error": "kesalahan saja",
        "team": "Konfigurasi tim (tidak wajib)",
        "team_hint": "Berkas .renja-rules.yaml atau pyproject.toml beserta berkas aturan yang disebutnya, "
                     "atau berkas aturan saja; atau folder tim seutuhnya (konfigurasi dan folder aturannya). "
                     "Tanpa unggahan: aturan bawaan",
        "team_server": "konfigurasi yang diberikan saat server dijalankan",
        "team_folder": "atau folder tim",
        "check": "Periksa",
        "clear_files": "Kosongkan",
        "limits": "Batas: {files} berkas, {text} MiB per berkas teks/YAML, {book} MiB per buku kerja, "
                  "{total} MiB seluruhnya.",
        "uploading": "Mengunggah… {percent}%",
        "queued": "Menunggu giliran (pemeriksaan lain sedang berjalan)…",
        "checking": "Memeriksa… {done} dari {total} berkas dibaca",
        "reporting": "Menyusun laporan dan buku kerja…",
        "failed": "Pemeriksaan gagal",
        "network": "Server tidak menjawab (apakah renja-rules serve masih berjalan?).",
        "result": "Hasil pemeriksaan",
        "summary": "{files} berkas diperiksa: {errors} kesalahan, {warnings} peringatan, {infos} info.",
        "unreadable": "{n} berkas tidak dapat dibaca (lihat laporan).",
        "verdict_ok": "Tidak ada kesalahan.",
        "verdict_bad": "Ada temuan yang harus diperbaiki perangkat daerah.",
        "verdict_broken": "Ada berkas yang tidak dapat diperiksa.",
        "downloads": "Unduh",
        "download_xlsx": "Buku kerja bertanda (XLSX)",
        "download_html": "Laporan HTML",
        "download_json": "JSON",
        "download_sarif": "SARIF",
        "no_workbook": "Buku kerja bertanda tidak dibuat: tidak ada rencana yang dapat dibaca.",
        "files": "Berkas",
        "findings": "temuan",
        "report": "Laporan",
        "report_frame": "Laporan pemeriksaan",
        "notes": "Catatan",
        "noscript": "Halaman ini memerlukan JavaScript (disajikan oleh server lokal ini sendiri).",
        "too_many_client": "Terlalu banyak berkas: paling banyak {n}.",
        "too_large_client": "{name}: lebih dari {mib} MiB.",
        "total_too_large_client": "Seluruh kiriman lebih dari {mib} MiB.",
        # server answers
        "refused_host": "Ditolak: alamat (Host) ini bukan komputer ini. Buka halaman lewat http://127.0.0.1 "
                        "atau http://localhost.",
        "refused_origin": "Ditolak: permintaan datang dari halaman situs lain.",
        "refused_token": "Ditolak: token tidak ada atau salah. Buka alamat lengkap yang dicetak saat "
                         "renja-rules serve dijalankan (…?token=…).",
        "need_length": "Kiriman tanpa panjang (Content-Length) tidak diterima.",
        "too_large": "Kiriman terlalu besar: paling banyak {mib} MiB seluruhnya.",
        "too_many": "Terlalu banyak berkas: paling banyak {n} berkas sekali kirim.",
        "file_too_large": "{name}: berkas terlalu besar (paling banyak {mib} MiB).",
        "bad_form": "Kiriman tidak dapat dibaca: {detail}",
        "no_files": "Tidak ada berkas yang dikirim.",
        "no_plans": "Tidak ada berkas rencana (YAML, XLSX, CSV, TSV, teks tabel PDF) dalam kiriman. {notes}",
        "not_a_plan": "{name}: bukan berkas rencana (YAML, XLSX, CSV, TSV, teks tabel PDF .txt); tidak diperiksa.",
        "not_config": "{name}: bukan berkas konfigurasi atau aturan (.yaml, .yml, .toml, .csv, paling besar 10 MiB); "
                      "diabaikan.",
        "timeout": "Pemeriksaan dihentikan: lebih dari {seconds} detik.",
        "worker_died": "Pemeriksaan berhenti tanpa jawaban (kode {code}); kiriman mungkin terlalu besar untuk "
                       "memori komputer ini.",
    },
    "en": {
        "title": "renja-rules verification desk",
        "lead": "Check a perangkat daerah's submission: workbooks (XLSX), CSV, PDF-table text or plan YAML. "
                "The files are checked on this computer only; nothing is sent anywhere.",
        "other_lang": "Bahasa Indonesia",
        "other_lang_href": "?lang=id",
        "drop": "Drop files here, or",
        "choose": "choose files",
        "drop_hint": "Several files are checked together as one document set (as one folder is): "
                     "e.g. Tabel 2.1 and Tabel 3.1.",
        "chosen": "Chosen files",
        "none_chosen": "No files yet.",
        "options": "Options",
        "language": "Report language",
        "threshold": "Show findings",
        "threshold_info": "all (errors, warnings, info)",
        "threshold_warning": "errors and warnings",
        "threshold_error": "errors only",
        "team": "Team configuration (optional)",
        "team_hint": "A .renja-rules.yaml or pyproject.toml with the rule files it names, or rule files alone; "
                     "or the team's whole folder (the configuration and its rule folders). "
                     "Without an upload: the default rules",
        "team_server": "the configuration given when the server was started",
        "team_folder": "or the team's folder",
        "check": "Check",
        "clear_files": "Clear",
        "limits": "Limits: {files} files, {text} MiB per text/YAML file, {book} MiB per workbook, {total} MiB in all.",
        "uploading": "Uploading… {percent}%",
        "queued": "Waiting for its turn (another check is running)…",
        "checking": "Checking… {done} of {total} files read",
        "reporting": "Writing the reports and the workbook…",
        "failed": "The check failed",
        "network": "The server does not answer (is renja-rules serve still running?).",
        "result": "Result",
        "summary": "{files} files checked: {errors} errors, {warnings} warnings, {infos} info.",
        "unreadable": "{n} files could not be read (see the report).",
        "verdict_ok": "No errors.",
        "verdict_bad": "There are findings the perangkat daerah must correct.",
        "verdict_broken": "Some files could not be checked.",
        "downloads": "Download",
        "download_xlsx": "Annotated workbook (XLSX)",
        "download_html": "HTML report",
        "download_json": "JSON",
        "download_sarif": "SARIF",
        "no_workbook": "No annotated workbook: no plan could be read.",
        "files": "Files",
        "findings": "findings",
        "report": "Report",
        "report_frame": "Check report",
        "notes": "Notes",
        "noscript": "This page needs JavaScript (served by this local server itself).",
        "too_many_client": "Too many files: at most {n}.",
        "too_large_client": "{name}: larger than {mib} MiB.",
        "total_too_large_client": "The whole submission is larger than {mib} MiB.",
        "refused_host": "Refused: this address (Host) is not this computer. Open the page at http://127.0.0.1 "
                        "or http://localhost.",
        "refused_origin": "Refused: the request came from another site's page.",
        "refused_token": "Refused: the token is missing or wrong. Open the full address printed when "
                         "renja-rules serve started (…?token=…).",
        "need_length": "A submission without a length (Content-Length) is not accepted.",
        "too_large": "Submission too large: at most {mib} MiB in all.",
        "too_many": "Too many files: at most {n} files at once.",
        "file_too_large": "{name}: file too large (at most {mib} MiB).",
        "bad_form": "The submission cannot be read: {detail}",
        "no_files": "No file was sent.",
        "no_plans": "No plan file (YAML, XLSX, CSV, TSV, PDF-table text) in the submission. {notes}",
        "not_a_plan": "{name}: not a plan file (YAML, XLSX, CSV, TSV, PDF-table text .txt); not checked.",
        "not_config": "{name}: not a configuration or rule file (.yaml, .yml, .toml, .csv, at most 10 MiB); ignored.",
        "timeout": "Check stopped: it took more than {seconds} seconds.",
        "worker_died": "The check stopped without an answer (code {code}); the submission may be too large for "
                       "this computer's memory.",
    },
}


def word(lang: str, key: str) -> str:
    return WORDS.get(lang, WORDS["id"])[key]
