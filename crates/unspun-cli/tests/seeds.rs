//! Acceptance check on the real case in `../shared/seeds`: a spun copy and a syndicated copy
//! of one wire story, each with site boilerplate (see that folder's README).

mod harness;

use std::path::PathBuf;

use harness::{unspun, workspace};

const SPUN: &str = "000_7ea8b2ff5b7f7937.txt";
const SYNDICATED: &str = "004_3ebbed298208e882.txt";
/// First line of the syndicated copy's comment-policy block.
const POLICY_START: &str = "Why are you making commenting on The Herald";

fn seeds() -> Option<PathBuf> {
    let dir = workspace().join("../shared/seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "../shared/seeds is missing on CI");
    eprintln!("skipping: ../shared/seeds not present");
    None
}

/// Byte ranges of the non-empty lines of `text`.
fn lines(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            out.push((start, start + line.trim_end().len(), trimmed));
        }
        start += line.len();
    }
    out
}

#[test]
fn seed_pair_is_spun_aligned_flagged_and_cleaned() {
    let Some(dir) = seeds() else { return };
    let clean = tempfile::tempdir().unwrap();
    let run = unspun(&[
        "scan",
        dir.to_str().unwrap(),
        "--quiet",
        "--clean",
        clean.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pairs = run.json_lines();
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    let pair = &pairs[0];
    assert_eq!((pair["a"].as_str(), pair["b"].as_str()), (Some(SPUN), Some(SYNDICATED)));
    assert_eq!(pair["relation"], "spun");
    assert!(pair["flags"].as_array().unwrap().iter().any(|f| f == "altered_quote"), "{pair}");
    assert!(pair["aligned_sentences"].as_u64().unwrap() >= 14);
    // Each copy carries its own edits (house style, a spinner's wording): neither is the
    // other's source.
    assert!(pair["source"].is_null(), "{pair}");
    assert!(pair["flags"].as_array().unwrap().iter().any(|f| f == "common_original"), "{pair}");

    let syndicated = std::fs::read_to_string(dir.join(SYNDICATED)).unwrap();
    let body: Vec<(usize, usize, &str)> = lines(&syndicated)
        .into_iter()
        .take_while(|(_, _, l)| !l.starts_with(POLICY_START))
        .collect();
    assert_eq!(body.len(), 16);
    let passages = pair["passages"].as_array().unwrap();
    let aligned = body
        .iter()
        .filter(|(start, end, _)| {
            passages.iter().any(|p| {
                let (ps, pe) =
                    (p["b"][0].as_u64().unwrap() as usize, p["b"][1].as_u64().unwrap() as usize);
                ps < *end && pe > *start
            })
        })
        .count();
    assert!(aligned >= 14, "only {aligned} of 16 body paragraphs aligned");

    let spun = std::fs::read_to_string(dir.join(SPUN)).unwrap();
    let spun_lines = lines(&spun);
    let last_body =
        spun_lines.iter().rposition(|(_, _, l)| l.split_whitespace().count() > 12).unwrap();
    let mut boilerplate: Vec<&str> = spun_lines[last_body + 1..].iter().map(|l| l.2).collect();
    assert_eq!(boilerplate.len(), 5, "Click to comment ... To Top");
    boilerplate.push(spun_lines[0].2);
    let policy: Vec<(usize, usize, &str)> = lines(&syndicated).into_iter().skip(16).collect();
    assert_eq!(policy.len(), 13, "the comment-policy block");
    boilerplate.extend(policy.iter().map(|l| l.2));
    for (file, id) in [(SPUN, SPUN), (SYNDICATED, SYNDICATED)] {
        let cleaned = std::fs::read_to_string(clean.path().join(id)).unwrap();
        let cleaned_lines: Vec<&str> = cleaned.lines().map(str::trim).collect();
        for line in &boilerplate {
            assert!(!cleaned_lines.contains(line), "{file}: boilerplate line kept: {line}");
        }
        assert!(cleaned.len() > 2500, "{file}: body text lost");
    }
}
