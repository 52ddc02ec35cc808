#!/usr/bin/env python
"""Deterministic generator of realistic synthetic plan corpora (benchmark input).

Plans are written as YAML text in the project's plan format (README, "Plan files"):
revision tables (``jenis: perubahan-renja``, like the seed's Tabel 3.1) and evaluation
tables (``jenis: evaluasi-renja``, like Tabel 2.1). Everything comes from a
``random.Random(seed)`` owned by the call: the same seed gives the same text, byte for
byte, on any machine and whatever ``PYTHONHASHSEED`` is. Nothing here imports
``renja_rules``: the generator states what a correct plan is on its own, and the tests
check that the engine agrees.

What a plan looks like
    urusan > bidang urusan (real codes and names: 1.02 KESEHATAN, 2.17 KOPERASI ...) >
    program (``X.XX.01`` is always the penunjang program, with the real kegiatan of that
    program) > kegiatan (``.2.NN`` for a kabupaten/kota, ``.1.NN`` for a provinsi) > sub
    kegiatan (``.NN`` for years before 2023, ``.NNNN`` from 2023, never mixed in one
    document) > indicator rows. Sub kegiatan carry one to four indicator rows, each with
    its own target and pagu before and after the revision; a kegiatan's and a program's
    single indicator row states the sum of its children. Rows are unchanged, changed,
    new in the revision (``sebelum: {target: "-", pagu: "-"}``) or dropped (pagu after
    ``0,00``). Money is Indonesian text (``1.234.567,00``; negatives ``(1.234,00)`` or
    ``-1.234,00``), targets carry their unit (``53 Orang``, ``100%``, ``2,5 Km``). The
    declared counts (``dokumen.jumlah``) match the table.

    An evaluation table is derived from the same structure (same codes; this year's target
    Rp = the pagu after the revision) with the K/Rp columns 5-11 of Permendagri 86/2017:
    achievement percentages rounded half-up to 2 places, cumulative realisation, the
    programs' averages over their sub kegiatan rows and their predikat (>=91 ST, >=76 T,
    >=66 S, >=51 R, else SR), and the totals row.

    A plan of ``rows`` rows has about that many indicator rows in total (program, kegiatan
    and sub kegiatan rows together; within a few rows). Very large plans (tens of thousands
    of rows) run out of real bidang codes and continue with synthetic ones (``1.07``...,
    named ``BIDANG URUSAN SINTETIS``): valid shapes, not real nomenclature.

Defects
    With ``defect_rate`` > 0, each sub kegiatan indicator row is a defect site with that
    probability (at most one defect per kegiatan, so that defects do not hide each other),
    and each declared count is wrong with that probability. Kinds, and the rule that must
    report them:

    revision table: wrong selisih (SL001), wrong kegiatan sum: a sub kegiatan's pagu
    changed with its selisih (PG001), malformed number ``0,00 0`` / a split number
    (AN001), target without its unit (WJ003), wrong declared count (JM001-JM003).

    evaluation table: malformed K ``2318 4 Orang`` (AN001), wrong achievement % on a
    kegiatan row (EV001), wrong Renstra target Rp on a kegiatan row (EV006 and EV007: the
    kegiatan no longer adds up, nor does its program), wrong program average with a
    predikat that follows it (EV010), wrong declared count (JM001-JM003).

    :func:`generate_plan_defects` returns the list of defects injected with the text.

Corpus layout (:func:`write_corpus`)
    ``OUT/NNN-<pemerintah-daerah>/NN-<perangkat-daerah>.perubahan-renja.yaml``: one folder
    per pemerintah daerah (30-50 perangkat daerah each), one revision table per perangkat
    daerah; a share of them (``evaluasi_share``) also have their evaluation table beside it,
    which makes a document set (same folder, perangkat daerah and year) for the
    cross-document rules.

Command line::

    python bench/generate.py OUT_DIR --count 22000 --seed 1 [--rows-min 40 --rows-max 300]
    python bench/generate.py --single ROWS OUT_FILE [--seed 1] [--jenis evaluasi-renja]
"""

from __future__ import annotations

import argparse
import decimal
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

__all__ = ["Defect", "generate_plan", "generate_plan_defects", "write_corpus", "JENIS"]

JENIS = ("perubahan-renja", "evaluasi-renja")
STYLES = ("flow", "block", "compact")

# --- reference data -------------------------------------------------------------------

URUSAN = {
    "1": "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR",
    "2": "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR",
    "3": "URUSAN PEMERINTAHAN PILIHAN",
    "4": "UNSUR PENDUKUNG URUSAN PEMERINTAHAN",
    "5": "UNSUR PENUNJANG URUSAN PEMERINTAHAN",
    "6": "UNSUR PENGAWASAN URUSAN PEMERINTAHAN",
    "7": "UNSUR KEWILAYAHAN",
    "8": "UNSUR PEMERINTAHAN UMUM",
}

# (bidang code, bidang name, perangkat daerah, topic used in program/kegiatan names)
BIDANG = [
    ("1.01", "PENDIDIKAN", "Dinas Pendidikan", "Pendidikan"),
    ("1.02", "KESEHATAN", "Dinas Kesehatan", "Upaya Kesehatan Masyarakat"),
    ("1.03", "PEKERJAAN UMUM DAN PENATAAN RUANG", "Dinas Pekerjaan Umum dan Penataan Ruang",
     "Jalan dan Sumber Daya Air"),
    ("1.04", "PERUMAHAN DAN KAWASAN PERMUKIMAN", "Dinas Perumahan dan Kawasan Permukiman", "Kawasan Permukiman"),
    ("1.05", "KETENTERAMAN DAN KETERTIBAN UMUM SERTA PERLINDUNGAN MASYARAKAT", "Satuan Polisi Pamong Praja",
     "Ketenteraman dan Ketertiban Umum"),
    ("1.06", "SOSIAL", "Dinas Sosial", "Rehabilitasi dan Perlindungan Sosial"),
    ("2.07", "TENAGA KERJA", "Dinas Tenaga Kerja", "Pelatihan dan Penempatan Tenaga Kerja"),
    ("2.08", "PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
     "Perlindungan Perempuan dan Anak"),
    ("2.09", "PANGAN", "Dinas Ketahanan Pangan", "Ketahanan Pangan"),
    ("2.10", "PERTANAHAN", "Dinas Pertanahan", "Penatagunaan Tanah"),
    ("2.11", "LINGKUNGAN HIDUP", "Dinas Lingkungan Hidup", "Pengelolaan Persampahan"),
    ("2.12", "ADMINISTRASI KEPENDUDUKAN DAN PENCATATAN SIPIL", "Dinas Kependudukan dan Pencatatan Sipil",
     "Pelayanan Administrasi Kependudukan"),
    ("2.13", "PEMBERDAYAAN MASYARAKAT DAN DESA", "Dinas Pemberdayaan Masyarakat dan Desa",
     "Pemberdayaan Masyarakat Desa"),
    ("2.14", "PENGENDALIAN PENDUDUK DAN KELUARGA BERENCANA", "Dinas Pengendalian Penduduk dan Keluarga Berencana",
     "Keluarga Berencana"),
    ("2.15", "PERHUBUNGAN", "Dinas Perhubungan", "Lalu Lintas dan Angkutan Jalan"),
    ("2.16", "KOMUNIKASI DAN INFORMATIKA", "Dinas Komunikasi dan Informatika", "Aplikasi Informatika"),
    ("2.17", "KOPERASI, USAHA KECIL, DAN MENENGAH", "Dinas Koperasi dan Usaha Mikro", "Koperasi dan Usaha Mikro"),
    ("2.18", "PENANAMAN MODAL", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Pelayanan Penanaman Modal"),
    ("2.19", "KEPEMUDAAN DAN OLAHRAGA", "Dinas Pemuda dan Olahraga", "Kepemudaan dan Keolahragaan"),
    ("2.20", "STATISTIK", "Dinas Komunikasi, Informatika dan Statistik", "Statistik Sektoral"),
    ("2.21", "PERSANDIAN", "Dinas Persandian", "Persandian untuk Pengamanan Informasi"),
    ("2.22", "KEBUDAYAAN", "Dinas Kebudayaan", "Pelestarian Cagar Budaya"),
    ("2.23", "PERPUSTAKAAN", "Dinas Perpustakaan", "Pembinaan Perpustakaan"),
    ("2.24", "KEARSIPAN", "Dinas Kearsipan", "Pengelolaan Arsip"),
    ("3.25", "KELAUTAN DAN PERIKANAN", "Dinas Perikanan", "Perikanan Budidaya"),
    ("3.26", "PARIWISATA", "Dinas Pariwisata", "Destinasi Pariwisata"),
    ("3.27", "PERTANIAN", "Dinas Pertanian", "Prasarana dan Sarana Pertanian"),
    ("3.28", "KEHUTANAN", "Dinas Kehutanan", "Pengelolaan Hutan"),
    ("3.29", "ENERGI DAN SUMBER DAYA MINERAL", "Dinas Energi dan Sumber Daya Mineral", "Energi Baru Terbarukan"),
    ("3.30", "PERDAGANGAN", "Dinas Perdagangan", "Sarana Distribusi Perdagangan"),
    ("3.31", "PERINDUSTRIAN", "Dinas Perindustrian", "Pengembangan Industri"),
    ("3.32", "TRANSMIGRASI", "Dinas Transmigrasi", "Kawasan Transmigrasi"),
    ("4.01", "SEKRETARIAT DAERAH", "Sekretariat Daerah", "Pemerintahan dan Kesejahteraan Rakyat"),
    ("4.02", "SEKRETARIAT DPRD", "Sekretariat DPRD", "Dukungan Pelaksanaan Tugas DPRD"),
    ("5.01", "PERENCANAAN", "Badan Perencanaan Pembangunan Daerah", "Perencanaan Pembangunan Daerah"),
    ("5.02", "KEUANGAN", "Badan Pengelolaan Keuangan dan Aset Daerah", "Pengelolaan Keuangan Daerah"),
    ("5.03", "KEPEGAWAIAN", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "Kepegawaian Daerah"),
    ("5.04", "PENDIDIKAN DAN PELATIHAN", "Badan Pendidikan dan Pelatihan", "Pengembangan Kompetensi Aparatur"),
    ("5.05", "PENELITIAN DAN PENGEMBANGAN", "Badan Penelitian dan Pengembangan", "Penelitian dan Inovasi Daerah"),
    ("6.01", "INSPEKTORAT DAERAH", "Inspektorat Daerah", "Pengawasan Penyelenggaraan Pemerintahan Daerah"),
    ("8.01", "KESATUAN BANGSA DAN POLITIK", "Badan Kesatuan Bangsa dan Politik", "Ketahanan Ideologi dan Politik"),
]
KECAMATAN_BIDANG = ("7.01", "KECAMATAN", "Kecamatan", "Penyelenggaraan Pemerintahan Kecamatan")

KABUPATEN = [
    "Malang", "Sleman", "Bantul", "Bogor", "Bandung", "Garut", "Cirebon", "Banyumas", "Cilacap", "Kudus", "Jember",
    "Banyuwangi", "Kediri", "Sidoarjo", "Gresik", "Lamongan", "Tuban", "Pasuruan", "Probolinggo", "Lumajang",
    "Gianyar", "Badung", "Tabanan", "Lombok Barat", "Lombok Timur", "Sumbawa", "Kupang", "Sikka", "Ende",
    "Deli Serdang", "Langkat", "Simalungun", "Asahan", "Agam", "Tanah Datar", "Kampar", "Bengkalis", "Siak",
    "Muaro Jambi", "Musi Banyuasin", "Ogan Komering Ilir", "Lampung Selatan", "Lampung Tengah", "Serang", "Tangerang",
    "Lebak", "Pandeglang", "Kutai Kartanegara", "Berau", "Paser", "Kotawaringin Timur", "Kapuas", "Banjar",
    "Tanah Laut", "Sambas", "Ketapang", "Minahasa", "Bolaang Mongondow", "Gowa", "Maros", "Bone", "Wajo",
    "Polewali Mandar", "Konawe", "Kolaka", "Donggala", "Poso", "Halmahera Utara", "Maluku Tengah", "Jayapura",
    "Merauke", "Manokwari", "Aceh Besar", "Pidie", "Bireuen", "Karimun", "Bangka", "Belitung",
]
KOTA = [
    "Malang", "Surabaya", "Yogyakarta", "Semarang", "Surakarta", "Bandung", "Bekasi", "Depok", "Bogor", "Cimahi",
    "Medan", "Padang", "Pekanbaru", "Palembang", "Jambi", "Bengkulu", "Bandar Lampung", "Denpasar", "Mataram",
    "Kupang", "Pontianak", "Banjarmasin", "Samarinda", "Balikpapan", "Manado", "Makassar", "Kendari", "Palu", "Ambon",
    "Ternate", "Jayapura", "Sorong", "Batam", "Tanjungpinang", "Pangkalpinang", "Serang", "Tangerang", "Cilegon",
    "Madiun", "Blitar", "Kediri", "Probolinggo",
]
PROVINSI = [
    "Jawa Timur", "Jawa Tengah", "Jawa Barat", "Daerah Istimewa Yogyakarta", "Banten", "Bali", "Nusa Tenggara Barat",
    "Nusa Tenggara Timur", "Sumatera Utara", "Sumatera Barat", "Riau", "Jambi", "Sumatera Selatan", "Lampung",
    "Kalimantan Barat", "Kalimantan Timur", "Kalimantan Selatan", "Sulawesi Utara", "Sulawesi Selatan",
    "Sulawesi Tengah", "Maluku", "Papua", "Aceh", "Kepulauan Riau", "Bengkulu", "Gorontalo",
]
KECAMATAN = [
    "Kepanjen", "Singosari", "Lawang", "Turen", "Dampit", "Pakis", "Tumpang", "Karangploso", "Dau", "Pujon",
    "Ngantang", "Kasembon", "Sumberpucung", "Kromengan", "Ngajum", "Wonosari", "Wagir", "Pakisaji", "Tajinan",
    "Bululawang", "Gondanglegi", "Pagelaran", "Kalipare", "Donomulyo", "Bantur", "Sumbermanjing", "Ampelgading",
    "Tirtoyudo", "Poncokusumo", "Wajak", "Jabung", "Jatiroto", "Tempeh", "Pasirian", "Candipuro", "Kunir",
    "Yosowilangun", "Rowokangkung",
]

# Real kegiatan and sub kegiatan of the penunjang program X.XX.01 (Kepmendagri 050-5889/2021).
PENUNJANG = [
    ("01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", [
        ("01", "Penyusunan Dokumen Perencanaan Perangkat Daerah"),
        ("02", "Koordinasi dan Penyusunan Dokumen RKA-SKPD"),
        ("06", "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD"),
        ("07", "Evaluasi Kinerja Perangkat Daerah"),
    ]),
    ("02", "Administrasi Keuangan Perangkat Daerah", [
        ("01", "Penyediaan Gaji dan Tunjangan ASN"),
        ("02", "Penyediaan Administrasi Pelaksanaan Tugas ASN"),
        ("05", "Koordinasi dan Penyusunan Laporan Keuangan Akhir Tahun SKPD"),
        ("07", "Koordinasi dan Penyusunan Laporan Keuangan Bulanan/Triwulanan/Semesteran SKPD"),
    ]),
    ("03", "Administrasi Barang Milik Daerah pada Perangkat Daerah", [
        ("06", "Penatausahaan Barang Milik Daerah pada SKPD"),
    ]),
    ("05", "Administrasi Kepegawaian Perangkat Daerah", [
        ("02", "Pengadaan Pakaian Dinas Beserta Atribut Kelengkapannya"),
        ("09", "Pendidikan dan Pelatihan Pegawai Berdasarkan Tugas dan Fungsi"),
        ("11", "Bimbingan Teknis Implementasi Peraturan Perundang-Undangan"),
    ]),
    ("06", "Administrasi Umum Perangkat Daerah", [
        ("01", "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor"),
        ("02", "Penyediaan Peralatan dan Perlengkapan Kantor"),
        ("04", "Penyediaan Bahan Logistik Kantor"),
        ("05", "Penyediaan Barang Cetakan dan Penggandaan"),
        ("06", "Penyediaan Bahan Bacaan dan Peraturan Perundang-undangan"),
        ("08", "Fasilitasi Kunjungan Tamu"),
        ("09", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD"),
    ]),
    ("07", "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah", [
        ("02", "Pengadaan Kendaraan Dinas Operasional atau Lapangan"),
        ("05", "Pengadaan Mebel"),
        ("06", "Pengadaan Peralatan dan Mesin Lainnya"),
    ]),
    ("08", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", [
        ("01", "Penyediaan Jasa Surat Menyurat"),
        ("02", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik"),
        ("04", "Penyediaan Jasa Pelayanan Umum Kantor"),
    ]),
    ("09", "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah", [
        ("01", "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, dan Pajak Kendaraan Perorangan Dinas "
               "atau Kendaraan Dinas Jabatan"),
        ("02", "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak dan Perizinan Kendaraan Dinas "
               "Operasional atau Lapangan"),
        ("09", "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya"),
    ]),
]

PROGRAM_VERBS = [
    "PENGELOLAAN", "PEMBINAAN", "PENINGKATAN", "PENGEMBANGAN", "PENGAWASAN", "PEMBERDAYAAN", "PENYELENGGARAAN",
    "PERLINDUNGAN", "PENATAAN", "PELAYANAN",
]
KEGIATAN_VERBS = ["Pengelolaan", "Pembinaan", "Pengembangan", "Penyelenggaraan", "Fasilitasi", "Pengawasan",
                  "Peningkatan Kapasitas", "Penyediaan Layanan", "Pemberdayaan", "Koordinasi"]
SUB_VERBS = ["Penyediaan", "Fasilitasi", "Pembinaan", "Pelatihan", "Pendampingan", "Koordinasi", "Sosialisasi",
             "Pemantauan dan Evaluasi", "Pembangunan", "Rehabilitasi", "Pengadaan", "Penyusunan", "Pendataan"]
SUB_OBJECTS = ["Sarana dan Prasarana", "Kelompok Masyarakat", "Pelaku Usaha", "Aparatur", "Data dan Informasi",
               "Kelembagaan", "Sumber Daya Manusia", "Standar Pelayanan", "Kemitraan", "Teknologi Tepat Guna",
               "Bantuan Operasional", "Gedung dan Bangunan", "Peralatan Penunjang", "Dokumen Teknis"]

# (uraian template, unit, low, high, decimals); {o} is the sub kegiatan's object, {t} the topic
INDICATORS = [
    ("Jumlah {o} yang difasilitasi", "Orang", 5, 500, 0),
    ("Jumlah peserta pelatihan {t}", "Orang", 10, 300, 0),
    ("Jumlah dokumen {t} yang disusun", "Dokumen", 1, 12, 0),
    ("Jumlah laporan {o} yang diselesaikan", "Laporan", 1, 24, 0),
    ("Jumlah kegiatan {o}", "Kegiatan", 1, 40, 0),
    ("Jumlah unit {o} yang tersedia", "Unit", 1, 60, 0),
    ("Jumlah paket {o} yang diadakan", "Paket", 1, 20, 0),
    ("Jumlah bulan layanan {o} terpenuhi", "Bulan", 12, 12, 0),
    ("Jumlah kali {o} dilaksanakan", "Kali", 1, 24, 0),
    ("Jumlah lembaga {t} yang dibina", "Lembaga", 2, 120, 0),
    ("Jumlah desa sasaran {t}", "Desa", 3, 90, 0),
    ("Jumlah kelompok {o} yang didampingi", "Kelompok", 2, 80, 0),
    ("Jumlah koperasi yang diberikan bimbingan", "Koperasi", 5, 400, 0),
    ("Jumlah buku {o} yang diterbitkan", "Buku", 1, 10, 0),
    ("Jumlah titik {o} yang terpasang", "Titik", 1, 150, 0),
    ("Panjang jalan yang ditangani", "Km", 1, 40, 1),
    ("Luas lahan {t} yang ditangani", "Ha", 5, 900, 1),
    ("Jumlah stel pakaian dinas", "Stel", 10, 200, 0),
    ("Jumlah pejabat pengelola keuangan", "OB", 50, 900, 0),
    ("Persentase {o} yang terlayani", "%", 60, 100, 2),
    ("Persentase capaian standar pelayanan {t}", "%", 70, 100, 0),
]
# Indicators of the penunjang sub kegiatan, by a word of their name: (word, uraian, unit, low, high, decimals)
PENUNJANG_INDICATORS = [
    ("Gaji", "Jumlah ASN yang gaji dan tunjangannya terbayar", "Orang", 15, 400, 0),
    ("Administrasi Pelaksanaan", "Jumlah pejabat pengelola administrasi keuangan", "OB", 50, 900, 0),
    ("Pakaian", "Jumlah pakaian dinas beserta atribut kelengkapannya", "Stel", 10, 200, 0),
    ("Pelatihan", "Jumlah pegawai yang mengikuti pendidikan dan pelatihan", "Orang", 5, 60, 0),
    ("Bimbingan", "Jumlah pegawai yang mengikuti bimbingan teknis", "Orang", 5, 60, 0),
    ("Kendaraan Dinas Operasional", "Jumlah kendaraan dinas operasional yang dipelihara", "Unit", 1, 30, 0),
    ("Kendaraan", "Jumlah kendaraan dinas jabatan yang dipelihara", "Unit", 1, 10, 0),
    ("Gedung", "Jumlah gedung kantor yang dipelihara/direhabilitasi", "Unit", 1, 6, 0),
    ("Pengadaan", "Jumlah barang milik daerah yang diadakan", "Unit", 1, 40, 0),
    ("Rapat", "Jumlah laporan penyelenggaraan rapat koordinasi dan konsultasi", "Laporan", 4, 24, 0),
    ("Tamu", "Jumlah laporan fasilitasi kunjungan tamu", "Laporan", 1, 12, 0),
    ("Penyediaan Jasa", "Jumlah bulan layanan jasa penunjang kantor yang terpenuhi", "Bulan", 12, 12, 0),
    ("Penyediaan", "Jumlah paket kebutuhan kantor yang disediakan", "Paket", 1, 24, 0),
    ("Laporan", "Jumlah laporan yang disusun", "Laporan", 1, 12, 0),
    ("", "Jumlah dokumen yang disusun", "Dokumen", 1, 6, 0),
]
NEGATIVE_INDICATORS = [  # lower is better (polaritas: negatif in the evaluation table)
    ("Persentase angka kasus {t} yang tidak tertangani", "%", 2, 30, 2),
    ("Persentase keluhan masyarakat atas {o}", "%", 1, 20, 2),
]
PROGRAM_INDICATORS = [
    "Persentase capaian kinerja {t}",
    "Persentase pemenuhan dukungan manajemen perkantoran dan penunjang kinerja perangkat daerah (%)",
    "Indeks kepuasan masyarakat terhadap layanan {t}",
    "Persentase program {t} yang terlaksana sesuai rencana",
]
KEGIATAN_INDICATORS = [
    ("Jumlah dokumen hasil {k}", "Dokumen"),
    ("Persentase pelaksanaan {k} tepat waktu", "%"),
    ("Jumlah laporan {k}", "Laporan"),
    ("Cakupan {k}", "%"),
]
SUMBER_DANA = ["DAK Fisik", "DAK Non Fisik", "DBHCHT", "Bantuan Keuangan Provinsi", "DAU", "BLUD"]
CATATAN = ["Penyesuaian anggaran", "Refocusing anggaran", "Pengarusutamaan Gender", "Efisiensi belanja",
           "Tambahan alokasi pada perubahan", "Sub kegiatan ditambah pada perubahan", "Penyesuaian target kinerja"]
MALFORMED_MONEY = ["0,00 0", "{} 0", "{}0 0"]

# Rule IDs that must report each kind of injected defect.
DEFECT_RULES: dict[str, tuple[str, ...]] = {
    "selisih": ("SL001",),
    "kegiatan_sum": ("PG001",),
    "malformed": ("AN001",),
    "unit": ("WJ003",),
    "count_program": ("JM001",),
    "count_kegiatan": ("JM002",),
    "count_sub_kegiatan": ("JM003",),
    "ev_malformed": ("AN001",),
    "ev_capaian": ("EV001",),
    "ev_kegiatan_sum": ("EV006", "EV007"),
    "ev_average": ("EV010",),
}
PERUBAHAN_ROW_DEFECTS = ("selisih", "kegiatan_sum", "malformed", "unit")
EVALUASI_KEGIATAN_DEFECTS = ("ev_malformed", "ev_capaian", "ev_kegiatan_sum")

BANDS = ((Decimal(91), "ST"), (Decimal(76), "T"), (Decimal(66), "S"), (Decimal(51), "R"))
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

# --- the structure of a plan ----------------------------------------------------------


@dataclass
class Row:
    """One indicator row, with what both tables need."""

    uraian: str
    unit: str  # "%" or a unit word
    places: int
    t_before: Decimal | None  # None: new in the revision
    t_after: Decimal
    pagu_before: int | None  # whole rupiah; None: new in the revision
    pagu_after: int
    lokasi: str
    sumber_dana: str
    catatan: str | None = None
    negatif: bool = False

    @property
    def kumulatif(self) -> bool:
        return self.unit != "%"


@dataclass
class Item:
    level: str  # program | kegiatan | sub_kegiatan
    kode: str
    nama: str
    rows: list[Row] = field(default_factory=list)
    children: list["Item"] = field(default_factory=list)


@dataclass
class Bidang:
    urusan: str
    kode: str
    nama: str
    programs: list[Item] = field(default_factory=list)


@dataclass
class Structure:
    tahun: int
    pemerintah_daerah: str
    perangkat_daerah: str
    tingkat: str  # "1" provinsi, "2" kabupaten/kota
    bidang: list[Bidang]
    unit: tuple[str, str] | None

    def items(self, level: str) -> list[Item]:
        out: list[Item] = []
        for bidang in self.bidang:
            for program in bidang.programs:
                if level == "program":
                    out.append(program)
                    continue
                for kegiatan in program.children:
                    if level == "kegiatan":
                        out.append(kegiatan)
                    else:
                        out.extend(kegiatan.children)
        return out


@dataclass(frozen=True)
class Defect:
    """A defect injected into a generated plan, and the rules that must report it."""

    kind: str
    kode: str | None  # the item it sits on (None for the document's counts)
    field: str
    rule_ids: tuple[str, ...]


# --- numbers as plans write them -------------------------------------------------------


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ".".join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


def rupiah(value: int, negative: str = "minus") -> str:
    """Whole rupiah in Indonesian notation: ``1.234.567,00``; negatives ``(1.234,00)`` or ``-1.234,00``."""
    text = _group(str(abs(value))) + ",00"
    if value < 0:
        return f"({text})" if negative == "paren" else "-" + text
    return text


def angka(value: Decimal, places: int | None = None) -> str:
    """A decimal in Indonesian notation: ``63,28``, ``1.216``; ``places`` fixes the decimals."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _, fraction = format(abs(value), "f").partition(".")
    return sign + _group(whole) + ("," + fraction if fraction else "")


def nilai(value: Decimal, unit: str, percent_space: bool) -> str:
    """A value with its unit: ``53 Orang``, ``100%`` / ``100 %``, ``2,5 Km``."""
    if unit == "%":
        return angka(value) + (" %" if percent_space else "%")
    return f"{angka(value)} {unit}"


def ratio(numerator: Decimal, denominator: Decimal, negatif: bool = False) -> Decimal:
    """Achievement % as the rules compute it: 2 places half-up; 0 for a zero target; mirrored when lower is better."""
    if denominator == 0:
        return Decimal("0.00")
    with decimal.localcontext() as context:
        context.prec = 60
        if negatif:
            numerator = 2 * denominator - numerator
        return (numerator / denominator * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def mean(values: list[Decimal]) -> Decimal:
    if not values:
        return Decimal("0.00")
    with decimal.localcontext() as context:
        context.prec = 60
        return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def predikat(value: Decimal) -> str:
    for lower, letter in BANDS:
        if value >= lower:
            return letter
    return "SR"


_YAML_WORDS = frozenset({"yes", "no", "true", "false", "null", "on", "off", "y", "n"})
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.()/&'+-]*")


def q(text: str) -> str:
    """A YAML scalar: plain when that is unambiguous, else double-quoted (JSON string syntax)."""
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def qq(text: str) -> str:
    """Always double-quoted (codes, numbers as text)."""
    return json.dumps(text, ensure_ascii=False)


# --- building a structure -------------------------------------------------------------


def _money(rng: random.Random, low_exp: float, high_exp: float) -> int:
    """A pagu such as plans have: 10^low..10^high rupiah, rounded to thousands (sometimes hundreds)."""
    value = int(10 ** rng.uniform(low_exp, high_exp))
    return value - value % (100 if rng.random() < 0.3 else 1000)


def _target(rng: random.Random, low: float, high: float, places: int) -> Decimal:
    if places == 0:
        return Decimal(rng.randint(int(low), int(high)))
    return Decimal(str(round(rng.uniform(low, high), places))).quantize(Decimal(1).scaleb(-places))


def _sub_row(rng: random.Random, topic: str, obj: str, lokasi: str, apbd: str, big: bool,
             penunjang: str | None = None) -> Row:
    negatif = rng.random() < 0.03 and penunjang is None
    if penunjang is not None:  # the penunjang program's own indicators, matched to the sub kegiatan
        template, unit, low, high, places = next(spec[1:] for spec in PENUNJANG_INDICATORS if spec[0] in penunjang)
    else:
        template, unit, low, high, places = rng.choice(NEGATIVE_INDICATORS if negatif else INDICATORS)
    uraian = template.format(o=obj.lower(), t=topic.lower())
    uraian = uraian[0].upper() + uraian[1:]
    t_before = _target(rng, low, high, places)
    pagu_before = _money(rng, 8.5, 10.0) if big else _money(rng, 6.7, 9.3)
    sumber = apbd if rng.random() < 0.85 else rng.choice(SUMBER_DANA)
    catatan = None
    change = rng.random()
    if change < 0.45:  # unchanged
        t_after, pagu_after = t_before, pagu_before
    elif change < 0.80:  # changed
        pagu_after = int(pagu_before * rng.uniform(0.4, 1.8))
        pagu_after -= pagu_after % (1 if rng.random() < 0.15 else 1000)
        t_after = t_before if rng.random() < 0.6 else _target(rng, low, high, places)
        if rng.random() < 0.35:
            catatan = rng.choice(CATATAN[:5])
        if t_before and ((t_after <= t_before / 2 and pagu_after > pagu_before)
                         or (t_after >= t_before * 2 and pagu_after < pagu_before)):
            catatan = CATATAN[6]  # target and pagu move apart: a consistent plan says why (PL008)
    elif change < 0.88:  # new in the revision
        t_after, pagu_after = _target(rng, low, high, places), _money(rng, 6.7, 9.0)
        t_before, pagu_before = None, None
        catatan = CATATAN[5] if rng.random() < 0.5 else None
    else:  # dropped in the revision: a consistent plan says why (PL007)
        t_after, pagu_after = Decimal(0), 0
        catatan = rng.choice(CATATAN[:2])
    return Row(uraian, unit, places, t_before, t_after, pagu_before, pagu_after, lokasi, sumber, catatan, negatif)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.lower().split()).strip(" .,;:") == " ".join(b.lower().split()).strip(" .,;:")


def _sum_row(rng: random.Random, uraian: str, unit: str, children: list[Item], lokasi: str, apbd: str) -> Row:
    """The single indicator row of a kegiatan or program: its pagu is the sum of its children's."""
    rows = [row for child in children for row in child.rows]
    befores = [row.pagu_before for row in rows if row.pagu_before is not None]
    pagu_before = sum(befores) if befores else None
    pagu_after = sum(row.pagu_after for row in rows)
    if unit == "%":
        t_after = Decimal(100) if rng.random() < 0.7 else _target(rng, 75, 100, 2)
    else:
        t_after = Decimal(rng.randint(1, 12))
    t_before = None if pagu_before is None else t_after
    # A pagu cut to zero or more than doubled is explained, as on the rows beneath (PL007).
    large = pagu_before is not None and pagu_before > 0 and (pagu_after == 0 or pagu_after > 2 * pagu_before)
    return Row(uraian, unit, 2 if unit == "%" else 0, t_before, t_after, pagu_before, pagu_after, lokasi, apbd,
               "Mengikuti perubahan rinciannya" if large else None)


def _indicator_count(rng: random.Random) -> int:
    roll = rng.random()
    return 1 if roll < 0.75 else 2 if roll < 0.92 else 3 if roll < 0.98 else 4


def _bidang_pool(rng: random.Random, own: tuple[str, str, str, str]) -> list[tuple[str, str, str]]:
    """The PD's own bidang first, then the other real ones, then synthetic codes (for huge plans)."""
    others = [b for b in BIDANG if b[0] != own[0]]
    rng.shuffle(others)
    pool = [(own[0], own[1], own[3])] + [(b[0], b[1], b[3]) for b in others]
    used = {b[0] for b in pool} | {KECAMATAN_BIDANG[0]}
    for urusan in "123456":
        for number in range(1, 100):
            code = f"{urusan}.{number:02d}"
            if code not in used:
                pool.append((code, f"BIDANG URUSAN SINTETIS {code}", "Urusan Sintetis " + code))
    return pool


def build_structure(
    rng: random.Random,
    rows: int,
    *,
    tahun: int,
    pemerintah_daerah: str,
    perangkat_daerah: str,
    bidang: tuple[str, str, str, str],
) -> Structure:
    """Programs, kegiatan, sub kegiatan and indicator rows adding up to about ``rows`` rows."""
    tingkat = "1" if pemerintah_daerah.startswith("Provinsi") else "2"
    level_name = "PROVINSI" if tingkat == "1" else "KABUPATEN/KOTA"
    if tingkat == "1":
        apbd = "APBD Provinsi"
    else:
        apbd = "APBD Kota" if pemerintah_daerah.startswith("Kota") else "APBD Kabupaten"
    sub_width = 4 if tahun >= 2023 else 2
    pool = _bidang_pool(rng, bidang)
    wilayah = pemerintah_daerah
    bidang_out: list[Bidang] = []
    count = 0
    pool_index = 0
    while count < rows:
        if pool_index >= len(pool):
            raise ValueError(f"{rows} rows do not fit in the code space of one document")
        code, name, topic = pool[pool_index]
        pool_index += 1
        current = Bidang(code.split(".")[0], code, name)
        bidang_out.append(current)
        program_no = 0
        while count < rows and program_no < 99:
            first_program = program_no == 0
            program_no += 2 if (not first_program and rng.random() < 0.15 and program_no < 97) else 1
            p_kode = f"{code}.{program_no:02d}"
            if first_program:
                p_nama = f"PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH {level_name}"
                kegiatan_specs = [spec for spec in PENUNJANG if rng.random() < 0.75] or [PENUNJANG[1]]
            else:
                p_nama = f"PROGRAM {rng.choice(PROGRAM_VERBS)} {topic.upper()}"
                if rng.random() < 0.3:
                    p_nama += f" {rng.choice(SUB_OBJECTS).upper()}"
                kegiatan_specs = None
            program = Item("program", p_kode, p_nama)
            current.programs.append(program)
            count += 1
            n_kegiatan = len(kegiatan_specs) if kegiatan_specs else rng.randint(1, 4)
            kegiatan_no = 0
            for k in range(n_kegiatan):
                if count >= rows and k > 0:
                    break
                if kegiatan_specs:
                    k_code, k_nama, sub_specs = kegiatan_specs[k]
                    kegiatan_no = int(k_code)
                else:
                    kegiatan_no += 2 if rng.random() < 0.1 else 1
                    k_code = f"{kegiatan_no:02d}"
                    k_nama = f"{rng.choice(KEGIATAN_VERBS)} {topic}"
                    sub_specs = None
                kegiatan = Item("kegiatan", f"{p_kode}.{tingkat}.{k_code}", k_nama)
                program.children.append(kegiatan)
                count += 1
                n_sub = len(sub_specs) if sub_specs else rng.randint(1, 7)
                sub_no = 0
                for s in range(n_sub):
                    if count >= rows and s > 0:
                        break
                    if sub_specs:
                        s_no, s_nama = int(sub_specs[s][0]), sub_specs[s][1]
                        if rng.random() < 0.25 and s > 0:
                            continue  # not every PD runs every sub kegiatan
                        obj = "Aparatur"
                        big = "Gaji" in s_nama
                        lokasi = perangkat_daerah
                    else:
                        sub_no += 2 if rng.random() < 0.1 else 1
                        s_no = sub_no
                        obj = rng.choice(SUB_OBJECTS)
                        s_nama = f"{rng.choice(SUB_VERBS)} {obj} {topic}"
                        big = False
                        lokasi = wilayah if rng.random() < 0.6 else (
                            f"Kecamatan {rng.choice(KECAMATAN)}" if rng.random() < 0.5 else perangkat_daerah)
                    sub = Item("sub_kegiatan", f"{kegiatan.kode}.{s_no:0{sub_width}d}", s_nama)
                    for _ in range(1 if sub_specs else _indicator_count(rng)):
                        row = _sub_row(rng, topic, obj, lokasi, apbd, big, s_nama if sub_specs else None)
                        if any(_same_text(row.uraian, other.uraian) for other in sub.rows):
                            continue  # one item lists an indicator once (PL006): a row fewer instead
                        sub.rows.append(row)
                        count += 1
                    kegiatan.children.append(sub)
                if not kegiatan.children:  # every kegiatan keeps at least one sub kegiatan
                    s_no, s_nama = (int(sub_specs[0][0]), sub_specs[0][1]) if sub_specs else (1, f"Penyediaan {topic}")
                    sub = Item("sub_kegiatan", f"{kegiatan.kode}.{s_no:0{sub_width}d}", s_nama)
                    sub.rows.append(_sub_row(rng, topic, "Aparatur", perangkat_daerah, apbd, False,
                                             s_nama if sub_specs else None))
                    count += 1
                    kegiatan.children.append(sub)
                uraian, unit = rng.choice(KEGIATAN_INDICATORS)
                kegiatan.rows.append(_sum_row(rng, uraian.format(k=k_nama.lower()), unit, kegiatan.children,
                                              lokasi=perangkat_daerah, apbd=apbd))
            uraian = rng.choice(PROGRAM_INDICATORS).format(t=topic.lower())
            program.rows.append(_sum_row(rng, uraian, "%", program.children, lokasi=wilayah, apbd=apbd))
            # the program row was counted when the program was opened
    unit = None
    if rng.random() < 0.3:
        unit = (f"{bidang_out[0].kode}.{rng.randint(1, 40):02d}", perangkat_daerah.upper())
    return Structure(tahun, pemerintah_daerah, perangkat_daerah, tingkat, bidang_out, unit)


# --- rendering --------------------------------------------------------------------------


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + text)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _pick_defects(rng: random.Random, structure: Structure, defect_rate: float, kinds: tuple[str, ...]
                  ) -> tuple[dict[int, str], dict[str, int]]:
    """Which sub kegiatan rows get which defect (by id of the Row), and which declared counts are off."""
    rows: dict[int, str] = {}
    counts: dict[str, int] = {}
    if defect_rate <= 0:
        return rows, counts
    for kegiatan in structure.items("kegiatan"):
        for sub in kegiatan.children:
            hit = False
            for row in sub.rows:
                if rng.random() < defect_rate:
                    rows[id(row)] = rng.choice(kinds)
                    hit = True
                    break
            if hit:
                break  # at most one defect per kegiatan
    for level in ("program", "kegiatan", "sub_kegiatan"):
        if rng.random() < defect_rate:
            counts[level] = rng.choice((-3, -2, -1, 1, 2, 3))
    return rows, counts


def _header(w: _Writer, structure: Structure, jenis: str, counts: dict[str, int], defects: list[Defect],
            rng: random.Random) -> None:
    pemda = structure.pemerintah_daerah
    kepala = "Gubernur" if pemda.startswith("Provinsi") else ("Walikota" if pemda.startswith("Kota") else "Bupati")
    nomor = rng.randint(1, 120)
    w(0, "dokumen:")
    w(2, f"jenis: {jenis}")
    if jenis == "perubahan-renja":
        judul = f"Rumusan Perubahan Rencana Kerja dan Pendanaan Perangkat Daerah {pemda} Tahun {structure.tahun}"
        w(2, f"judul: {q(judul)}")
        w(2, 'tabel: "3.1"')
    else:
        judul = f"Hasil Evaluasi Pelaksanaan Renja Perangkat Daerah Sampai Dengan Triwulan II Tahun {structure.tahun}"
        w(2, f"judul: {q(judul)}")
        w(2, 'tabel: "2.1"')
    w(2, f"tahun: {structure.tahun}")
    if jenis == "evaluasi-renja":
        w(2, "periode: Triwulan II")
    w(2, f"pemerintah_daerah: {q(pemda)}")
    w(2, f"perangkat_daerah: {q(structure.perangkat_daerah)}")
    wilayah = pemda.split(" ", 1)[1]
    w(2, f"dasar_hukum: {q(f'Peraturan {kepala} {wilayah} Nomor {nomor} Tahun {structure.tahun}')}")
    w(2, "jumlah:")
    for level in ("program", "kegiatan", "sub_kegiatan"):
        rule = f"count_{level}"
        actual = len(structure.items(level))
        declared = actual + counts.get(level, 0)
        if declared < 0:
            declared = actual + abs(counts[level])
        if declared != actual:
            defects.append(Defect(rule, None, f"dokumen.jumlah.{level}", DEFECT_RULES[rule]))
        w(4, f"{level}: {declared}")
    w(4, f"sumber: {'Bab IV' if jenis == 'perubahan-renja' else 'Bab II'}")


def _render_perubahan(structure: Structure, rng: random.Random, defect_rate: float, style: str | None
                      ) -> tuple[str, list[Defect]]:
    w = _Writer()
    defects: list[Defect] = []
    if style is None:
        roll = rng.random()
        style = "flow" if roll < 0.5 else ("compact" if roll < 0.75 else "block")
    elif style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}, not {style!r}")
    flow = style != "block"
    si = 0 if style == "compact" else 2  # indentation of list items under their key
    negative = "paren" if rng.random() < 0.5 else "minus"
    percent_space = rng.random() < 0.3
    w(0, f"# Sintetis (bench/generate.py): Tabel 3.1 Perubahan Renja {structure.perangkat_daerah}, "
         f"{structure.pemerintah_daerah} {structure.tahun}")
    row_defects, counts = _pick_defects(rng, structure, defect_rate, PERUBAHAN_ROW_DEFECTS)
    _header(w, structure, "perubahan-renja", counts, defects, rng)

    def pair(indent: int, key: str, target: str, pagu: str) -> None:
        if flow:
            w(indent, f"{key}: {{target: {qq(target)}, pagu: {qq(pagu)}}}")
        else:
            w(indent, f"{key}:")
            w(indent + 2, f"target: {qq(target)}")
            w(indent + 2, f"pagu: {qq(pagu)}")

    def row_lines(indent: int, row: Row, kode: str) -> None:
        kind = row_defects.get(id(row))
        t_before = "-" if row.t_before is None else nilai(row.t_before, row.unit, percent_space)
        t_after = nilai(row.t_after, row.unit, percent_space)
        p_before = row.pagu_before
        p_after = row.pagu_after
        selisih = p_after - (p_before or 0)
        sebelum_pagu = "-" if p_before is None else rupiah(p_before)
        if kind == "malformed" and p_before is None:
            kind = "selisih"  # a new row has no pagu before to damage
        if kind == "selisih":
            selisih += rng.choice((-1, 1)) * rng.choice((1000, 10000, 100000, 1_000_000, 5_500_000))
            defects.append(Defect(kind, kode, "selisih", DEFECT_RULES[kind]))
        elif kind == "kegiatan_sum":
            delta = rng.choice((1000, 25000, 100000, 2_500_000, 10_000_000))
            if p_before is not None:  # a pagu before that no longer adds up, selisih kept consistent
                p_before += delta
                sebelum_pagu = rupiah(p_before)
                selisih -= delta
            else:
                p_after += delta
                selisih += delta
            # reported on the kegiatan above the sub kegiatan
            defects.append(Defect(kind, kode.rsplit(".", 1)[0], "pagu", DEFECT_RULES[kind]))
        elif kind == "malformed":
            pattern = rng.choice(MALFORMED_MONEY)
            sebelum_pagu = pattern.format(rupiah(p_before)[:-3]) if "{}" in pattern else pattern
            defects.append(Defect(kind, kode, "sebelum.pagu", DEFECT_RULES[kind]))
        elif kind == "unit":
            t_after = angka(row.t_after)
            defects.append(Defect(kind, kode, "sesudah.target", DEFECT_RULES[kind]))
        style_neg = negative if rng.random() < 0.9 else ("minus" if negative == "paren" else "paren")
        w(indent, f"- uraian: {q(row.uraian)}")
        pair(indent + 2, "sebelum", t_before, sebelum_pagu)
        pair(indent + 2, "sesudah", t_after, rupiah(p_after))
        w(indent + 2, f"selisih: {qq(rupiah(selisih, style_neg))}")
        w(indent + 2, f"lokasi: {q(row.lokasi)}")
        w(indent + 2, f"sumber_dana: {q(row.sumber_dana)}")
        if row.catatan:
            w(indent + 2, f"catatan: {q(row.catatan)}")

    def item_lines(indent: int, item: Item) -> None:
        w(indent, f"- kode: {qq(item.kode)}")
        w(indent + 2, f"nama: {q(item.nama)}")
        w(indent + 2, "indikator:")
        for row in item.rows:
            row_lines(indent + 2 + si, row, item.kode)
        if item.children:
            w(indent + 2, f"{item.children[0].level}:")
            for child in item.children:
                item_lines(indent + 2 + si, child)

    w(0, "urusan:")
    by_urusan: dict[str, list[Bidang]] = {}
    for bidang in structure.bidang:
        by_urusan.setdefault(bidang.urusan, []).append(bidang)
    for urusan, bidang_list in by_urusan.items():
        u = si
        w(u, f"- kode: {qq(urusan)}")
        w(u + 2, f"nama: {q(URUSAN[urusan])}")
        w(u + 2, "bidang_urusan:")
        b = u + 2 + si
        for bidang in bidang_list:
            w(b, f"- kode: {qq(bidang.kode)}")
            w(b + 2, f"nama: {q(bidang.nama)}")
            if structure.unit and bidang is structure.bidang[0]:
                w(b + 2, f"unit: {{kode: {qq(structure.unit[0])}, nama: {qq(structure.unit[1])}}}")
            w(b + 2, "program:")
            for program in bidang.programs:
                item_lines(b + 2 + si, program)
    return w.text(), defects


@dataclass
class _Eval:
    """The evaluation columns of one indicator row (K as Decimal, Rp as int)."""

    t5: Decimal
    r6: Decimal
    t7: Decimal
    r8: Decimal
    rk: Decimal
    c9: Decimal
    c11: Decimal
    t5_rp: int
    r6_rp: int
    t7_rp: int
    r8_rp: int
    rk_rp: int
    c9_rp: Decimal
    c11_rp: Decimal


def _k_quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def _eval_k(rng: random.Random, row: Row) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal]:
    """K columns 5-8 and 10 of a row: Renstra target, realisation so far, this year's target and realisation."""
    quantum = _k_quantum(row.places)
    t7 = row.t_after
    if row.unit == "%":  # a level indicator: the latest value stands
        t5 = t7 if t7 > 0 else Decimal(100)
        r6 = Decimal(str(round(rng.uniform(0.55, 1.0) * float(t5), 2))).quantize(CENT)
        r8 = Decimal(str(round(rng.uniform(0.2, 1.0) * float(t7), 2))).quantize(CENT) if t7 > 0 else Decimal(0)
        return t5, r6, t7, r8, r8
    base = t7 if t7 > 0 else (row.t_before or Decimal(rng.randint(1, 20)))
    t5 = (base * rng.randint(3, 5)).quantize(quantum)
    r6 = (t5 * Decimal(str(round(rng.uniform(0.2, 0.7), 2)))).quantize(quantum, rounding=ROUND_HALF_UP)
    r8 = (t7 * Decimal(str(round(rng.uniform(0.1, 1.0), 2)))).quantize(quantum, rounding=ROUND_HALF_UP)
    return t5, r6, t7, r8, r6 + r8


def _eval_sub(rng: random.Random, row: Row) -> _Eval:
    t5, r6, t7, r8, rk = _eval_k(rng, row)
    t7_rp = row.pagu_after
    base = t7_rp if t7_rp > 0 else (row.pagu_before or _money(rng, 7, 9))
    t5_rp = base * rng.randint(3, 5)
    r6_rp = int(t5_rp * rng.uniform(0.15, 0.6))
    r6_rp -= r6_rp % 1000 if rng.random() < 0.7 else 0
    r8_rp = int(t7_rp * rng.uniform(0.05, 0.75))
    r8_rp -= r8_rp % 100 if rng.random() < 0.5 else 0
    rk_rp = r6_rp + r8_rp
    return _Eval(t5, r6, t7, r8, rk, ratio(r8, t7, row.negatif), ratio(rk, t5, row.negatif),
                 # Money absorbed is realisation / target whatever the indicator's polarity.
                 t5_rp, r6_rp, t7_rp, r8_rp, rk_rp, ratio(Decimal(r8_rp), Decimal(t7_rp)),
                 ratio(Decimal(rk_rp), Decimal(t5_rp)))


def _eval_sum(rng: random.Random, row: Row, parts: list[_Eval]) -> _Eval:
    t5, r6, t7, r8, rk = _eval_k(rng, row)
    t5_rp = sum(p.t5_rp for p in parts)
    r6_rp = sum(p.r6_rp for p in parts)
    t7_rp = sum(p.t7_rp for p in parts)
    r8_rp = sum(p.r8_rp for p in parts)
    rk_rp = sum(p.rk_rp for p in parts)
    return _Eval(t5, r6, t7, r8, rk, ratio(r8, t7), ratio(rk, t5), t5_rp, r6_rp, t7_rp, r8_rp, rk_rp,
                 ratio(Decimal(r8_rp), Decimal(t7_rp)), ratio(Decimal(rk_rp), Decimal(t5_rp)))


def _averages(rows: list[tuple[Row, _Eval]]) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """The stated averages of sub kegiatan rows with a target this year (K and Rp counted separately)."""
    k_rows = [e for _, e in rows if e.t7 > 0]
    rp_rows = [e for _, e in rows if e.t7_rp > 0]
    return (mean([e.c9 for e in k_rows]), mean([e.c9_rp for e in rp_rows]),
            mean([e.c11 for e in k_rows]), mean([e.c11_rp for e in rp_rows]))


def _render_evaluasi(structure: Structure, rng: random.Random, defect_rate: float, style: str | None
                     ) -> tuple[str, list[Defect]]:
    # evaluation tables are written with flow pairs, as the seed's Tabel 2.1; "compact" also
    # writes list items at the indentation of their key
    if style is not None and style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}, not {style!r}")
    si = 0 if style == "compact" else 2
    w = _Writer()
    defects: list[Defect] = []
    percent_space = rng.random() < 0.7
    w(0, f"# Sintetis (bench/generate.py): Tabel 2.1 Evaluasi Renja {structure.perangkat_daerah}, "
         f"{structure.pemerintah_daerah} {structure.tahun}")
    # values first (one stream), defects from another draw of the same stream, then text
    values: dict[int, _Eval] = {}
    program_sub_rows: dict[str, list[tuple[Row, _Eval]]] = {}
    all_sub_rows: list[tuple[Row, _Eval]] = []
    for program in structure.items("program"):
        keg_evals = []
        program_sub_rows[program.kode] = []
        for kegiatan in program.children:
            sub_evals = []
            for sub in kegiatan.children:
                for row in sub.rows:
                    value = values[id(row)] = _eval_sub(rng, row)
                    sub_evals.append(value)
                    program_sub_rows[program.kode].append((row, value))
                    all_sub_rows.append((row, value))
            value = values[id(kegiatan.rows[0])] = _eval_sum(rng, kegiatan.rows[0], sub_evals)
            keg_evals.append(value)
        values[id(program.rows[0])] = _eval_sum(rng, program.rows[0], keg_evals)

    # defects: per kegiatan (a sub row's K, or the kegiatan's own row), per program, per count
    row_defects: dict[int, str] = {}
    program_defects: dict[str, str] = {}
    counts: dict[str, int] = {}
    if defect_rate > 0:
        for program in structure.items("program"):
            for kegiatan in program.children:
                if rng.random() < defect_rate:
                    kind = rng.choice(EVALUASI_KEGIATAN_DEFECTS)
                    if kind == "ev_malformed":
                        sub = rng.choice(kegiatan.children)
                        row_defects[id(rng.choice(sub.rows))] = kind
                    else:
                        row_defects[id(kegiatan.rows[0])] = kind
            if rng.random() < defect_rate and any(e.t7 > 0 for _, e in program_sub_rows[program.kode]):
                program_defects[program.kode] = "ev_average"
        for level in ("program", "kegiatan", "sub_kegiatan"):
            if rng.random() < defect_rate:
                counts[level] = rng.choice((-3, -2, -1, 1, 2, 3))
    _header(w, structure, "evaluasi-renja", counts, defects, rng)

    def k(value: Decimal, row: Row) -> str:
        return nilai(value, row.unit, percent_space)

    def p(value: Decimal) -> str:
        return angka(value, 2)

    def averages_lines(indent: int, averages: tuple[Decimal, Decimal, Decimal, Decimal]) -> None:
        c9k, c9rp, c11k, c11rp = averages
        w(indent, f"rata_rata: {{capaian: {{k: {qq(p(c9k))}, rp: {qq(p(c9rp))}}}, "
                  f"capaian_renstra: {{k: {qq(p(c11k))}, rp: {qq(p(c11rp))}}}}}")
        w(indent, f"predikat: {{capaian: {{k: {predikat(c9k)}, rp: {predikat(c9rp)}}}, "
                  f"capaian_renstra: {{k: {predikat(c11k)}, rp: {predikat(c11rp)}}}}}")

    # the totals row
    program_values = [values[id(program.rows[0])] for program in structure.items("program")]
    t5_rp = sum(v.t5_rp for v in program_values)
    r6_rp = sum(v.r6_rp for v in program_values)
    t7_rp = sum(v.t7_rp for v in program_values)
    r8_rp = sum(v.r8_rp for v in program_values)
    rk_rp = sum(v.rk_rp for v in program_values)
    w(0, "total:")
    w(2, f"target_renstra: {{rp: {qq(rupiah(t5_rp))}}}")
    w(2, f"realisasi_renstra_lalu: {{rp: {qq(rupiah(r6_rp))}}}")
    w(2, f"target: {{rp: {qq(rupiah(t7_rp))}}}")
    w(2, f"realisasi: {{rp: {qq(rupiah(r8_rp))}}}")
    w(2, f"capaian: {{rp: {qq(p(ratio(Decimal(r8_rp), Decimal(t7_rp))))}}}")
    w(2, f"realisasi_kumulatif: {{rp: {qq(rupiah(rk_rp))}}}")
    w(2, f"capaian_renstra: {{rp: {qq(p(ratio(Decimal(rk_rp), Decimal(t5_rp))))}}}")
    averages_lines(2, _averages(all_sub_rows))

    def row_lines(indent: int, row: Row, kode: str) -> None:
        e = values[id(row)]
        kind = row_defects.get(id(row))
        t5_k = k(e.t5, row)
        t5_rp, c9_rp, c11_rp = e.t5_rp, e.c9_rp, e.c11_rp
        if kind == "ev_malformed":
            head = angka(e.t5)
            t5_k = f"{head} {rng.randint(1, 9)} {row.unit if row.unit != '%' else 'HOK'}"  # a number split by a space
            defects.append(Defect(kind, kode, "target_renstra.k", DEFECT_RULES[kind]))
        elif kind == "ev_capaian":
            c9_rp = c9_rp + rng.choice((Decimal("-7.5"), Decimal("1.25"), Decimal("12.00"), Decimal("0.50")))
            defects.append(Defect(kind, kode, "capaian.rp", DEFECT_RULES[kind]))
        elif kind == "ev_kegiatan_sum":
            t5_rp += rng.choice((1000, 50000, 1_000_000, 12_500_000))
            c11_rp = ratio(Decimal(e.rk_rp), Decimal(t5_rp))  # the row itself stays consistent
            defects.append(Defect(kind, kode, "target_renstra.rp", DEFECT_RULES[kind]))
        w(indent, f"- uraian: {q(row.uraian)}")
        if not row.kumulatif:
            w(indent + 2, "kumulatif: false")
        if row.negatif:
            w(indent + 2, "polaritas: negatif")
        w(indent + 2, f"target_renstra: {{k: {qq(t5_k)}, rp: {qq(rupiah(t5_rp))}}}")
        w(indent + 2, f"realisasi_renstra_lalu: {{k: {qq(k(e.r6, row))}, rp: {qq(rupiah(e.r6_rp))}}}")
        w(indent + 2, f"target: {{k: {qq(k(e.t7, row))}, rp: {qq(rupiah(e.t7_rp))}}}")
        w(indent + 2, f"realisasi: {{k: {qq(k(e.r8, row))}, rp: {qq(rupiah(e.r8_rp))}}}")
        w(indent + 2, f"capaian: {{k: {qq(p(e.c9))}, rp: {qq(p(c9_rp))}}}")
        w(indent + 2, f"realisasi_kumulatif: {{k: {qq(k(e.rk, row))}, rp: {qq(rupiah(e.rk_rp))}}}")
        w(indent + 2, f"capaian_renstra: {{k: {qq(p(e.c11))}, rp: {qq(p(c11_rp))}}}")

    def item_lines(indent: int, item: Item, nomor: int | None = None) -> None:
        if nomor is not None:
            w(indent, f"- nomor: {nomor}")
            w(indent + 2, f"kode: {qq(item.kode)}")
        else:
            w(indent, f"- kode: {qq(item.kode)}")
        w(indent + 2, f"nama: {q(item.nama)}")
        w(indent + 2, "indikator:")
        for row in item.rows:
            row_lines(indent + 2 + si, row, item.kode)
        if item.children:
            w(indent + 2, f"{item.children[0].level}:")
            for child in item.children:
                item_lines(indent + 2 + si, child)
        if item.level == "program":
            averages = _averages(program_sub_rows[item.kode])
            if item.kode in program_defects:
                c9k = averages[0] + rng.choice((Decimal("4.25"), Decimal("3.10"), Decimal("0.75")))
                averages = (c9k,) + averages[1:]
                defects.append(Defect("ev_average", item.kode, "rata_rata.capaian.k", DEFECT_RULES["ev_average"]))
            averages_lines(indent + 2, averages)

    w(0, "program:")
    for number, program in enumerate(structure.items("program"), start=1):
        item_lines(si, program, number)
    return w.text(), defects


# --- the public API ---------------------------------------------------------------------


def _streams(seed: int) -> tuple[random.Random, random.Random]:
    """Independent streams for the structure and for the rendering of one plan."""
    master = random.Random(seed)
    return random.Random(master.getrandbits(64)), random.Random(master.getrandbits(64))


def _random_identity(rng: random.Random) -> tuple[int, str, str, tuple[str, str, str, str]]:
    tahun = rng.randint(2021, 2025)
    roll = rng.random()
    if roll < 0.06:
        pemda = "Provinsi " + rng.choice(PROVINSI)
    elif roll < 0.25:
        pemda = "Kota " + rng.choice(KOTA)
    else:
        pemda = "Kabupaten " + rng.choice(KABUPATEN)
    bidang = rng.choice(BIDANG)
    return tahun, pemda, bidang[2], bidang


def _structure_for(seed: int, rows: int, identity: tuple[int, str, str, tuple[str, str, str, str]] | None = None
                   ) -> tuple[Structure, random.Random]:
    structure_rng, render_rng = _streams(seed)
    tahun, pemda, pd, bidang = identity or _random_identity(structure_rng)
    structure = build_structure(structure_rng, rows, tahun=tahun, pemerintah_daerah=pemda, perangkat_daerah=pd,
                                bidang=bidang)
    return structure, render_rng


def generate_plan_defects(seed: int, rows: int, jenis: str = "perubahan-renja", defect_rate: float = 0.02, *,
                          style: str | None = None) -> tuple[str, list[Defect]]:
    """Like :func:`generate_plan`, also returning the defects injected (kind, item code, field, rule IDs)."""
    if jenis not in JENIS:
        raise ValueError(f"jenis must be one of {', '.join(JENIS)}, not {jenis!r}")
    if rows < 3:
        raise ValueError("a plan needs at least 3 rows (a program, a kegiatan and a sub kegiatan)")
    if not 0 <= defect_rate <= 1:
        raise ValueError("defect_rate must be between 0 and 1")
    structure, render_rng = _structure_for(seed, rows)
    render = _render_perubahan if jenis == "perubahan-renja" else _render_evaluasi
    return render(structure, render_rng, defect_rate, style)


def generate_plan(seed: int, rows: int, jenis: str = "perubahan-renja", defect_rate: float = 0.02, *,
                  style: str | None = None) -> str:
    """One synthetic plan as YAML text, about ``rows`` indicator rows, deterministic in ``seed``.

    ``jenis``: ``perubahan-renja`` (revision table) or ``evaluasi-renja`` (evaluation table
    of the same structure). ``defect_rate``: probability of a defect per sub kegiatan row
    (at most one per kegiatan) and per declared count; 0 gives a plan every default rule
    passes. ``style``: ``flow`` (``sebelum: {target: ..., pagu: ...}``) or ``block`` for
    the revision table; by default drawn from the seed (three in four plans use flow).
    """
    return generate_plan_defects(seed, rows, jenis, defect_rate, style=style)[0]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- what real plans vary in ------------------------------------------------------------
# The generator writes one tidy YAML; plans written by people (and by other tools) differ in
# ways that decide which reader takes them (issue 19: a real Renstra with one `sub_kegiatan: []`
# was read entirely by the slow loader). `vary` gives a plan's text those differences, each
# one meaning-preserving or, for the empty collections, still a valid plan.

VARIATIONS = ("comments", "single_quotes", "non_ascii", "comparisons", "escapes", "folded", "empty_collections",
              "crlf", "document_markers")
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- )?(?P<key>[a-z_]+): (?P<value>.+)$")
_SIMPLE_TEXT = re.compile(r"[A-Za-z0-9][^'\"#:{}\[\],&*!|>%@`]*")
_NOTES = ("catatan verifikator: cek ulang", "sesuai DPA", "angka dari SIPD", "disesuaikan Perbup")


def vary(text: str, rng: random.Random, variations: tuple[str, ...] = VARIATIONS, share: float = 0.3) -> str:
    """The plan's text with the differences real plans have, each applied to about ``share`` of
    the places it fits: comments at line ends and on lines of their own, single-quoted and
    non-ASCII names ("Kepemudaan dan Olahraga — Tahap I", "Dinás Koperasi’"), thresholds in an
    indicator's text ("... dengan capaian >90%"), some of them written
    with escapes as a tool writes them ("Din\\xE1s Koperasi\\u2019"), long names folded into a
    block scalar (``>-``), empty collections (``sebelum: {}`` for a row new in the revision, an
    urusan whose bidang are not filled in ``bidang_urusan: []``), CRLF line ends, and the
    document's own markers: ``---`` below the opening comments (yamllint's document-start rule
    asks for it), sometimes ``...`` at the end."""
    out: list[str] = []
    for line in text.split("\n"):
        match = _KEY_LINE.match(line)
        if match is None or line.lstrip().startswith("#"):
            out.append(line)
            continue
        indent, dash, key, value = match["indent"], match["dash"] or "", match["key"], match["value"]
        inner = " " * (len(indent) + len(dash))
        if "comments" in variations and dash and rng.random() < share:
            out.append(f"{indent}# {rng.choice(_NOTES)}")
        if "empty_collections" in variations and key == "sebelum" and value == '{target: "-", pagu: "-"}' \
                and rng.random() < 2 * share:
            value = "{}"  # a row new in the revision: nothing before it, written as an empty mapping
        if key in ("nama", "uraian", "lokasi") and _SIMPLE_TEXT.fullmatch(value.strip('"')) and value.count('"') in (0, 2):
            plain = value.strip('"')
            if "non_ascii" in variations and rng.random() < share:
                plain = f"{plain} — Tahap I" if rng.random() < 0.5 else plain.replace("a", "á", 1) + "’"
            if "comparisons" in variations and key == "uraian" and rng.random() < share / 2:
                plain = f"{plain} dengan capaian >{rng.choice((60, 75, 80, 90))}%"  # a threshold in the text
            if "folded" in variations and key != "lokasi" and len(plain) > 50 and rng.random() < share:
                cut = plain.rfind(" ", 0, len(plain) // 2 + 10)
                if cut > 0:
                    out.append(f"{indent}{dash}{key}: >-")
                    out.append(f"{inner}  {plain[:cut]}")
                    out.append(f"{inner}  {plain[cut + 1:]}")
                    continue
            if "escapes" in variations and not plain.isascii() and rng.random() < share:
                value = f'"{_escaped(plain)}"'  # as PyYAML writes it without allow_unicode
            elif "single_quotes" in variations and rng.random() < share:
                value = f"'{plain}'"
            elif value.startswith('"') or plain != value:
                value = f'"{plain}"'  # quoted as it was, or because it changed
        if "comments" in variations and rng.random() < share / 2 and value.count("{") == value.count("}") \
                and value.count("[") == value.count("]") and not value.startswith((">", "|")):
            value = f"{value}  # {rng.choice(_NOTES)}"
        out.append(f"{indent}{dash}{key}: {value}")
    varied = "\n".join(out)
    urusan = re.search(r"^urusan:\n( *)- ", varied, re.MULTILINE)
    if "empty_collections" in variations and urusan is not None and rng.random() < 0.5:
        # an urusan listed before its bidang are filled in: an empty list
        child = urusan[1]
        varied = varied.rstrip("\n") + f'\n{child}- kode: "1"\n{child}  nama: URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN ' \
            f"DENGAN PELAYANAN DASAR\n{child}  bidang_urusan: []\n"
    if "crlf" in variations and rng.random() < share:
        varied = varied.replace("\n", "\r\n")
    if "document_markers" in variations and rng.random() < share:
        newline = "\r\n" if "\r\n" in varied else "\n"
        head = _OPENING_COMMENTS.match(varied)
        varied = varied[:head.end()] + "---" + newline + varied[head.end():]  # type: ignore[union-attr]
        if rng.random() < 0.5:
            varied = varied.rstrip("\r\n") + newline + "..." + newline
    return varied


def _escaped(text: str) -> str:
    """``text`` in double quotes' escapes for what is not ASCII, as PyYAML's emitter writes it."""
    return "".join(char if ord(char) < 128 else f"\\x{ord(char):02X}" if ord(char) < 256 else f"\\u{ord(char):04X}"
                   for char in text)


_OPENING_COMMENTS = re.compile(r"(?:#[^\n]*\n)*")  # a file's header comments stay above its "---"


def write_corpus(folder: str | Path, count: int, seed: int, rows_range: tuple[int, int] = (40, 300), *,
                 defect_rate: float = 0.02, evaluasi_share: float = 0.1, varied: bool = False) -> list[Path]:
    """Write ``count`` plan files under ``folder``, grouped like real submissions; return their paths.

    One folder per pemerintah daerah (``NNN-kabupaten-malang``), with 30-50 perangkat daerah
    each (dinas and badan of the real bidang, and kecamatan); each perangkat daerah has its
    revision table (``NN-dinas-kesehatan.perubahan-renja.yaml``) and, for a share
    ``evaluasi_share`` of them, its evaluation table beside it (a document set for the
    cross-document rules). Rows per plan are uniform in ``rows_range``. ``varied``: each file
    written as people write plans (:func:`vary`: comments, quotes, non-ASCII, folded names,
    empty collections, CRLF). The same arguments give the same files.
    """
    folder = Path(folder)
    rng = random.Random(seed)
    low, high = rows_range
    if not 3 <= low <= high:
        raise ValueError("rows_range must be (low, high) with 3 <= low <= high")
    written: list[Path] = []
    pemda_no = 0
    while len(written) < count:
        pemda_no += 1
        roll = rng.random()
        if roll < 0.06:
            pemda = "Provinsi " + rng.choice(PROVINSI)
        elif roll < 0.25:
            pemda = "Kota " + rng.choice(KOTA)
        else:
            pemda = "Kabupaten " + rng.choice(KABUPATEN)
        tahun = rng.randint(2021, 2025)
        pemda_dir = folder / f"{pemda_no:03d}-{_slug(pemda)}"
        pemda_dir.mkdir(parents=True, exist_ok=True)
        n_pd = rng.randint(30, 50)
        dinas = rng.sample(BIDANG, min(n_pd, len(BIDANG) - 2))
        pds = [(b[2], b) for b in dinas]
        if not pemda.startswith("Provinsi"):
            for name in rng.sample(KECAMATAN, max(0, n_pd - len(pds))):
                pds.append((f"Kecamatan {name}", (KECAMATAN_BIDANG[0], KECAMATAN_BIDANG[1], f"Kecamatan {name}",
                                                   KECAMATAN_BIDANG[3])))
        for pd_no, (pd, bidang) in enumerate(pds, start=1):
            if len(written) >= count:
                break
            plan_seed = rng.getrandbits(64)
            rows = rng.randint(low, high)
            with_eval = rng.random() < evaluasi_share and len(written) + 2 <= count
            structure, render_rng = _structure_for(plan_seed, rows, (tahun, pemda, pd, bidang))
            stem = f"{pd_no:02d}-{_slug(pd)}"
            text, _ = _render_perubahan(structure, render_rng, defect_rate, None)
            if varied:
                text = vary(text, random.Random(plan_seed))
            path = pemda_dir / f"{stem}.perubahan-renja.yaml"
            path.write_bytes(text.encode("utf-8"))  # (bytes: a varied file's CRLF stays as written)
            written.append(path)
            if with_eval:
                text, _ = _render_evaluasi(structure, render_rng, defect_rate, None)
                if varied:
                    text = vary(text, random.Random(plan_seed + 1))
                path = pemda_dir / f"{stem}.evaluasi-renja.yaml"
                path.write_bytes(text.encode("utf-8"))
                written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate synthetic Renja plan files (deterministic in --seed).",
        epilog="Examples: generate.py /tmp/corpus --count 22000 --seed 1;  "
               "generate.py --single 10000 /tmp/plan-10k.yaml",
    )
    parser.add_argument("out_dir", nargs="?", type=Path, help="folder for a corpus")
    parser.add_argument("--count", type=int, default=22000, help="plan files in the corpus (default 22000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--rows-min", type=int, default=40, help="fewest indicator rows per plan (default 40)")
    parser.add_argument("--rows-max", type=int, default=300, help="most indicator rows per plan (default 300)")
    parser.add_argument("--defect-rate", type=float, default=0.02, help="defect probability per site (default 0.02)")
    parser.add_argument("--evaluasi-share", type=float, default=0.1,
                        help="share of perangkat daerah that also get an evaluation table (default 0.1)")
    parser.add_argument("--single", nargs=2, metavar=("ROWS", "OUT_FILE"),
                        help="write one plan of ROWS rows to OUT_FILE")
    parser.add_argument("--jenis", choices=JENIS, default="perubahan-renja", help="with --single: the kind of table")
    parser.add_argument("--style", choices=STYLES, help="with --single: layout (default: drawn from the seed)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.single:
        rows_text, out = args.single
        try:
            rows = int(rows_text)
        except ValueError:
            parser.error(f"--single ROWS must be a number, not {rows_text!r}")
        text = generate_plan(args.seed, rows, args.jenis, args.defect_rate, style=args.style)
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
        print(f"{out}: {args.jenis}, ~{rows} rows, {len(text.encode()) / 1024:.1f} KB "
              f"({time.perf_counter() - start:.1f} s)", file=sys.stderr)
        return 0
    if args.out_dir is None:
        parser.error("give OUT_DIR for a corpus, or --single ROWS OUT_FILE")
    files = write_corpus(args.out_dir, args.count, args.seed, (args.rows_min, args.rows_max),
                         defect_rate=args.defect_rate, evaluasi_share=args.evaluasi_share)
    size = sum(path.stat().st_size for path in files)
    folders = len({path.parent for path in files})
    print(f"{args.out_dir}: {len(files)} plan files in {folders} folders, {size / 2**20:.1f} MB "
          f"({time.perf_counter() - start:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
