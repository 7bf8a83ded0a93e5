//! The migrations are embedded in the crate (`sqlx::migrate!`); a new or changed migration
//! must rebuild it even when no source file changed.

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
