//! One module per noun; the file path mirrors the command.

pub mod admin;
pub mod analytics;
pub mod audit;
pub mod campaign;
pub mod completions;
pub mod events;
pub mod leads;
pub mod migrate;
pub mod queue;
pub mod tenant;
pub mod workspace;

use penguin_core::page::{Page, PageRequest};
use penguin_core::types::Name;

use crate::{CliError, CliResult, exit};

/// Checks a name argument.
pub(crate) fn name(flag: &str, value: &str) -> CliResult<Name> {
    Name::parse(flag, value)
        .map_err(|err| CliError::new(exit::INVALID, format!("--{flag}: {}", err.message)))
}

/// Fetches every page of a list, up to `limit` items.
pub(crate) async fn collect<T, F, Fut>(limit: u32, mut fetch: F) -> CliResult<Vec<T>>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = penguin_core::Result<Page<T>>>,
{
    let limit = limit as usize;
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let want = (limit - items.len()).min(penguin_core::page::MAX_LIMIT as usize) as u32;
        let request = PageRequest::parse(Some(want), cursor.as_deref())?;
        let page = fetch(request).await?;
        items.extend(page.data);
        match page.next_cursor {
            Some(next) if items.len() < limit => cursor = Some(next),
            _ => return Ok(items),
        }
    }
}
