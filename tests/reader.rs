//! The report reader on real reports: the acceptance points of the reader,
//! checked on the model that `xxgk-lint dump` prints.

mod common;

use common::{all_reports, cell, dump, seed, value};
use serde_json::{Value, json};

fn rows_of(dump: &Value, table: &str) -> std::collections::BTreeMap<String, usize> {
    let mut rows = std::collections::BTreeMap::new();
    for key in dump["tables"][table]["cells"].as_object().unwrap().keys() {
        let row = key.split('.').next().unwrap().to_string();
        *rows.entry(row).or_default() += 1;
    }
    rows
}

#[test]
fn seed_000_word_layout_with_blank_cells() {
    let d = dump(&seed("000"));
    assert_eq!(d["meta"]["year"], 2019);
    assert_eq!(d["meta"]["template"], "gov-2019");
    assert!(d["meta"]["agency"].as_str().unwrap().contains("白毛坪镇"));
    assert_eq!(value(&d, "active", "normative.made"), 163);
    assert_eq!(value(&d, "active", "procurement.items"), 3254);
    let amount = cell(&d, "active", "procurement.amount");
    assert_eq!(amount["value"], json!(14.8));
    assert_eq!(amount["unit"], "万元");
    // Blank stays blank, never 0.
    let granted = cell(&d, "applications", "granted.natural");
    assert_eq!(granted["value"], Value::Null);
    assert_eq!(granted["text"], "");
    assert_eq!(value(&d, "applications", "results_total.natural"), 0);
    assert_eq!(rows_of(&d, "applications").len(), 23);
    assert_eq!(rows_of(&d, "reviews")["cases"], 15);
}

#[test]
fn seed_001_2021_format_and_split_label() {
    let d = dump(&seed("001"));
    assert_eq!(d["meta"]["year"], 2021);
    for table in ["active", "applications", "reviews"] {
        assert_eq!(d["tables"][table]["template"], "gov-2021", "{table}");
    }
    assert_eq!(value(&d, "applications", "new.natural"), 3);
    assert_eq!(cell(&d, "applications", "new.natural")["line"], 81);
    assert_eq!(value(&d, "applications", "new.total"), 3);
    assert_eq!(value(&d, "applications", "unable_not_held.total"), 3);
    assert_eq!(value(&d, "applications", "results_total.total"), 3);
    // 4.保护第三方合法权 / 益
    for column in [
        "natural",
        "business",
        "research",
        "nonprofit",
        "legal",
        "other",
        "total",
    ] {
        assert_eq!(
            value(&d, "applications", &format!("denied_third_party.{column}")),
            0
        );
    }
    assert_eq!(value(&d, "active", "penalty.decisions"), 237);
    let rows = rows_of(&d, "applications");
    assert_eq!(rows.len(), 25);
    assert!(rows.values().all(|count| *count == 7));
    assert_eq!(
        d["tables"]["reviews"]["cells"].as_object().unwrap().len(),
        15
    );
}

#[test]
fn seed_002_one_cell_per_paragraph_without_headers() {
    let d = dump(&seed("002"));
    assert_eq!(d["meta"]["year"], 2020);
    assert_eq!(d["meta"]["template"], "gov-2019");
    assert_eq!(value(&d, "active", "other_services.prev_items"), 213);
    assert_eq!(value(&d, "active", "other_services.change"), 6);
    assert_eq!(cell(&d, "active", "other_services.change")["text"], "+6");
    assert_eq!(value(&d, "active", "other_services.decisions"), 12253);
    let rows = rows_of(&d, "applications");
    assert_eq!(rows.len(), 23);
    assert!(rows.values().all(|count| *count == 7));
    // The 湖北 row is kept, not dropped and not bound to another row.
    let unknown = d["tables"]["active"]["unrecognised"].as_array().unwrap();
    assert!(
        unknown
            .iter()
            .any(|row| row["text"] == "其他主动公开文件"
                && row["values"] == json!(["35", "35", "35"])),
        "{unknown:?}"
    );
    assert_eq!(
        d["meta"]["period"],
        json!({"start": "2020-01-01", "end": "2020-12-31"})
    );
}

#[test]
fn seed_003_dates_and_five_sections() {
    let d = dump(&seed("003"));
    assert_eq!(d["meta"]["signed"], "2020-01-20");
    assert_eq!(
        d["meta"]["period"],
        json!({"start": "2020-01-01", "end": "2020-12-31"})
    );
    let keys: Vec<&str> = d["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["overall", "active", "applications", "reviews", "problems"]
    );
}

#[test]
fn seed_004_vertical_header_and_split_labels() {
    let d = dump(&seed("004"));
    assert_eq!(value(&d, "active", "licensing.prev_items"), 4);
    assert_eq!(value(&d, "active", "licensing.decisions"), 45);
    let amount = cell(&d, "active", "procurement.amount");
    assert_eq!(amount["value"], json!(1025.2));
    assert_eq!(amount["unit"], "万元");
    let rows = rows_of(&d, "applications");
    assert_eq!(rows.len(), 23);
    assert!(rows.values().all(|count| *count == 7));
}

#[test]
fn corpus_tab_rows_pipe_rows_and_blank_lines() {
    let d = dump("corpus/040.txt");
    assert_eq!(value(&d, "applications", "new.total"), 3119);
    assert_eq!(value(&d, "applications", "carried_in.total"), 34);
    assert_eq!(value(&d, "applications", "results_total.total"), 3050);
    assert_eq!(value(&d, "applications", "carried_out.total"), 103);
    assert_eq!(value(&d, "reviews", "cases.review_total"), 351);
    // Labels split around their values: （二）部分公开（…只计这一情 / values / 形，不计其他情形）
    assert_eq!(value(&d, "applications", "partial.total"), 454);
    assert_eq!(value(&d, "applications", "other_no_fee.total"), 6);
    assert_eq!(rows_of(&d, "applications").len(), 25);

    let d = dump("corpus/010.txt");
    assert_eq!(value(&d, "active", "penalty.decisions"), 1472);

    let d = dump("corpus/031.txt");
    assert_eq!(value(&d, "applications", "new.natural"), 103);
    assert_eq!(value(&d, "applications", "new.total"), 107);
    assert_eq!(value(&d, "applications", "new.legal"), 1);
    assert_eq!(
        cell(&d, "applications", "new.research")["value"],
        Value::Null
    );
}

#[test]
fn scrambled_pdf_tables_are_not_invented() {
    let d = dump("corpus/016.txt");
    let applications = d["tables"]["applications"]["cells"].as_object().unwrap();
    assert!(
        applications.is_empty(),
        "column-major cells were bound: {applications:?}"
    );
    let unknown = d["tables"]["applications"]["unrecognised"]
        .as_array()
        .unwrap();
    assert!(!unknown.is_empty(), "the unbound values are kept");
    // Its 表四 row is intact and is read.
    assert_eq!(value(&d, "reviews", "cases.review_total"), 351);
}

#[test]
fn template_is_detected_per_table() {
    // A 2022 report that still uses the 2019 表二.
    let d = dump("corpus/001.txt");
    assert_eq!(d["meta"]["year"], 2022);
    assert_eq!(d["tables"]["active"]["template"], "gov-2019");
    // A 2022 report with 2021 tables where 行政规范性文件 is written 规范性文件.
    let d = dump("corpus/004.txt");
    assert_eq!(d["tables"]["active"]["template"], "gov-2021");
    assert_eq!(value(&d, "active", "normative.in_force"), 0);
}

#[test]
fn traditional_mirror_copies_bind() {
    let d = dump("corpus/034.txt");
    assert_eq!(value(&d, "active", "licensing.decisions"), 76);
    assert_eq!(cell(&d, "active", "fees.amount")["value"], json!(26.55));
    let d = dump("corpus/006.txt");
    assert_eq!(value(&d, "active", "normative.total"), 19);
    assert_eq!(value(&d, "active", "other_services.decisions"), 165);
}

#[test]
fn every_report_reads_and_dumps() {
    for file in all_reports() {
        let d = dump(&file);
        assert!(d["meta"].is_object(), "{file}");
        assert!(d["tables"].is_object(), "{file}");
    }
}

#[test]
fn headings_in_indented_lines_and_arabic_ordinals_are_found() {
    let text = "测试镇2021年政府信息公开工作年度报告\n\t一、总体情况\n本镇依法公开政府信息。\n\t二、主动公开政府信息情况\n1.收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n（五）存在的主要问题及改进情况\n6、其他需要报告的事项\n无。\n";
    let report = xxgk_lint::model::Report::read(text);
    let keys: Vec<&str> = report.sections.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "overall",
            "active",
            "applications",
            "reviews",
            "problems",
            "other"
        ]
    );
    // A number is not an ordinal.
    let report = xxgk_lint::model::Report::read("1.5万元主动公开政府信息情况\n");
    assert!(report.sections.is_empty());
}
