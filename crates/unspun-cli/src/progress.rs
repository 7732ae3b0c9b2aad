//! The progress bar on standard error, shown only when it is a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};
use unspun_core::{Progress, Stage};

/// Shows the current stage and its progress.
pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    /// A bar, drawn only if standard error is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> Self {
        let visible = !quiet && std::io::stderr().is_terminal();
        let bar = visible.then(|| {
            let bar = ProgressBar::new(0);
            let style =
                ProgressStyle::with_template("{prefix:>12} [{bar:30}] {pos}/{len} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            bar.set_style(style);
            bar
        });
        Bar { bar }
    }

    /// Removes the bar from the screen.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// Starts a named step of items whose total is not known: a running count.
    pub fn count(&self, name: &'static str) {
        if let Some(bar) = &self.bar {
            let style = ProgressStyle::with_template("{prefix:>12} {pos} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.set_prefix(name);
            bar.set_position(0);
        }
    }

    /// Starts a named step of `total` items.
    pub fn step(&self, name: &'static str, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_prefix(name);
            bar.set_length(total as u64);
            bar.set_position(0);
        }
    }
}

impl Progress for Bar {
    fn start(&self, stage: Stage, total: usize) {
        let name = match stage {
            Stage::Analyze => "analyzing",
            Stage::Boilerplate => "boilerplate",
            Stage::Candidates => "candidates",
            Stage::Verify => "aligning",
        };
        self.step(name, total);
    }

    fn advance(&self, n: usize) {
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
        }
    }
}
