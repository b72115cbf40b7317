//! `docs/openapi.json` describes the service as it is: every route the
//! router serves and no other, examples that validate against their
//! schemas, and live answers of the service that validate too.
#![cfg(feature = "serve")]

mod common;
#[path = "common/server.rs"]
mod server;

use std::collections::BTreeSet;

use serde_json::{Value, json};
use server::Server;

fn openapi() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

#[test]
fn every_route_is_described_and_nothing_else() {
    let doc = openapi();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut described = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            if item.get(method).is_some() {
                described.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    let served: BTreeSet<(String, String)> = xxgk_lint::serve::ROUTES
        .iter()
        .map(|route| (route.method.to_string(), route.path.to_string()))
        .collect();
    assert_eq!(described, served);
    // The routes that need the token are those that say so.
    for route in xxgk_lint::serve::ROUTES {
        let operation = &doc["paths"][route.path][route.method.to_lowercase()];
        let open = operation["security"] == json!([]);
        assert_eq!(open, !route.protected, "{route:?}");
        assert_eq!(
            operation["responses"].get("401").is_some(),
            route.protected,
            "{route:?} documents 401 when it needs the token"
        );
    }
}

/// A validator for `schema`, whose `$ref`s point into the document's
/// components.
fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = schema.clone();
    root.as_object_mut()
        .unwrap()
        .insert("components".to_string(), doc["components"].clone());
    jsonschema::validator_for(&root).unwrap()
}

fn assert_valid(doc: &Value, schema: &Value, instance: &Value, what: &str) {
    let validator = validator(doc, schema);
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

#[test]
fn examples_validate_against_their_schemas() {
    let doc = openapi();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                let Some(content) = response["content"].as_object() else {
                    continue;
                };
                for (media, body) in content {
                    let what = format!("{method} {path} {status} {media}");
                    let mut examples: Vec<&Value> = body.get("example").into_iter().collect();
                    if let Some(named) = body["examples"].as_object() {
                        examples.extend(named.values().map(|example| &example["value"]));
                    }
                    for example in examples {
                        assert_valid(&doc, &body["schema"], example, &what);
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked >= 15, "{checked} examples");
    // A schema that accepts anything would pass too: it must refuse.
    let check = &doc["paths"]["/api/v1/check"]["post"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    let validator = validator(&doc, check);
    assert!(!validator.is_valid(&json!({ "version": 2, "files": [], "summary": {} })));
}

/// The schema the description gives for an answer.
fn schema<'a>(doc: &'a Value, path: &str, method: &str, status: u16, media: &str) -> &'a Value {
    let schema =
        &doc["paths"][path][method]["responses"][status.to_string()]["content"][media]["schema"];
    assert!(
        schema.is_object(),
        "{method} {path} {status} {media} is described"
    );
    schema
}

#[test]
fn live_answers_validate_against_their_schemas() {
    let doc = openapi();
    let server = Server::start(&["--isolated"]);
    let check = "/api/v1/check";
    let seed = common::read_fixture(&common::seed("003"));
    let docx = std::fs::read(common::fixture("inputs/seed-001.docx")).unwrap();
    let json_schema = schema(&doc, check, "post", 200, "application/json");
    for (query, name, bytes) in [
        ("", "r.txt", seed.as_bytes()),
        ("?model=1", "r.txt", seed.as_bytes()),
        ("?model=1&lang=en", "r.docx", &docx[..]),
        ("", "r.docx", &docx[..]),
    ] {
        let answer = server.upload(&format!("{check}{query}"), name, bytes, &[]);
        assert_eq!(answer.status, 200);
        assert_valid(
            &doc,
            json_schema,
            &answer.json(),
            &format!("check{query} {name}"),
        );
    }
    let sarif = server.upload(
        &format!("{check}?format=sarif"),
        "r.txt",
        seed.as_bytes(),
        &[],
    );
    assert_valid(
        &doc,
        schema(&doc, check, "post", 200, "application/sarif+json"),
        &sarif.json(),
        "sarif",
    );
    for (status, answer) in [
        (415, server.upload(check, "r.pdf", b"%PDF-1.5", &[])),
        (422, server.upload(check, "r.docx", b"not a zip", &[])),
        (
            400,
            server.upload(&format!("{check}?format=x"), "r.txt", b"x", &[]),
        ),
    ] {
        assert_eq!(answer.status, status);
        assert_valid(
            &doc,
            schema(&doc, check, "post", status, "application/json"),
            &answer.json(),
            &format!("check {status}"),
        );
    }
    // The annotated copy is of the type described; a text is refused as
    // described.
    let annotate = "/api/v1/annotate";
    let copy = server.upload(annotate, "r.docx", &docx, &[]);
    assert_eq!(copy.status, 200);
    let media = copy.header("content-type").unwrap();
    assert!(
        doc["paths"][annotate]["post"]["responses"]["200"]["content"][media].is_object(),
        "{media} is described"
    );
    let refused = server.upload(annotate, "r.txt", seed.as_bytes(), &[]);
    assert_eq!(refused.status, 415);
    assert_valid(
        &doc,
        schema(&doc, annotate, "post", 415, "application/json"),
        &refused.json(),
        "annotate 415",
    );
    let rules = server.get("/api/v1/rules", &[]);
    assert_valid(
        &doc,
        schema(&doc, "/api/v1/rules", "get", 200, "application/json"),
        &rules.json(),
        "rules",
    );
    for code in ["GK302", "GK999"] {
        let answer = server.get(&format!("/api/v1/rules/{code}"), &[]);
        assert_valid(
            &doc,
            schema(
                &doc,
                "/api/v1/rules/{code}",
                "get",
                answer.status,
                "application/json",
            ),
            &answer.json(),
            code,
        );
    }
    let health = server.get("/healthz", &[]);
    assert_valid(
        &doc,
        schema(&doc, "/healthz", "get", 200, "application/json"),
        &health.json(),
        "healthz",
    );
}
