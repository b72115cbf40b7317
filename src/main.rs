//! The `xxgk-lint` binary: parse arguments, run, map the outcome to an exit
//! code (0 clean, 1 findings at error severity, 2 usage or I/O failure).

use std::process::ExitCode;

fn main() -> ExitCode {
    xxgk_lint::cli::main()
}
