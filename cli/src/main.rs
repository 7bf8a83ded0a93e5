//! `penguin`: see the crate documentation of `penguin_cli`.

fn main() -> std::process::ExitCode {
    penguin_cli::main()
}
