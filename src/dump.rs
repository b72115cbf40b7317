//! `xxgk-lint dump`: the model as JSON (the contract of design.md, "dump
//! output contract"). Built as explicit JSON values, not by deriving
//! `Serialize` on internal types, so the model can change freely.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use crate::model::{CellValue, DateMention, Report, RowStatus};
use crate::template::index::Quality;

/// The dump of `report` (whose text is `text`).
#[must_use]
pub fn dump(text: &str, report: &Report) -> Value {
    let meta = &report.meta;
    let year = meta.year.as_ref().map(|year| year.value);
    let period = meta.period.as_ref().map(|period| {
        let start_year = period.start.as_ref().and_then(|start| start.year).or(year);
        let date = |mention: Option<&DateMention>, fallback_year: Option<i32>| {
            mention
                .and_then(|mention| mention.resolve(fallback_year))
                .map(|date| date.to_string())
        };
        json!({
            "start": date(period.start.as_ref(), year),
            "end": date(period.end.as_ref(), start_year),
        })
    });
    let meta_json = json!({
        "title": meta.title.as_ref().map(|title| title.text.clone()),
        "year": year,
        "agency": meta.agency.as_ref().map(|agency| agency.name.clone()),
        "agency_kind": meta.agency.as_ref().map(|agency| agency.kind.as_str()),
        "template": report.template,
        "period": period,
        "signed": meta.signed.as_ref().and_then(|signed| signed.date.date).map(|date| date.to_string()),
    });
    let sections: Vec<Value> = report
        .sections
        .iter()
        .map(|section| {
            json!({
                "key": section.key,
                "title": section.title,
                "line": section.line + 1,
            })
        })
        .collect();
    let mut tables = Map::new();
    for table in &report.tables {
        if !table.found {
            tables.insert(table.key.clone(), Value::Null);
            continue;
        }
        let mut cells = Map::new();
        for cell in &table.cells {
            let (value, unit) = match &cell.value {
                // The unit the report writes (in the cell or its header),
                // never silently the format's.
                CellValue::Number(quantity) => (
                    number(quantity.value),
                    quantity.unit.clone().or_else(|| cell.stated_unit.clone()),
                ),
                _ => (Value::Null, None),
            };
            cells.insert(
                cell.key.clone(),
                json!({
                    "text": cell.text,
                    "value": value,
                    "unit": unit,
                    "line": cell.line + 1,
                }),
            );
        }
        let unrecognised: Vec<Value> = table
            .unrecognised
            .iter()
            .map(|unknown| {
                json!({
                    "text": unknown.label.as_ref().map(|span| text[span.clone()].to_string()),
                    "line": unknown.line + 1,
                    "values": unknown.values.iter().map(|span| text[span.clone()].to_string()).collect::<Vec<_>>(),
                    "reason": match unknown.reason {
                        crate::model::UnrecognisedReason::UnknownRow => "unknown-row",
                        crate::model::UnrecognisedReason::Duplicate => "duplicate-row",
                        crate::model::UnrecognisedReason::Stray => "stray-values",
                        crate::model::UnrecognisedReason::Ambiguous => "ambiguous-row",
                    },
                })
            })
            .collect();
        let rows: Vec<Value> = table
            .rows
            .iter()
            .map(|row| {
                json!({
                    "key": row.key,
                    "label": row.label.as_ref().map(|span| text[span.clone()].to_string()),
                    "line": row.line + 1,
                    "status": match row.status {
                        RowStatus::Complete => "complete",
                        RowStatus::Short => "short",
                        RowStatus::Empty => "empty",
                        RowStatus::Ambiguous => "ambiguous",
                    },
                    "values": row.found,
                    "columns": row.expected,
                    "label_match": match row.quality {
                        Quality::Exact => "exact",
                        Quality::Variant => "variant",
                        Quality::Annotated => "annotated",
                        Quality::Typo => "typo",
                        Quality::Partial => "partial",
                    },
                })
            })
            .collect();
        let reading = &table.reading;
        tables.insert(
            table.key.clone(),
            json!({
                "template": table.template,
                "reading": {
                    "certain": !reading.uncertain,
                    "rows": reading.rows,
                    "incomplete_rows": reading.incomplete_rows,
                    "bound_values": reading.bound_values,
                    "stray_values": reading.stray_values,
                },
                "rows": rows,
                "cells": cells,
                "unrecognised": unrecognised,
            }),
        );
    }
    json!({
        "meta": meta_json,
        "sections": sections,
        "tables": tables,
    })
}

/// A decimal as a JSON number: integers stay integers; decimals use the
/// shortest representation that reads back as the same value.
#[must_use]
pub fn number(value: Decimal) -> Value {
    let value = value.normalize();
    if value.scale() == 0
        && let Ok(integer) = i64::try_from(value)
    {
        return Value::from(integer);
    }
    value
        .to_string()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}
