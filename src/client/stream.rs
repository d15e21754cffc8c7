//! The live change stream: one SSE connection that reconnects with capped
//! exponential backoff and resumes from the last event id, so a consumer
//! sees every change once, in order, across drops. A stream started
//! without an id learns one from the server's opening message (the
//! sequence it starts after), so even a drop before any change resumes
//! where it began; [`EventStream::origin`] tells the consumer that point,
//! after which a list it reads misses nothing the stream will not bring.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::{Stream, StreamExt};
use reqwest::Url;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::error::ClientError;
use super::sse::{Message, SseParser};
use crate::api::{Change, Health, StreamQuery};

/// The longest wait between reconnection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(5);
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// Silence longer than this means a dead connection (the server sends
/// keep-alive comments every few seconds): the console says LIVE only
/// while it has heard from the server within this.
pub const LIVE_WITHIN: Duration = Duration::from_secs(10);

/// Where the connection stands, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionState {
    Connecting,
    Connected,
    /// Lost; the next attempt comes after `retry_in`.
    Reconnecting {
        attempt: u32,
        retry_in: Duration,
        error: String,
    },
    /// Given up for good (the token was refused): log in again.
    Closed {
        error: String,
    },
}

/// A stream of `Result<Change, ClientError>`. Transient failures do not
/// appear as items (they show in [`EventStream::state`]); an item error is
/// either a change that could not be decoded or the final refusal.
pub struct EventStream {
    changes: mpsc::Receiver<Result<Change, ClientError>>,
    state: watch::Receiver<ConnectionState>,
    origin: watch::Receiver<Option<i64>>,
    task: JoinHandle<()>,
}

impl EventStream {
    pub(super) fn start(
        http: reqwest::Client,
        url: Url,
        token: Option<String>,
        topics: &[&str],
        last_event_id: Option<i64>,
    ) -> EventStream {
        let (tx, changes) = mpsc::channel(1024);
        let (state_tx, state) = watch::channel(ConnectionState::Connecting);
        let (origin_tx, origin) = watch::channel(last_event_id);
        let connection = Connection {
            http,
            url,
            token,
            topics: topics.join(","),
            last_id: last_event_id,
            tx,
            state: state_tx,
            origin: origin_tx,
        };
        let task = tokio::spawn(connection.run());
        EventStream { changes, state, origin, task }
    }

    /// Watches the connection state; the current value is there at once.
    pub fn state(&self) -> watch::Receiver<ConnectionState> {
        self.state.clone()
    }

    /// The change sequence the stream delivers every change after: the id
    /// it was started from, or, started without one, the one the server
    /// opened its first connection with (None until then). It is set
    /// before any change is delivered and never moves. A list read once
    /// it is known, followed by this stream, misses no change.
    pub fn origin(&self) -> watch::Receiver<Option<i64>> {
        self.origin.clone()
    }
}

impl Stream for EventStream {
    type Item = Result<Change, ClientError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.changes.poll_recv(cx)
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The delay before reconnection attempt `attempt` (1-based).
pub fn backoff(attempt: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(16));
    FIRST_BACKOFF.saturating_mul(factor).min(MAX_BACKOFF)
}

struct Connection {
    http: reqwest::Client,
    url: Url,
    token: Option<String>,
    topics: String,
    last_id: Option<i64>,
    tx: mpsc::Sender<Result<Change, ClientError>>,
    state: watch::Sender<ConnectionState>,
    origin: watch::Sender<Option<i64>>,
}

/// Why one connection ended.
enum Ended {
    /// Worth another attempt.
    Dropped(String),
    /// The server refused us, or nobody is listening any more.
    Stop,
}

impl Connection {
    async fn run(mut self) {
        let mut attempt = 0u32;
        loop {
            match self.once(&mut attempt).await {
                Ended::Stop => return,
                Ended::Dropped(error) => {
                    attempt = attempt.saturating_add(1);
                    let retry_in = backoff(attempt);
                    self.state.send_replace(ConnectionState::Reconnecting { attempt, retry_in, error });
                    tokio::time::sleep(retry_in).await;
                    self.state.send_replace(ConnectionState::Connecting);
                }
            }
        }
    }

    /// One connection, from request to drop. Resets `attempt` once connected.
    async fn once(&mut self, attempt: &mut u32) -> Ended {
        let mut request = self.http.get(self.url.clone()).header("Accept", "text/event-stream");
        if !self.topics.is_empty() {
            request = request.query(&StreamQuery { topics: Some(self.topics.clone()), after: None });
        }
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(id) = self.last_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let reply = match request.send().await {
            Ok(reply) => reply,
            Err(e) => return Ended::Dropped(ClientError::from(e).to_string()),
        };
        let status = reply.status();
        if !status.is_success() {
            let body = reply.bytes().await.unwrap_or_default();
            let error = ClientError::from_reply(status, &body);
            if error.is_transient() || status.is_server_error() || status.as_u16() == 429 {
                return Ended::Dropped(error.to_string());
            }
            self.state.send_replace(ConnectionState::Closed { error: error.to_string() });
            let _ = self.tx.send(Err(error)).await;
            return Ended::Stop;
        }
        self.state.send_replace(ConnectionState::Connected);
        *attempt = 0;

        let mut body = reply.bytes_stream();
        let mut parser = SseParser::new();
        // Nothing heard on this connection yet.
        let mut first = true;
        loop {
            let chunk = match tokio::time::timeout(LIVE_WITHIN, body.next()).await {
                Err(_) => return Ended::Dropped("no word from the server".to_string()),
                Ok(None) => return Ended::Dropped("the server closed the stream".to_string()),
                Ok(Some(Err(e))) => return Ended::Dropped(ClientError::from(e).to_string()),
                Ok(Some(Ok(chunk))) => chunk,
            };
            for message in parser.push(&chunk) {
                let was_first = std::mem::replace(&mut first, false);
                let event = match message {
                    Message::Event(event) => event,
                    Message::Id(id) => {
                        self.opened_at(&id);
                        continue;
                    }
                    Message::Comment => {
                        if was_first && self.origin.borrow().is_none() {
                            self.ask_where_the_server_is().await;
                        }
                        continue;
                    }
                };
                let id = event.id.as_deref().and_then(|id| id.trim().parse::<i64>().ok());
                // A resumed stream may replay the edge; never deliver twice.
                if let (Some(id), Some(last)) = (id, self.last_id) {
                    if id <= last {
                        continue;
                    }
                }
                let item = serde_json::from_str::<Change>(&event.data)
                    .map_err(|e| ClientError::Decode(format!("change {}: {e}", event.id.unwrap_or_default())));
                if let Some(id) = id.or_else(|| item.as_ref().ok().map(|c| c.seq)) {
                    self.last_id = Some(id);
                    // A server that says nothing first: the stream is
                    // complete from its first change on.
                    self.origin.send_if_modified(|origin| origin.is_none() && origin.replace(id - 1).is_none());
                }
                if self.tx.send(item).await.is_err() {
                    return Ended::Stop;
                }
            }
        }
    }

    /// The server said where this connection starts (a message with only
    /// an `id`). Without an id of our own we take it, so a drop resumes
    /// from there; with one, the server started where we asked.
    fn opened_at(&mut self, id: &str) {
        if let Ok(id) = id.trim().parse::<i64>() {
            self.started_after(id);
        }
    }

    fn started_after(&mut self, id: i64) {
        if self.last_id.is_none() {
            self.last_id = Some(id);
        }
        self.origin.send_if_modified(|origin| origin.is_none() && origin.replace(id).is_none());
    }

    /// A server older than the opening message says nothing until its first
    /// keep-alive: its last change, asked now, serves as the origin. Every
    /// change up to it was committed before the answer (so a list read
    /// after it holds them), and every later one comes on this stream.
    async fn ask_where_the_server_is(&mut self) {
        let Ok(url) = self.url.join("health") else { return };
        // Within the time the stream allows for silence: it waits meanwhile.
        let reply = self.http.get(url).timeout(LIVE_WITHIN).send().await.and_then(reqwest::Response::error_for_status);
        let health = match reply {
            Ok(reply) => reply.json::<Health>().await,
            Err(e) => Err(e),
        };
        match health {
            Ok(health) => self.started_after(health.last_change),
            Err(e) => tracing::info!("the server did not say where its change stream starts: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::from_millis(250));
        assert_eq!(backoff(2), Duration::from_millis(500));
        assert_eq!(backoff(4), Duration::from_secs(2));
        assert_eq!(backoff(6), MAX_BACKOFF);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// Reads one request's head and returns it.
    async fn read_head(socket: &mut tokio::net::TcpStream) -> String {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            if socket.read(&mut byte).await.unwrap() == 0 {
                break;
            }
            head.push(byte[0]);
        }
        String::from_utf8(head).unwrap().to_ascii_lowercase()
    }

    fn change(seq: i64) -> String {
        let json = serde_json::json!({
            "seq": seq, "at": "2026-11-25T12:00:00Z", "topic": "custody", "op": "updated",
            "record_id": format!("c{seq}"), "version": 1, "person_ids": []
        });
        format!("id: {seq}\nevent: custody\ndata: {json}\n\n")
    }

    #[tokio::test]
    async fn a_dropped_stream_resumes_from_the_last_id_without_duplicates() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let mut heads = Vec::new();
            for body in
                [format!("id: 0\n\n: hello\n\n{}{}", change(1), change(2)), format!("{}{}", change(2), change(3))]
            {
                let (mut socket, _) = listener.accept().await.unwrap();
                heads.push(read_head(&mut socket).await);
                let reply =
                    format!("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n{body}");
                socket.write_all(reply.as_bytes()).await.unwrap();
                socket.shutdown().await.unwrap();
            }
            // Third connection: hold it open so the stream stays connected.
            let (mut socket, _) = listener.accept().await.unwrap();
            heads.push(read_head(&mut socket).await);
            socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n").await.unwrap();
            (heads, socket)
        });
        let client = crate::client::Client::new(&format!("http://{address}")).unwrap().with_token("T".into());
        let mut stream = client.events(&["custody", "warrants"], None);
        let mut seen = Vec::new();
        while seen.len() < 3 {
            let next = tokio::time::timeout(Duration::from_secs(10), stream.next()).await.unwrap();
            seen.push(next.unwrap().unwrap().seq);
        }
        assert_eq!(seen, vec![1, 2, 3]);
        let (heads, _socket) = server.await.unwrap();
        assert!(heads[0].starts_with("get /api/v1/events?topics=custody%2cwarrants "), "{}", heads[0]);
        assert!(heads[0].contains("authorization: bearer t"));
        assert!(!heads[0].contains("last-event-id"));
        assert!(heads[1].contains("last-event-id: 2\r\n"), "{}", heads[1]);
        assert!(heads[2].contains("last-event-id: 3\r\n"), "{}", heads[2]);
    }

    #[tokio::test]
    async fn a_stream_started_afresh_resumes_from_where_the_server_opened_it() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let mut heads = Vec::new();
            // The first connection says where it starts, then drops before any change.
            let (mut socket, _) = listener.accept().await.unwrap();
            heads.push(read_head(&mut socket).await);
            let reply = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\nid: 5\n\n";
            socket.write_all(reply.as_bytes()).await.unwrap();
            socket.shutdown().await.unwrap();
            let (mut socket, _) = listener.accept().await.unwrap();
            heads.push(read_head(&mut socket).await);
            let reply = format!("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\nid: 5\n\n{}", change(6));
            socket.write_all(reply.as_bytes()).await.unwrap();
            (heads, socket)
        });
        let client = crate::client::Client::new(&format!("http://{address}")).unwrap();
        let mut stream = client.events(&[], None);
        let mut origin = stream.origin();
        assert_eq!(*origin.borrow(), None);
        let next = tokio::time::timeout(Duration::from_secs(10), stream.next()).await.unwrap();
        assert_eq!(next.unwrap().unwrap().seq, 6);
        assert_eq!(*origin.borrow_and_update(), Some(5));
        let (heads, _socket) = server.await.unwrap();
        assert!(!heads[0].contains("last-event-id"), "{}", heads[0]);
        assert!(heads[1].contains("last-event-id: 5\r\n"), "{}", heads[1]);
    }

    #[tokio::test]
    async fn a_server_that_does_not_say_where_its_stream_starts_is_asked() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let mut streams = Vec::new();
            loop {
                let (mut socket, _) = listener.accept().await.unwrap();
                let head = read_head(&mut socket).await;
                if head.starts_with("get /api/v1/health ") {
                    let body =
                        r#"{"status":"ok","backend":"sqlite","version":"0","persons_indexed":0,"last_change":9}"#;
                    let reply = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    socket.write_all(reply.as_bytes()).await.unwrap();
                } else {
                    // An older server: a keep-alive first, no opening id.
                    socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n:\n\n").await.unwrap();
                    streams.push(socket);
                }
            }
        });
        let client = crate::client::Client::new(&format!("http://{address}")).unwrap();
        let stream = client.events(&[], None);
        let mut origin = stream.origin();
        let from = tokio::time::timeout(Duration::from_secs(10), origin.wait_for(Option::is_some)).await.unwrap();
        assert_eq!(*from.unwrap(), Some(9));
    }

    #[tokio::test]
    async fn a_refused_token_closes_the_stream_with_the_error() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            read_head(&mut socket).await;
            let body = r#"{"error":{"code":"unauthenticated","message":"token expired"}}"#;
            let reply = format!(
                "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            socket.write_all(reply.as_bytes()).await.unwrap();
        });
        let client = crate::client::Client::new(&format!("http://{address}")).unwrap();
        let mut stream = client.events(&[], Some(10));
        let state = stream.state();
        let item = tokio::time::timeout(Duration::from_secs(10), stream.next()).await.unwrap();
        assert!(item.unwrap().unwrap_err().is_unauthenticated());
        assert!(matches!(&*state.borrow(), ConnectionState::Closed { .. }));
        assert!(stream.next().await.is_none());
    }
}
