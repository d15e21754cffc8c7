//! A server-sent events parser: bytes in, complete events out. Chunks may
//! split lines (and UTF-8 characters) anywhere.

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The last `id:` seen on the stream, as the SSE rules carry it forward.
    pub id: Option<String>,
    /// The `event:` name, `message` when none was given.
    pub event: String,
    pub data: String,
}

#[derive(Debug, Default)]
pub struct SseParser {
    pending: Vec<u8>,
    last_id: Option<String>,
    event: Option<String>,
    data: String,
    has_data: bool,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds a chunk; returns the events it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        self.pending.extend_from_slice(chunk);
        let mut out = Vec::new();
        let mut start = 0;
        while let Some(offset) = self.pending[start..].iter().position(|b| *b == b'\n') {
            let end = start + offset;
            let mut line = &self.pending[start..end];
            if line.last() == Some(&b'\r') {
                line = &line[..line.len() - 1];
            }
            let line = String::from_utf8_lossy(line).into_owned();
            if let Some(event) = self.line(&line) {
                out.push(event);
            }
            start = end + 1;
        }
        self.pending.drain(..start);
        out
    }

    fn line(&mut self, line: &str) -> Option<SseEvent> {
        if line.is_empty() {
            return self.dispatch();
        }
        if line.starts_with(':') {
            return None; // keep-alive comment
        }
        let (name, value) = match line.split_once(':') {
            Some((name, value)) => (name, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match name {
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.event = Some(value.to_string()),
            "id" if !value.contains('\0') => self.last_id = Some(value.to_string()),
            _ => {} // `retry:` and unknown fields are ignored, as the rules say
        }
        None
    }

    fn dispatch(&mut self) -> Option<SseEvent> {
        let event = self.event.take();
        if !self.has_data {
            return None;
        }
        self.has_data = false;
        Some(SseEvent {
            id: self.last_id.clone(),
            event: event.unwrap_or_else(|| "message".to_string()),
            data: std::mem::take(&mut self.data),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_across_chunks_are_joined() {
        let mut parser = SseParser::new();
        assert!(parser.push(b"id: 7\nevent: cus").is_empty());
        assert!(parser.push(b"tody\r\ndata: {\"a\"").is_empty());
        let events = parser.push(b":1}\n\n: keep-alive\n\n");
        assert_eq!(events, vec![SseEvent { id: Some("7".into()), event: "custody".into(), data: "{\"a\":1}".into() }]);
    }

    #[test]
    fn multi_line_data_and_carried_ids() {
        let mut parser = SseParser::new();
        let events = parser.push(b"id: 1\ndata: a\ndata: b\n\ndata:c\n\n");
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].data, "a\nb");
        assert_eq!(events[0].event, "message");
        assert_eq!(events[1].data, "c");
        assert_eq!(events[1].id.as_deref(), Some("1"));
    }

    #[test]
    fn a_character_split_between_chunks_survives() {
        let mut parser = SseParser::new();
        let text = "data: Zoë\n\n".as_bytes();
        let split = text.iter().position(|b| *b >= 0x80).unwrap() + 1;
        assert!(parser.push(&text[..split]).is_empty());
        assert_eq!(parser.push(&text[split..])[0].data, "Zoë");
    }

    #[test]
    fn comments_and_empty_events_dispatch_nothing() {
        let mut parser = SseParser::new();
        assert!(parser.push(b": ping\n\nevent: x\n\n\n").is_empty());
    }
}
