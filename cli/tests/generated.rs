//! The committed completions (`completions/`) and man pages (`man/`) match the clap definitions.
//! Run with `PENGUIN_BLESS=1` to regenerate them after changing the command line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap_complete::Shell;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// Every generated file, by path relative to the workspace root.
fn generate() -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for (shell, name) in [
        (Shell::Bash, "penguin.bash"),
        (Shell::Zsh, "_penguin"),
        (Shell::Fish, "penguin.fish"),
        (Shell::Elvish, "penguin.elv"),
        (Shell::PowerShell, "penguin.ps1"),
    ] {
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut penguin_cli::command(), "penguin", &mut out);
        files.insert(PathBuf::from("completions").join(name), out);
    }
    let mut command = penguin_cli::command();
    command.build();
    man_pages(&command, "penguin", &mut files);
    files
}

fn man_pages(command: &clap::Command, name: &str, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
    let mut out = Vec::new();
    let page = command.clone().name(name.to_owned());
    clap_mangen::Man::new(page)
        .render(&mut out)
        .expect("render man page");
    files.insert(PathBuf::from("man").join(format!("{name}.1")), out);
    for sub in command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        man_pages(sub, &format!("{name}-{}", sub.get_name()), files);
    }
}

#[test]
fn completions_and_man_pages_are_fresh() {
    let root = root();
    let files = generate();
    if std::env::var_os("PENGUIN_BLESS").is_some() {
        for dir in ["completions", "man"] {
            let _ = std::fs::remove_dir_all(root.join(dir));
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        for (path, contents) in &files {
            std::fs::write(root.join(path), contents).unwrap();
        }
        return;
    }
    let mut stale = Vec::new();
    for (path, contents) in &files {
        if std::fs::read(root.join(path)).ok().as_deref() != Some(contents.as_slice()) {
            stale.push(path.display().to_string());
        }
    }
    for dir in ["completions", "man"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = Path::new(dir).join(entry.unwrap().file_name());
            if !files.contains_key(&path) {
                stale.push(format!("{} (no longer generated)", path.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files; run `PENGUIN_BLESS=1 cargo test -p penguin-cli --test generated`: {stale:?}"
    );
}

#[test]
fn every_command_has_a_man_page_and_completion() {
    let files = generate();
    let bash = String::from_utf8(files[Path::new("completions/penguin.bash")].clone()).unwrap();
    for page in [
        "penguin-admin-keys-create",
        "penguin-tenant-delete",
        "penguin-workspace-ls",
        "penguin-audit-ls",
        "penguin-migrate",
        "penguin-completions",
    ] {
        assert!(
            files.contains_key(&PathBuf::from(format!("man/{page}.1"))),
            "{page}"
        );
        assert!(
            bash.contains(&page.replace('-', "__subcmd__")),
            "{page} not in bash completions"
        );
    }
}
