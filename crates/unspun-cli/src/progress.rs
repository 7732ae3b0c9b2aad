//! The progress bar on standard error, shown only when it is a terminal, and the clock of the
//! run's steps that the summary reports.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use unspun_core::{Progress, Stage};

/// Shows the current stage and its progress, and notes when each step began.
pub struct Bar {
    bar: Option<ProgressBar>,
    steps: Mutex<Vec<(&'static str, Instant)>>,
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
        Bar { bar, steps: Mutex::new(Vec::new()) }
    }

    /// Notes that the step `name` begins now, without drawing anything.
    pub fn mark(&self, name: &'static str) {
        if let Ok(mut steps) = self.steps.lock() {
            steps.push((name, Instant::now()));
        }
    }

    /// How long each step took, in order, the last one ending now.
    pub fn step_times(&self) -> Vec<(&'static str, Duration)> {
        let steps = self.steps.lock().map(|steps| steps.clone()).unwrap_or_default();
        let ends = steps.iter().skip(1).map(|&(_, start)| start).chain([Instant::now()]);
        steps.iter().zip(ends).map(|(&(name, start), end)| (name, end - start)).collect()
    }

    /// Removes the bar from the screen.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// Starts a named step of items whose total is not known: a running count.
    pub fn count(&self, name: &'static str) {
        self.mark(name);
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
        self.mark(name);
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
