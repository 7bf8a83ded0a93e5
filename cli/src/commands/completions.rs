//! `penguin completions SHELL`

use clap::Args;
use clap_complete::Shell;

use crate::CliResult;
use crate::context::Context;

/// Print shell completions, e.g. `penguin completions bash > /etc/bash_completion.d/penguin`.
#[derive(Debug, Args)]
pub struct Completions {
    /// The shell to complete for.
    shell: Shell,
}

impl Completions {
    pub fn run(&self, _ctx: &mut Context) -> CliResult {
        let mut command = crate::command();
        let mut script = Vec::new();
        clap_complete::generate(self.shell, &mut command, "penguin", &mut script);
        crate::output::write(&String::from_utf8_lossy(&script))
    }
}
