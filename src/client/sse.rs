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

/// What one complete block of the stream amounts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Event(SseEvent),
    /// A block with an `id:` and no `data:`: it sets the last event id and
    /// dispatches no event (the server's opening message says so where the
    /// stream starts).
    Id(String),
    /// A comment line (a keep-alive).
    Comment,
}

#[derive(Debug, Default)]
pub struct SseParser {
    pending: Vec<u8>,
    last_id: Option<String>,
    event: Option<String>,
    data: String,
    has_data: bool,
    /// The block being read had an `id:` line.
    id_in_block: bool,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds a chunk; returns the blocks it completed, in order.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<Message> {
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

    fn line(&mut self, line: &str) -> Option<Message> {
        if line.is_empty() {
            return self.dispatch();
        }
        if line.starts_with(':') {
            return Some(Message::Comment); // keep-alive
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
            "id" if !value.contains('\0') => {
                self.last_id = Some(value.to_string());
                self.id_in_block = true;
            }
            _ => {} // `retry:` and unknown fields are ignored, as the rules say
        }
        None
    }

    fn dispatch(&mut self) -> Option<Message> {
        let event = self.event.take();
        let id_in_block = std::mem::take(&mut self.id_in_block);
        if !self.has_data {
            return if id_in_block { self.last_id.clone().map(Message::Id) } else { None };
        }
        self.has_data = false;
        Some(Message::Event(SseEvent {
            id: self.last_id.clone(),
            event: event.unwrap_or_else(|| "message".to_string()),
            data: std::mem::take(&mut self.data),
        }))
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
        let events = events(parser.push(b":1}\n\n: keep-alive\n\n"));
        assert_eq!(events, vec![SseEvent { id: Some("7".into()), event: "custody".into(), data: "{\"a\":1}".into() }]);
    }

    fn events(messages: Vec<Message>) -> Vec<SseEvent> {
        messages
            .into_iter()
            .filter_map(|m| match m {
                Message::Event(event) => Some(event),
                Message::Id(_) | Message::Comment => None,
            })
            .collect()
    }

    #[test]
    fn multi_line_data_and_carried_ids() {
        let mut parser = SseParser::new();
        let events = events(parser.push(b"id: 1\ndata: a\ndata: b\n\ndata:c\n\n"));
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
        assert_eq!(events(parser.push(&text[split..]))[0].data, "Zoë");
    }

    #[test]
    fn comments_and_empty_events_dispatch_nothing() {
        let mut parser = SseParser::new();
        assert_eq!(parser.push(b": ping\n\nevent: x\n\n\n"), vec![Message::Comment]);
    }

    #[test]
    fn an_id_alone_is_told_apart_and_carried_to_the_next_event() {
        let mut parser = SseParser::new();
        assert_eq!(parser.push(b"id: 41\n"), vec![]);
        assert_eq!(parser.push(b"\n: keep-alive\n\n"), vec![Message::Id("41".into()), Message::Comment]);
        let next = parser.push(b"data: x\n\n");
        assert_eq!(
            next,
            vec![Message::Event(SseEvent { id: Some("41".into()), event: "message".into(), data: "x".into() })]
        );
    }
}
