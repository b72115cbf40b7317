//! Micro-benchmarks: reading (parse, model) and the whole lint of one seed
//! report, the re-lint of a 3,000-line report (what an editor does on every
//! change), and building the linter (compiling the packs, once per run).
//!
//! `cargo bench --bench lint`; see docs/performance.md.

#[path = "../examples/gen_corpus/generate.rs"]
mod generate;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use xxgk_lint::{FileOptions, Linter, syntax};

const SEED: &str = include_str!("../tests/fixtures/seeds/001_b68246f228e475c5.txt");

fn seed(c: &mut Criterion) {
    let linter = Linter::builtin().unwrap();
    let options = FileOptions::default();
    let mut group = c.benchmark_group("seed-001");
    group.throughput(Throughput::Bytes(SEED.len() as u64));
    group.bench_function("parse", |b| b.iter(|| syntax::parse(black_box(SEED))));
    group.bench_function("read", |b| {
        b.iter(|| linter.read(black_box(SEED), &options))
    });
    group.bench_function("lint", |b| {
        b.iter(|| linter.lint(black_box(SEED), &options))
    });
    group.finish();
}

fn long(c: &mut Criterion) {
    let linter = Linter::builtin().unwrap();
    let options = FileOptions::default();
    let text = generate::long_report();
    let mut group = c.benchmark_group("report-3000-lines");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("parse", |b| b.iter(|| syntax::parse(black_box(&text))));
    group.bench_function("read", |b| {
        b.iter(|| linter.read(black_box(&text), &options))
    });
    group.bench_function("lint", |b| {
        b.iter(|| linter.lint(black_box(&text), &options))
    });
    group.finish();
}

fn startup(c: &mut Criterion) {
    c.bench_function("linter-builtin", |b| b.iter(|| Linter::builtin().unwrap()));
}

criterion_group!(benches, seed, long, startup);
criterion_main!(benches);
