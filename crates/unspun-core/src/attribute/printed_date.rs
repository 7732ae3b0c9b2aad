//! Publication dates a page prints about itself: "By Ana Ruiz | Published August 6, 2025",
//! "Posted on 6 Aug 2025". A document read without a stated date (a folder of text files, a
//! JSONL record without `date`) still says when it appeared, and that day orders a pair as a
//! stated date does.
//!
//! Only a line's own publication note counts: the cue word ("Published", "Posted", or "First
//! published") opens the line or follows a separator of a byline (`|`, `•`, `·`, `—`, `–`),
//! and the date follows it. A story sentence that cites a date ("The study, published March
//! 3, 2024, found ...") has its cue mid-sentence and is not read; neither is an "Updated" note,
//! which is not the day the page appeared. Above the story, a date needs no cue: a line that
//! holds a date and nothing else, or a byline's part that does ("By Ana Ruiz | Nov. 19, 2019,
//! 07:47 PM EST"), dates the page.
//!
//! A page's address says it too: news sites file each story under the day it ran
//! (`/2019/11/18/slug`, `/2019/nov/18/slug`, `/story/2019-11-19/slug`). Only a year, a month and
//! a day that exists, as three path segments in that order or as one `YYYY-MM-DD` segment,
//! count: a year with its month alone files an archive page, and numbers elsewhere are ids.

use chrono::{Month, NaiveDate, Weekday};
use memchr::memmem;

use crate::lexicon;

/// Cue words, lowercase; a line is searched for them from their second letter on, so one
/// search finds "Published" and "published" alike.
const CUES: [&str; 2] = ["published", "posted"];

/// Characters that separate the parts of a byline.
const SEPARATORS: [char; 5] = ['|', '•', '·', '—', '–'];

/// A word that may open a note before its cue: "First published on Thu 6 Aug 2025".
const CUE_OPENER: &str = "first";

/// Lines longer than this are prose, not a byline.
const MAX_LINE_WORDS: usize = 30;

/// Lines at the head of a text searched for a date of its own.
const HEAD_LINES: usize = 12;

/// Words a date line may hold after the date: a time and its zone ("07:47 PM EST").
const MAX_TIME_WORDS: usize = 3;

/// The first publication date the text prints about itself, if any.
pub fn printed_date(text: &str) -> Option<NaiveDate> {
    let starts = |cue: &'static str| {
        let rest = memmem::find_iter(text.as_bytes(), &cue.as_bytes()[1..]);
        rest.filter_map(move |at| Some((at.checked_sub(1)?, cue)))
    };
    CUES.into_iter()
        .flat_map(starts)
        .filter_map(|(at, cue)| date_after_cue(text, at, cue))
        .chain(heading_date(text))
        .min_by_key(|&(at, _)| at)
        .map(|(_, date)| date)
}

/// A date that heads the text on a line of its own ("Tuesday 19 November 2019 07.47 GMT"), or
/// in a part of a byline of its own ("By Ana Ruiz | November 19, 2019"), with where its line
/// starts. Only the lines above the story are read: the first line of prose ends the search.
fn heading_date(text: &str) -> Option<(usize, NaiveDate)> {
    let mut start = 0;
    for line in text.split_inclusive('\n').take(HEAD_LINES) {
        let at = start;
        start += line.len();
        if line.split_whitespace().count() > MAX_LINE_WORDS {
            return None;
        }
        let line = line.trim();
        let date = match line.strip_prefix("By ") {
            Some(byline) => byline.split(SEPARATORS).skip(1).find_map(date_alone),
            None => date_alone(line),
        };
        if let Some(date) = date {
            return Some((at, date));
        }
    }
    None
}

/// The date `part` holds with nothing else but a weekday before it and a time after it.
fn date_alone(part: &str) -> Option<NaiveDate> {
    standing_date(part).map(|(date, _)| date)
}

/// A day written with its month's name, and nothing else but a weekday before it and a time
/// after it: "Tuesday, October 14, 2026", "Oct. 14, 2026, 07:47 PM EST", "14 Oct 2026". The
/// time is not read: its zone is a local abbreviation, so only the day is sure.
pub fn day_in_words(text: &str) -> Option<NaiveDate> {
    standing_date(text).filter(|&(_, named)| named).map(|(date, _)| date)
}

/// The date `part` holds with nothing else but a weekday before it and a time after it, and
/// whether it names its month.
fn standing_date(part: &str) -> Option<(NaiveDate, bool)> {
    let words = date_words(part).collect::<Vec<_>>();
    let weekday = words.first().is_some_and(|w| w.parse::<Weekday>().is_ok());
    let words = &words[usize::from(weekday)..];
    let date = date_of(words)?;
    let named = numeric_date(words[0]).is_none();
    let after = &words[if named { 3 } else { 1 }..];
    let time_only = after.len() <= MAX_TIME_WORDS && after.iter().all(|w| is_time_word(w));
    time_only.then_some((date, named))
}

/// Whether a word belongs to a time of day: digits ("07:47", "10.32", "@17:19"), a zone or
/// half of the day in capitals ("EST", "PM"), or "am"/"pm".
fn is_time_word(word: &str) -> bool {
    let word = word.trim_start_matches('@');
    let capitals = (2..=4).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase());
    word.starts_with(|c: char| c.is_ascii_digit())
        || capitals
        || ["am", "pm", "a.m", "p.m"].contains(&word)
}

/// The words of `text` as dates are read: split at spaces and commas, colons and dots trimmed.
fn date_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_matches(|c: char| c == ':' || c == '.'))
        .filter(|w| !w.is_empty())
}

/// The day a page's address files it under, if any (see the module's notes).
pub fn address_date(address: &str) -> Option<NaiveDate> {
    let address = url::Url::parse(address).ok()?;
    let segments: Vec<&str> = address.path_segments()?.collect();
    let filed = |run: &[&str]| match run {
        [year, month, day] => {
            let month = match month.parse::<u32>() {
                Ok(number) if month.len() <= 2 => number,
                _ if month.len() >= 3 => month_number(month)?,
                _ => return None,
            };
            calendar_date(year, month, day)
        }
        _ => None,
    };
    let dashed = |segment: &&str| match segment.split('-').collect::<Vec<_>>()[..] {
        [year, month, day] if month.len() == 2 && day.len() == 2 => {
            calendar_date(year, month.parse().ok()?, day)
        }
        _ => None,
    };
    segments.windows(3).find_map(filed).or_else(|| segments.iter().find_map(dashed))
}

/// The date noted by the cue word that starts at byte `at`, with `at` itself, when the cue is
/// a whole word that opens its line or follows a byline separator.
fn date_after_cue(text: &str, at: usize, cue: &str) -> Option<(usize, NaiveDate)> {
    let word = text.get(at..at + cue.len())?;
    if !word.eq_ignore_ascii_case(cue) {
        return None;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    if !opens_part(&text[line_start..at]) || line.split_whitespace().count() > MAX_LINE_WORDS {
        return None;
    }
    let after = &text[at + cue.len()..line_end];
    if after.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    date_at_start(after).map(|date| (at, date))
}

/// Whether a cue preceded by `before` on its line opens a part of the line: nothing but a
/// byline separator, or nothing at all, stands before it and its opener ("First").
fn opens_part(before: &str) -> bool {
    let before = before.trim_end();
    let opener_at = before.len().saturating_sub(CUE_OPENER.len());
    let before = match before.get(opener_at..) {
        Some(word) if word.eq_ignore_ascii_case(CUE_OPENER) => before[..opener_at].trim_end(),
        _ => before,
    };
    before.is_empty() || before.ends_with(SEPARATORS)
}

/// Words after the cue a date may sit behind: "on", a weekday, a time and its zone
/// ("Published: 10:32 BST, 6 August 2025").
const WORDS_BEFORE_DATE: usize = 4;

/// The date among the first words of `text`: "August 6, 2025", "Aug. 6, 2025", "6 August
/// 2025", or one written in digits (see [`numeric_date`]), after at most [`WORDS_BEFORE_DATE`]
/// other words.
fn date_at_start(text: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = date_words(text).take(WORDS_BEFORE_DATE + 3).collect();
    (0..words.len().min(WORDS_BEFORE_DATE + 1)).find_map(|start| date_of(&words[start..]))
}

/// The date `words` open with, if they do.
fn date_of(words: &[&str]) -> Option<NaiveDate> {
    let first = words.first()?;
    if let Some(date) = numeric_date(first) {
        return Some(date);
    }
    let [first, second, year, ..] = words else { return None };
    match month_number(first) {
        Some(month) => calendar_date(year, month, second),
        None => calendar_date(year, month_number(second)?, first),
    }
}

/// A date written in digits. The year first ("2025-08-06", "2025/08/06") puts the month
/// next. Before a four-digit year, dots put the day first ("6.8.2025"), as where they are
/// written; slashes and dashes are written day first in some countries and month first in
/// others, so such a date is read only when one order alone names a real day ("16/08/2025"
/// and "08/16/2025" are 16 August; "06/08/2025" is June or August, and not read). A time
/// joined to the date by `T`, as ISO 8601 writes it ("2026-01-31T09:12Z"), is set aside.
fn numeric_date(word: &str) -> Option<NaiveDate> {
    let word = match word.split_once('T') {
        Some((date, time)) if time.starts_with(|c: char| c.is_ascii_digit()) => date,
        _ => word,
    };
    let separator = word.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = word.split(separator).collect();
    let [first, second, third] = parts[..] else { return None };
    let month = |part: &str| part.parse::<u32>().ok().filter(|_| (1..=2).contains(&part.len()));
    if first.len() == 4 {
        return calendar_date(first, month(second)?, third);
    }
    let day_first = calendar_date(third, month(second)?, first);
    if separator == '.' {
        return day_first;
    }
    let month_first = calendar_date(third, month(first)?, second);
    match (day_first, month_first) {
        (Some(date), None) | (None, Some(date)) => Some(date),
        (Some(one), Some(other)) if one == other => Some(one),
        _ => None,
    }
}

/// The date of `year` (four digits), `month` and `day` (one or two digits), if it exists.
fn calendar_date(year: &str, month: u32, day: &str) -> Option<NaiveDate> {
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if year.len() != 4 || !(1..=2).contains(&day.len()) || !digits(year) || !digits(day) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?)
}

/// The number of a month named in full or by its usual abbreviation, any case: the
/// abbreviations the lexicon folds ("Sept"), then chrono's names.
fn month_number(word: &str) -> Option<u32> {
    let word = word.to_ascii_lowercase();
    let name = lexicon::canonical_word(&word).unwrap_or(&word);
    name.parse::<Month>().ok().map(|month| month.number_from_month())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn reads_the_day_an_address_files_a_story_under() {
        let cases = [
            ("https://www.example.com/2019/11/18/health/story/index.html", day(2019, 11, 18)),
            ("https://www.example.co.uk/world/2019/nov/18/story", day(2019, 11, 18)),
            ("https://example.com/science/2019/11/8/20948348/story", day(2019, 11, 8)),
            ("https://example.com/business/story/2019-11-19/story-slug", day(2019, 11, 19)),
            ("https://example.com/2019/11/", None),
            ("https://example.com/2019/02/30/story", None),
            ("https://example.com/story/20191118/2019-1-18", None),
            ("https://example.com/news/12345?d=2019/11/18", None),
            ("not an address", None),
        ];
        for (address, want) in cases {
            assert_eq!(address_date(address), want, "{address}");
        }
    }

    #[test]
    fn reads_the_date_a_byline_prints() {
        let page = "THE COURIER\nNews | Politics\n\
                    By Ana Ruiz, Staff Writer | Published August 6, 2025\n\nThe council met.";
        assert_eq!(printed_date(page), day(2025, 8, 6));
        assert_eq!(printed_date("Posted on 6 Aug 2025 by admin\n\nText."), day(2025, 8, 6));
        assert_eq!(printed_date("By Li Wen • published: Sept. 30, 2024"), day(2024, 9, 30));
        assert_eq!(printed_date("Story.\n\nPublished 2026-01-31 09:12 GMT"), day(2026, 1, 31));
        assert_eq!(printed_date("Published Wednesday, August 6, 2025"), day(2025, 8, 6));
        let stamped = "Published: 10:32 BST, 6 August 2025 | Updated: 11:05 BST, 7 August 2025";
        assert_eq!(printed_date(stamped), day(2025, 8, 6));
        let first = "Ana Ruiz in Lima\nFirst published on Thu 6 Aug 2025 10.32 BST";
        assert_eq!(printed_date(first), day(2025, 8, 6));
        assert_eq!(printed_date("Home | first published 6 Aug 2025"), day(2025, 8, 6));
    }

    #[test]
    fn reads_a_date_written_in_digits_when_it_names_one_day() {
        assert_eq!(printed_date("By Li Wen | Published 2025/08/06"), day(2025, 8, 6));
        assert_eq!(printed_date("Published: 16/08/2025 10:32"), day(2025, 8, 16));
        assert_eq!(printed_date("Posted on 08/16/2025 by admin"), day(2025, 8, 16));
        assert_eq!(printed_date("Published 6.8.2025, 10.32 Uhr"), day(2025, 8, 6));
        assert_eq!(printed_date("Published 07/07/2025"), day(2025, 7, 7));
        assert_eq!(printed_date("Published 2026-01-31T09:12Z"), day(2026, 1, 31));
        let stamp = "By Li Wen | Published: 2026-01-31T09:12:00+00:00";
        assert_eq!(printed_date(stamp), day(2026, 1, 31));
        assert_eq!(printed_date("Published 2026-01-31Tuesday"), None, "not a time");
        assert_eq!(printed_date("Published 06/08/2025"), None, "June or August");
        assert_eq!(printed_date("Published 31.02.2025"), None, "no such day");
        assert_eq!(printed_date("Published 16/08/25"), None, "a two-digit year");
        assert_eq!(printed_date("Published 10.32 BST"), None, "a time");
    }

    #[test]
    fn a_date_the_story_cites_is_not_the_pages() {
        assert_eq!(printed_date("The study, published March 3, 2024, found little."), None);
        assert_eq!(printed_date("It was published on March 3, 2024."), None);
        assert_eq!(printed_date("The report was first published 6 Aug 2025."), None);
        assert_eq!(printed_date("Worst published 6 Aug 2025"), None);
        assert_eq!(printed_date("By Ana Ruiz | Updated August 6, 2025"), None);
        assert_eq!(printed_date("Publisher: Jane | Postedit 6 Aug 2025"), None);
        assert_eq!(printed_date("Published in Politics"), None);
        assert_eq!(printed_date("Published February 30, 2025"), None, "no such day");
    }

    #[test]
    fn a_date_heading_the_story_on_its_own_needs_no_cue() {
        let byline = "Tech\nChipmakers race to the edge\n\
                      By Joseph Tsidulko | November 19, 2019, 07:47 PM EST\n\nThe race is on.";
        assert_eq!(printed_date(byline), day(2019, 11, 19));
        let line = "World\nHeadline\nTuesday 19 November 2019 07.47 GMT\n\nStory.";
        assert_eq!(printed_date(line), day(2019, 11, 19));
        assert_eq!(printed_date("Headline\nNov 18, 2019 @17:19 PM\nStory."), day(2019, 11, 18));
        assert_eq!(printed_date("By Li Wen\n2019-11-18\n\nStory."), day(2019, 11, 18));
        assert_eq!(printed_date("November 19, 2019 was the day the council voted."), None);
        assert_eq!(printed_date("By Ana Ruiz | Updated August 6, 2025"), None);
        let prose = "The council met on Tuesday and voted to raise the fares on every ferry \
                     across the bay from the first of May, after a long debate that ran well \
                     into the night and left many unhappy.\nNovember 19, 2019\n";
        assert_eq!(printed_date(prose), None, "below the story's first line of prose");
    }

    #[test]
    fn the_first_note_counts() {
        let page = "Posted 2 May 2025\n\nStory text.\n\nPublished May 9, 2025 | Archive";
        assert_eq!(printed_date(page), day(2025, 5, 2));
    }
}
