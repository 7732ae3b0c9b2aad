//! `--clean DIR` and `--texts DIR`: one text of each document, as a file named after its id.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

use anyhow::Context;
use unspun_core::PreparedDocument;

/// Which text of a document is written.
#[derive(Debug, Clone, Copy)]
pub enum Written {
    /// The body text, boilerplate stripped (`--clean`).
    Clean,
    /// The text passage offsets point into (`--texts`): for HTML, the page's extracted text.
    Scanned,
}

/// Writes one text of every document below `dir`.
pub fn write_texts(
    dir: &Path,
    documents: &[PreparedDocument],
    written: Written,
) -> anyhow::Result<()> {
    for doc in documents {
        let path = dir.join(file_name(&doc.doc.id));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        let text = doc.text().with_context(|| format!("reading the text of {}", doc.doc.id))?;
        let contents = match written {
            Written::Clean => Cow::Owned(doc.clean_text(&text)),
            Written::Scanned => text,
        };
        std::fs::write(&path, contents.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// A safe relative file name for an id: path separators kept, anything that could escape the
/// directory or confuse a file system replaced by `_`, and `.txt` appended when missing.
fn file_name(id: &str) -> PathBuf {
    let safe: String = id
        .chars()
        .map(|c| if c.is_alphanumeric() || "._-/".contains(c) { c } else { '_' })
        .collect();
    let mut path: PathBuf = Path::new(&safe)
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part),
            _ => None,
        })
        .collect();
    if path.as_os_str().is_empty() {
        path = PathBuf::from("_");
    }
    if path.extension().is_none_or(|e| e != "txt") {
        let mut name = path.into_os_string();
        name.push(".txt");
        path = PathBuf::from(name);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::file_name;
    use std::path::PathBuf;

    #[test]
    fn ids_become_safe_relative_paths() {
        assert_eq!(file_name("sub/a.txt"), PathBuf::from("sub/a.txt"));
        assert_eq!(file_name("../../etc/passwd"), PathBuf::from("etc/passwd.txt"));
        assert_eq!(file_name("https://x.org/a?b=1"), PathBuf::from("https_/x.org/a_b_1.txt"));
        assert_eq!(file_name("page.html"), PathBuf::from("page.html.txt"));
    }
}
