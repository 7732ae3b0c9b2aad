//! Who may write: a bearer token guards every request that changes the index.

use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};

use crate::error::ApiError;

/// The write policy of a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteAccess {
    /// Writes need `Authorization: Bearer TOKEN`.
    Token(String),
    /// Anyone may write (only allowed on a loopback address).
    Open,
    /// No writes at all.
    ReadOnly,
}

impl WriteAccess {
    /// Whether `headers` carry the right to write.
    pub fn authorize(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        match self {
            WriteAccess::Open => Ok(()),
            WriteAccess::ReadOnly => {
                Err(ApiError::new(StatusCode::FORBIDDEN, "read_only", "this server is read-only"))
            }
            WriteAccess::Token(token) => {
                let given =
                    headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(bearer_token);
                match given {
                    Some(given) if same_secret(given.trim(), token) => Ok(()),
                    _ => Err(ApiError::new(
                        StatusCode::UNAUTHORIZED,
                        "unauthorized",
                        "writes need \"Authorization: Bearer TOKEN\"",
                    )),
                }
            }
        }
    }
}

/// The token of an `Authorization: Bearer TOKEN` value (the scheme in any case).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

/// Compares secrets in time independent of where they first differ.
fn same_secret(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bearer(token: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
        headers
    }

    #[test]
    fn tokens_must_match_exactly() {
        let access = WriteAccess::Token("s3cret".into());
        assert!(access.authorize(&bearer("s3cret")).is_ok());
        let mut lower = HeaderMap::new();
        lower.insert(AUTHORIZATION, "bearer s3cret".parse().unwrap());
        assert!(access.authorize(&lower).is_ok());
        assert_eq!(access.authorize(&bearer("s3cre")).unwrap_err().code, "unauthorized");
        assert_eq!(access.authorize(&bearer("s3cret!")).unwrap_err().code, "unauthorized");
        assert_eq!(access.authorize(&HeaderMap::new()).unwrap_err().code, "unauthorized");
        assert_eq!(WriteAccess::ReadOnly.authorize(&bearer("x")).unwrap_err().code, "read_only");
    }
}
