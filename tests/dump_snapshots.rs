//! Snapshots of `dump` for the five seed reports: any change in what the
//! reader finds shows up in review (`cargo insta review`).

mod common;

#[test]
fn seed_dumps() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let file = common::seed(prefix);
        let dump = common::dump(&file);
        insta::assert_json_snapshot!(format!("dump_seed_{prefix}"), dump);
    }
}
