//! `--data` found by a fuzzer run (issue 22): everything the API accepts is read back after a
//! restart; a file that is refused is left byte for byte as it was, and no refused path leaves
//! a file behind.

mod common;

use std::path::{Path, PathBuf};

use coherent_sandbox::{Sandbox, SandboxError, SandboxOptions};
use common::*;
use serde_json::json;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("coherent-sandbox-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn on(path: &Path) -> SandboxOptions {
    SandboxOptions {
        port: 0,
        data: Some(path.to_path_buf()),
        ..Default::default()
    }
}

fn refused(result: Result<Sandbox, SandboxError>) -> String {
    match result {
        Ok(_) => panic!("the sandbox started"),
        Err(e @ SandboxError::Data { .. }) => e.to_string(),
        Err(other) => panic!("another error: {other}"),
    }
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn what_the_api_accepts_at_its_limits_is_read_back_after_a_restart() {
    let dir = TempDir::new("limits");
    let file = dir.0.join("sandbox.db");
    let k = key(1);
    let mut api = start_with(on(&file)).await;
    // 31 arrays inside the body: 32 levels, the deepest accepted.
    let deep = format!("{}{}", "[".repeat(31), "]".repeat(31));
    let body = format!(r#"{{"name":"Deep","amount":100,"type":"on_demand","meta":{deep}}}"#);
    let (status, plan) = api
        .raw("POST", "/api/v1/payment/plan", Some(&k), Some(body))
        .await;
    assert_eq!(status, 200, "{plan}");
    let plan = plan["uuid"].as_str().unwrap().to_string();
    // Close to the 1 MB body limit: 100 notes' worth of the longest string.
    let note = "n".repeat(10_000);
    let mut fields = serde_json::Map::new();
    for i in 0..99 {
        fields.insert(format!("x{i}"), json!(note));
    }
    fields.insert("name".into(), json!("Long"));
    fields.insert("amount".into(), json!(100));
    fields.insert("type".into(), json!("on_demand"));
    let big = serde_json::Value::Object(fields);
    assert!(big.to_string().len() > 990_000);
    let long = api.post("/api/v1/payment/plan", &k, big).await["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    // The fuzzer's case is refused at the door instead of poisoning the file.
    let too_deep = format!(
        r#"{{"name":"Deep","amount":100,"type":"on_demand","meta":{}{}}}"#,
        "[".repeat(125),
        "]".repeat(125)
    );
    let (status, _) = api
        .raw("POST", "/api/v1/payment/plan", Some(&k), Some(too_deep))
        .await;
    assert_eq!(status, 400);
    api.sandbox.close().await;

    let mut again = start_with(on(&file)).await;
    assert_eq!(
        again.get(&format!("/api/v1/payment/plan/{plan}"), &k).await["name"],
        "Deep"
    );
    assert_eq!(
        again.get(&format!("/api/v1/payment/plan/{long}"), &k).await["name"],
        "Long"
    );
    again.sandbox.close().await;
}

#[tokio::test]
async fn another_programs_database_is_refused_without_a_byte_changed() {
    let dir = TempDir::new("foreign");
    for wal in [false, true] {
        let file = dir.0.join(format!("other-app-{wal}.db"));
        {
            let db = rusqlite::Connection::open(&file).unwrap();
            if wal {
                let _: String = db
                    .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                    .unwrap();
            }
            db.execute_batch(
                "CREATE TABLE patients (name TEXT); INSERT INTO patients VALUES ('Jo');",
            )
            .unwrap();
        }
        let before = std::fs::read(&file).unwrap();
        let files_before = listing(&dir.0);
        let message = refused(Sandbox::start(on(&file)).await);
        assert!(message.contains("not a sandbox data file"), "{message}");
        assert_eq!(std::fs::read(&file).unwrap(), before, "wal: {wal}");
        assert_eq!(listing(&dir.0), files_before);
    }
    // A file that is not SQLite: refused, untouched.
    let text = dir.0.join("notes.db");
    std::fs::write(&text, "SQLite? no: notes\n".repeat(50)).unwrap();
    let before = std::fs::read(&text).unwrap();
    let files_before = listing(&dir.0);
    let message = refused(Sandbox::start(on(&text)).await);
    assert!(message.contains("not an SQLite database"), "{message}");
    assert_eq!(std::fs::read(&text).unwrap(), before);
    assert_eq!(listing(&dir.0), files_before);
}

#[tokio::test]
async fn a_device_or_a_pipe_is_refused_and_nothing_is_left_beside_it() {
    let journal = Path::new("/dev/null-journal");
    let had_journal = journal.exists();
    let message = refused(Sandbox::start(on(Path::new("/dev/null"))).await);
    assert!(message.contains("not a regular file"), "{message}");
    assert_eq!(journal.exists(), had_journal, "/dev/null-journal");

    let dir = TempDir::new("fifo");
    let fifo = dir.0.join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let message = refused(Sandbox::start(on(&fifo)).await);
    assert!(message.contains("not a regular file"), "{message}");
    assert_eq!(listing(&dir.0), ["pipe"]);
}

#[tokio::test]
async fn a_stored_url_that_cannot_be_a_location_sends_the_checkout_to_its_result_page() {
    let dir = TempDir::new("location");
    let file = dir.0.join("sandbox.db");
    let k = key(2);
    let mut api = start_with(on(&file)).await;
    let tx = api
        .post(
            "/api/v1/transaction",
            &k,
            json!({ "amount": 100, "name": "A", "successUrl": "http://127.0.0.1:4000/back" }),
        )
        .await;
    let uuid = tx["uuid"].as_str().unwrap().to_string();
    api.sandbox.close().await;
    // As a sandbox from before URLs were checked could have kept it.
    let db = rusqlite::Connection::open(&file).unwrap();
    let changed = db
        .execute(
            "UPDATE records SET value = replace(value, '/back', '/ba\\nck') WHERE collection = 'transactions'",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(db);
    let mut again = start_with(on(&file)).await;
    assert_eq!(
        again.transaction(&k, &uuid).await["successUrl"],
        "http://127.0.0.1:4000/ba\nck"
    );
    let (status, location, _) = again
        .form(
            &format!("/checkout/transaction/{uuid}"),
            "card_number=4242424242424242&expiry=12/40&cvc=123".into(),
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(
        location.as_deref(),
        Some(format!("/checkout/transaction/{uuid}/result?outcome=success").as_str())
    );
    assert_eq!(again.transaction(&k, &uuid).await["status"], "paid");
    again.sandbox.close().await;
}
