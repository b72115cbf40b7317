//! Snapshots of `check` output for the seed reports, in the human (miette,
//! no colour, 80 columns) and JSON formats.

mod common;

use xxgk_lint::render::{self, FileResult};
use xxgk_lint::{FileOptions, Linter};

#[test]
fn seed_outputs() {
    let linter = Linter::builtin().unwrap();
    for prefix in ["000", "001", "002", "003", "004"] {
        let file = common::seed(prefix);
        let text = common::read_fixture(&file);
        let linted = linter.lint(&text, &FileOptions::default());
        let result = FileResult {
            path: &file,
            text: &text,
            report: Some(&linted.report),
            diagnostics: &linted.diagnostics,
        };
        let human = render::human::render(
            &result,
            render::human::Style {
                color: false,
                width: 80,
                ..render::human::Style::default()
            },
        );
        insta::assert_snapshot!(format!("check_human_{prefix}"), human);
        insta::assert_json_snapshot!(
            format!("check_json_{prefix}"),
            render::json::render(&[result])
        );
    }
}
